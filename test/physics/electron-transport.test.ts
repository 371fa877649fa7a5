import { describe, expect, it } from 'vitest';
import {
  collisionStoppingPower,
  csdaRange,
  simulateElectronPointKernel,
} from '../../src/physics/transport/electron-transport.ts';
import { mulberry32 } from '../../src/numerics/random.ts';

// ESTAR (Berger, Coursey, Zucker & Chang, NIST Standard Reference Database 124), Water, Liquid:
// [kinetic energy MeV, collision stopping power MeV cm^2/g, CSDA range g/cm^2], as tabulated by
// ESTAR (density-effect delta = 0 up to 0.5 MeV, 0.243 at 1 MeV).
const ESTAR_WATER: [number, number, number][] = [
  [0.01, 22.56, 2.515e-4],
  [0.05, 6.603, 4.32e-3],
  [0.1, 4.115, 1.431e-2],
  [0.3, 2.355, 8.421e-2],
  [0.5, 2.034, 0.1766],
  [1.0, 1.849, 0.4367],
];
/** Z/A of liquid water and of ICRU four-component soft tissue (NIST SRD 126 Table 2). */
const WATER_TO_TISSUE_ZA = 0.55508 / 0.54975;

describe('electron transport in ICRU four-component soft tissue', () => {
  it('has Bethe collision stopping powers within 1% of ESTAR water (scaled by Z/A) from 10 to 500 keV, 2% at 1 MeV (no density effect)', () => {
    for (const [e, sWater] of ESTAR_WATER) {
      const ratio = (collisionStoppingPower(e) * WATER_TO_TISSUE_ZA) / sWater;
      expect(Math.abs(ratio - 1)).toBeLessThan(e >= 1 ? 0.02 : 0.01);
    }
  });

  it('has CSDA ranges within 2% of ESTAR water (scaled by Z/A) from 50 keV to 1 MeV', () => {
    for (const [e, , rWater] of ESTAR_WATER.slice(1)) {
      const ratio = csdaRange(e) / WATER_TO_TISSUE_ZA / rWater;
      expect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    }
  });

  it('deposits all the energy of monoenergetic 300 keV electrons, none beyond the CSDA range', () => {
    const r0 = csdaRange(0.3);
    const kernel = simulateElectronPointKernel(() => 0.3, {
      histories: 5_000,
      random: mulberry32(5),
      maxRadiusGPerCm2: 1.5 * r0,
      bins: 300,
    });
    const total = kernel.fractions.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    const beyond = kernel.fractions.reduce(
      (s, f, i) => s + (i * kernel.binWidthGPerCm2 > r0 ? f : 0),
      0,
    );
    expect(beyond).toBe(0);
  });

  it('shortens penetration by multiple scattering: mean deposition radius 0.4-0.55 r0 and 90% radius 0.7-0.9 r0 at 0.1 and 1 MeV (plausibility band, not a published value)', () => {
    for (const e of [0.1, 1]) {
      const r0 = csdaRange(e);
      const kernel = simulateElectronPointKernel(() => e, {
        histories: 5_000,
        random: mulberry32(9),
        maxRadiusGPerCm2: 1.2 * r0,
        bins: 600,
      });
      let mean = 0;
      let cumulative = 0;
      let r90 = 0;
      kernel.fractions.forEach((f, i) => {
        const r = (i + 0.5) * kernel.binWidthGPerCm2;
        mean += f * r;
        cumulative += f;
        if (r90 === 0 && cumulative >= 0.9) r90 = r;
      });
      expect(mean / r0).toBeGreaterThan(0.4);
      expect(mean / r0).toBeLessThan(0.55);
      expect(r90 / r0).toBeGreaterThan(0.7);
      expect(r90 / r0).toBeLessThan(0.9);
    }
  });
});
