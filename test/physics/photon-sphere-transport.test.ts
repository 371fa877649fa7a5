import { describe, expect, it } from 'vitest';
import { tissuePhotonCoefficients } from '../../src/physics/transport/photon-attenuation.ts';
import {
  photonSphereAbsorbedFraction,
  sphereUncollidedEscapeProbability,
} from '../../src/physics/transport/photon-sphere-transport.ts';
import { mulberry32 } from '../../src/numerics/random.ts';

const line364 = [{ energyMeV: 0.364489, yieldPerDecay: 1 }];

describe('photon absorbed fractions of uniform soft-tissue spheres (Monte Carlo)', () => {
  it('has the analytic uncollided escape probability limits 1 - 3x/4 (small) and 3/(4x) (large)', () => {
    expect(sphereUncollidedEscapeProbability(1e-4)).toBeCloseTo(1 - 0.75e-4, 8);
    expect(sphereUncollidedEscapeProbability(1e-2)).toBeCloseTo(
      (3 / 8e-6) * (2e-4 - 1 + 1.02 * Math.exp(-0.02)),
      6,
    );
    expect((sphereUncollidedEscapeProbability(100) * (4 * 100)) / 3).toBeCloseTo(1, 3);
  });

  it('scores first collisions of 364 keV photons within 3 standard errors of the analytic (1 - P_esc) mu_en/mu', () => {
    const c = tissuePhotonCoefficients(0.364489);
    for (const radius of [0.5, 3, 15]) {
      const expected =
        (1 - sphereUncollidedEscapeProbability(c.total * radius)) * (c.energyAbsorption / c.total);
      const mc = photonSphereAbsorbedFraction(line364, {
        radiusGPerCm2: radius,
        histories: 40_000,
        random: mulberry32(7),
        firstCollisionOnly: true,
      });
      expect(Math.abs(mc.absorbedFraction - expected)).toBeLessThan(
        3 * mc.standardError + 1e-4 * expected,
      );
    }
  });

  it('tends to the small-sphere limit mu_en x 3R/4 (mean source-to-surface distance 3R/4) within 1% for rho R = 0.02 g/cm^2', () => {
    // Note: 3R/4, not the mean chord 4R/3: for a uniform source the mean distance to the surface
    // along a random direction is <L^2>/(2<L>) = 2R^2 / (8R/3) = 3R/4.
    const radius = 0.02;
    const mc = photonSphereAbsorbedFraction(line364, {
      radiusGPerCm2: radius,
      histories: 20_000,
      random: mulberry32(3),
    });
    const limit = tissuePhotonCoefficients(0.364489).energyAbsorption * 0.75 * radius;
    expect(Math.abs(mc.absorbedFraction / limit - 1)).toBeLessThan(0.01);
  });

  it('grows with sphere size and exceeds 0.8 for a 1 m soft-tissue sphere', () => {
    let previous = 0;
    for (const radius of [0.1, 1, 5, 20, 100]) {
      const mc = photonSphereAbsorbedFraction(line364, {
        radiusGPerCm2: radius,
        histories: 5_000,
        random: mulberry32(11),
      });
      expect(mc.absorbedFraction).toBeGreaterThan(previous);
      previous = mc.absorbedFraction;
    }
    expect(previous).toBeGreaterThan(0.8);
    expect(previous).toBeLessThanOrEqual(1);
  });
});
