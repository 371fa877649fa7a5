import { describe, expect, it } from 'vitest';
import {
  electronEmissionSampler,
  kernelFirstMoment,
  sphereAbsorbedFractionFromKernel,
  sphereGeometricFactor,
} from '../../src/physics/transport/electron-point-kernel.ts';
import {
  csdaRange,
  simulateElectronPointKernel,
} from '../../src/physics/transport/electron-transport.ts';
import { ELECTRON_TYPES, I131, meanEnergyPerDecayMeV } from '../../src/physics/nuclides.ts';
import { mulberry32 } from '../../src/numerics/random.ts';
import { isotropicDirection } from '../../src/physics/transport/random-directions.ts';

const electrons = electronEmissionSampler(I131);
const kernel = simulateElectronPointKernel(electrons.sample, {
  histories: 40_000,
  random: mulberry32(2024),
  maxRadiusGPerCm2: 1.1 * csdaRange(0.807),
  bins: 2000,
});

describe('131I electron absorbed fractions of spheres by the point-kernel method', () => {
  it('samples the ICRP-107 electron energy per decay (beta- + IE + Auger = 191.85 keV)', () => {
    expect(electrons.energyPerDecayMeV).toBeCloseTo(meanEnergyPerDecayMeV(I131, ELECTRON_TYPES), 6);
    expect(electrons.energyPerDecayMeV * 1000).toBeCloseTo(191.85, 1);
  });

  it('uses a geometric factor equal to direct Monte Carlo sampling of point pairs in a sphere (within 0.005)', () => {
    const random = mulberry32(1);
    for (const x of [0.3, 1, 1.7]) {
      let inside = 0;
      const n = 100_000;
      for (let i = 0; i < n; i++) {
        const r = Math.cbrt(random());
        const p = isotropicDirection(random).map((c) => c * r);
        const d = isotropicDirection(random);
        const q = p.map((c, k) => c + x * d[k]!);
        if (q[0]! ** 2 + q[1]! ** 2 + q[2]! ** 2 <= 1) inside++;
      }
      expect(Math.abs(inside / n - sphereGeometricFactor(x, 1))).toBeLessThan(0.005);
    }
  });

  it('follows the large-sphere expansion phi = 1 - 3<r>/(4R) + <r^3>/(16R^3) exactly once 2R exceeds the kernel range', () => {
    const radius = 1; // g/cm^2, > half the CSDA range of 0.81 MeV electrons
    let third = 0;
    kernel.fractions.forEach((f, i) => (third += f * ((i + 0.5) * kernel.binWidthGPerCm2) ** 3));
    const expansion =
      1 - (3 * kernelFirstMoment(kernel)) / (4 * radius) + third / (16 * radius ** 3);
    expect(sphereAbsorbedFractionFromKernel(kernel, radius)).toBeCloseTo(expansion, 4);
  });

  it('absorbs > 99% of electron energy in a 1 kg sphere, > 90% in 1 g, and falls monotonically toward 0 for tiny spheres', () => {
    const rOf = (massG: number): number => 1.04 * Math.cbrt((3 * massG) / 1.04 / (4 * Math.PI));
    expect(sphereAbsorbedFractionFromKernel(kernel, rOf(1000))).toBeGreaterThan(0.99);
    expect(sphereAbsorbedFractionFromKernel(kernel, rOf(1))).toBeGreaterThan(0.9);
    let previous = 1;
    for (const m of [100, 1, 0.01, 1e-4, 1e-6]) {
      const phi = sphereAbsorbedFractionFromKernel(kernel, rOf(m));
      expect(phi).toBeLessThan(previous);
      previous = phi;
    }
    expect(previous).toBeLessThan(0.2);
  });
});
