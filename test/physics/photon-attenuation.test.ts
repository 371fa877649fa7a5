import { describe, expect, it } from 'vitest';
import {
  kleinNishinaCrossSectionCm2,
  nistMassAttenuation,
  nistMassEnergyAbsorption,
  tissuePhotonCoefficients,
} from '../../src/physics/transport/photon-attenuation.ts';

describe('photon interaction model of ICRU four-component soft tissue', () => {
  it('tends to the Thomson cross section 6.6524587e-25 cm^2 (CODATA 2018) at low energy', () => {
    expect(kleinNishinaCrossSectionCm2(1e-4) / 6.6524587e-25).toBeCloseTo(1, 3);
  });

  it('reproduces NIST SRD 126 mu_en/rho within 0.5% from 20 keV to 800 keV (the 131I photon range)', () => {
    for (const e of [0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8]) {
      const model = tissuePhotonCoefficients(e).energyAbsorption;
      expect(Math.abs(model / nistMassEnergyAbsorption(e) - 1)).toBeLessThan(0.005);
    }
  });

  it('gives a total attenuation within 1% of NIST mu/rho above 150 keV, where coherent scattering (neglected) is < 2%', () => {
    for (const e of [0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8]) {
      const model = tissuePhotonCoefficients(e).total;
      expect(Math.abs(model / nistMassAttenuation(e) - 1)).toBeLessThan(0.01);
    }
  });

  it('lies below NIST mu/rho at 20-50 keV by no more than the coherent share (< 10%)', () => {
    for (const e of [0.02, 0.03, 0.05]) {
      const ratio = tissuePhotonCoefficients(e).total / nistMassAttenuation(e);
      expect(ratio).toBeLessThan(1);
      expect(ratio).toBeGreaterThan(0.9);
    }
  });
});
