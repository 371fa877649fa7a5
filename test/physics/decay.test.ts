// Decay data and the 124I -> 131I conversion against the values of reference/physics.md
// (ICRP-107: 131I 8.0207 d, 124I 4.1760 d; energy sums over the ICRP-107 131I file).
import { describe, expect, it } from 'vitest';
import { decayCorrectToOrigin, decayFactor, i124To131Equivalent } from '../../src/physics/decay.ts';
import {
  ELECTRON_TYPES,
  I124,
  I131,
  JOULE_PER_MEV,
  PHOTON_TYPES,
  meanEnergyPerDecayMeV,
} from '../../src/physics/nuclides.ts';

describe('ICRP-107 nuclide data', () => {
  it('131I has T1/2 = 8.0207 d = 192.497 h and lambda = 3.60082e-3 per h', () => {
    expect(I131.halfLifeH).toBeCloseTo(8.0207 * 24, 6);
    expect(I131.decayConstantPerH).toBeCloseTo(3.60082e-3, 8);
  });

  it('124I has T1/2 = 4.1760 d = 100.224 h and lambda = 6.91598e-3 per h', () => {
    expect(I124.halfLifeH).toBeCloseTo(100.224, 6);
    expect(I124.decayConstantPerH).toBeCloseTo(6.91598e-3, 8);
  });

  it('131I emits 191.85 keV of electrons and 382.76 keV of photons per decay (sums over ICRP-107)', () => {
    const electronKeV = 1000 * meanEnergyPerDecayMeV(I131, ELECTRON_TYPES);
    const photonKeV = 1000 * meanEnergyPerDecayMeV(I131, PHOTON_TYPES);
    expect(electronKeV).toBeCloseTo(191.85, 1);
    expect(photonKeV).toBeCloseTo(382.76, 1);
    expect(electronKeV * 1e-3 * JOULE_PER_MEV).toBeCloseTo(3.0737e-14, 17);
  });

  it('the main 131I gamma line is 364.49 keV with 81.7% yield', () => {
    const gamma = I131.emissions['gamma'] ?? [];
    const strongest = [...gamma].sort((a, b) => b.yieldPerDecay - a.yieldPerDecay)[0];
    expect(strongest?.energyMeV).toBeCloseTo(0.36449, 5);
    expect(strongest?.yieldPerDecay).toBeCloseTo(0.817, 3);
  });

  it('the 131I beta spectrum is a normalised density (integral 1 within 1%)', () => {
    const spectrum = I131.betaSpectrum;
    let integral = 0;
    for (let i = 1; i < spectrum.length; i++) {
      const a = spectrum[i - 1];
      const b = spectrum[i];
      if (a === undefined || b === undefined) continue;
      integral += ((a.perMeV + b.perMeV) / 2) * (b.energyMeV - a.energyMeV);
    }
    expect(integral).toBeGreaterThan(0.99);
    expect(integral).toBeLessThan(1.01);
  });
});

describe('decay and conversion', () => {
  it('one half-life leaves exactly half', () => {
    expect(decayFactor(I131, I131.halfLifeH)).toBeCloseTo(0.5, 12);
    expect(decayFactor(I124, 2 * I124.halfLifeH)).toBeCloseTo(0.25, 12);
  });

  it('decay correction to the origin undoes decay', () => {
    const measured = 1000 * decayFactor(I124, 36);
    expect(decayCorrectToOrigin(I124, measured, 36)).toBeCloseTo(1000, 9);
  });

  it('a 124I value measured at one 124I half-life becomes the 131I-equivalent 2 x exp(-lambda131 t)', () => {
    const t = I124.halfLifeH;
    const expected = 0.5 * 2 * Math.exp((-Math.LN2 / (8.0207 * 24)) * t);
    expect(i124To131Equivalent(0.5, t)).toBeCloseTo(expected, 12);
  });
});
