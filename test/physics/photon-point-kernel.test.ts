// The 131I photon point kernel in unbounded soft tissue (src/physics/transport/photon-point-kernel.ts,
// data/s-values/I-131-photon-point-kernel-soft.json) and the photon tail of the voxel kernel built
// from it (src/physics/s-values/voxel-photon-tail.ts), each against an independent reference:
// - first collisions: the Monte Carlo against the analytic uncollided kernel (3% per shell);
// - energy: the data file's shells plus its beyond-fraction hold all emitted photon energy (0.5%);
// - geometry: the kernel integrated with the sphere geometric factor (MIRD Pamphlet 7) against a
//   direct Monte Carlo of a uniform sphere embedded in unbounded tissue (2%), and above the
//   sphere-in-vacuum table by the backscatter of the surroundings (0-8%);
// - the tail against Lanconelli et al. 2012's own Monte Carlo: at every offset of the 13 tabulated
//   soft-tissue kernels whose voxels lie more than 4 mm apart along the leading axis (beyond the
//   131I electrons, CSDA range of the 0.807 MeV beta endpoint about 3.5 mm in soft tissue, ICRU 37),
//   the photon-only tail value within 3% of the published value, within 1% on average;
// - the voxel averaging rule against a brute-force average over random point pairs (0.5%).
import { describe, expect, it } from 'vitest';
import pointKernel from '../../data/s-values/I-131-photon-point-kernel-soft.json' with { type: 'json' };
import sphereTable from '../../data/s-values/I-131-spheres-rho1.00.json' with { type: 'json' };
import { mulberry32 } from '../../src/numerics/random.ts';
import {
  I131,
  JOULE_PER_MEV,
  PHOTON_TYPES,
  meanEnergyPerDecayMeV,
} from '../../src/physics/nuclides.ts';
import {
  doseKernelForSpacing,
  photonSpecificAbsorbedFractionPerKg,
  photonTailSValue,
} from '../../src/physics/s-values/voxel-photon-tail.ts';
import {
  kernelForSpacing,
  tabulatedKernel,
  TABULATED_VOXEL_MM,
} from '../../src/physics/s-values/voxel-kernels.ts';
import { sphereAbsorbedFractionFromKernel } from '../../src/physics/transport/electron-point-kernel.ts';
import {
  firstCollisionShellFraction,
  simulatePhotonPointKernel,
} from '../../src/physics/transport/photon-point-kernel.ts';
import {
  energyWeightedCdf,
  modelCoefficients,
  sampleKleinNishina,
} from '../../src/physics/transport/photon-sphere-transport.ts';
import { deflect, isotropicDirection } from '../../src/physics/transport/random-directions.ts';

const LINES = PHOTON_TYPES.flatMap((t) => [...(I131.emissions[t] ?? [])]).filter(
  (l) => l.energyMeV > 0 && l.yieldPerDecay > 0,
);
const KERNEL = {
  binWidthGPerCm2: pointKernel.binWidthGPerCm2,
  fractions: Float64Array.from(pointKernel.fractions),
  histories: pointKernel.provenance.monteCarlo.histories,
};

/**
 * Photon absorbed fraction of a uniform sphere of radius R (g/cm^2) embedded in unbounded tissue:
 * a direct Monte Carlo of its own (source points in the sphere, energy scored inside it), with the
 * same interaction model, to check the point kernel's tally and its geometric integration.
 */
function embeddedSphereAbsorbedFraction(radius: number, histories: number, seed: number): number {
  const random = mulberry32(seed);
  const cdf = energyWeightedCdf(LINES);
  const r2 = radius * radius;
  let sum = 0;
  for (let h = 0; h < histories; h++) {
    const pick = random();
    let index = 0;
    while (index < cdf.length - 1 && cdf[index]! < pick) index++;
    const e0 = LINES[index]!.energyMeV;
    const rr = radius * Math.cbrt(random());
    let [x, y, z] = isotropicDirection(random).map((c) => c * rr) as [number, number, number];
    let [u, v, w] = isotropicDirection(random);
    let energy = e0;
    let weight = 1;
    for (;;) {
      const inside = () => x * x + y * y + z * z < r2;
      if (energy < 1e-3) {
        if (inside()) sum += (weight * energy) / e0;
        break;
      }
      const [mu, pf] = modelCoefficients(energy);
      const s = -Math.log(1 - random()) / mu;
      [x, y, z] = [x + s * u, y + s * v, z + s * w];
      const [eps, cosTheta] = sampleKleinNishina(energy, random);
      if (inside()) sum += (weight * energy * (pf + (1 - pf) * (1 - eps))) / e0;
      weight *= 1 - pf;
      energy *= eps;
      [u, v, w] = deflect(u, v, w, cosTheta, random);
      if (weight < 1e-3) {
        if (random() < 0.1) weight *= 10;
        else break;
      }
    }
  }
  return sum / histories;
}

describe('131I photon point kernel in unbounded soft tissue', () => {
  it('first collisions match the analytic uncollided kernel within 3% per shell', () => {
    const first = simulatePhotonPointKernel(LINES, {
      histories: 200_000,
      random: mulberry32(7),
      maxRadiusGPerCm2: 16,
      bins: 16,
      firstCollisionOnly: true,
    });
    for (let i = 0; i < 16; i++) {
      const want = firstCollisionShellFraction(LINES, i, i + 1);
      expect(Math.abs(first.fractions[i]! / want - 1)).toBeLessThan(0.03);
    }
  });

  it('the data file holds all the emitted photon energy (shells + beyond = 1 within 0.5%)', () => {
    const total = pointKernel.fractions.reduce((s, f) => s + f, 0) + pointKernel.beyondFraction;
    expect(Math.abs(total - 1)).toBeLessThan(0.005);
    expect(pointKernel.provenance.nuclearData.photonEnergyPerDecayMeV).toBeCloseTo(0.38276, 5);
  });

  it('integrated over a sphere it equals a direct Monte Carlo of the sphere embedded in tissue (2%), above the sphere in vacuum by its backscatter', () => {
    const rows: string[] = [];
    for (const radius of [0.5, 2, 5]) {
      const fromKernel = sphereAbsorbedFractionFromKernel(KERNEL, radius);
      const embedded = embeddedSphereAbsorbedFraction(radius, 100_000, 11);
      // the unit-density table: rho R = radius cm
      const row = sphereTable.rows.reduce((best, r) =>
        Math.abs(r.radiusMm / 10 - radius) < Math.abs(best.radiusMm / 10 - radius) ? r : best,
      );
      const kernelAtRow = sphereAbsorbedFractionFromKernel(KERNEL, row.radiusMm / 10);
      rows.push(
        `R ${radius} g/cm^2: kernel ${fromKernel.toFixed(5)}, embedded MC ${embedded.toFixed(5)}; ` +
          `R ${(row.radiusMm / 10).toFixed(2)}: kernel ${kernelAtRow.toFixed(5)} vs sphere table (vacuum) ${row.photonAbsorbedFraction.toFixed(5)}`,
      );
      expect(Math.abs(fromKernel / embedded - 1)).toBeLessThan(0.02);
      const backscatter = kernelAtRow / row.photonAbsorbedFraction - 1;
      expect(backscatter).toBeGreaterThan(-0.01);
      expect(backscatter).toBeLessThan(0.08);
    }
    console.info(`photon absorbed fractions of spheres:\n${rows.join('\n')}`);
  });
});

describe('photon tail of the 131I voxel kernel', () => {
  it('matches Lanconelli 2012 beyond the electron range at all 13 voxel sizes (3% each, 1% mean)', () => {
    const rows: string[] = [];
    for (const mm of TABULATED_VOXEL_MM) {
      const core = tabulatedKernel(mm);
      const ratios: number[] = [];
      for (let i = 0; i <= 5; i++)
        for (let j = 0; j <= i; j++)
          for (let k = 0; k <= j; k++) {
            if ((i - 1) * mm < 4) continue;
            const published = core[i + 5 + 11 * (j + 5 + 11 * (k + 5))]!;
            ratios.push(photonTailSValue([i * mm, j * mm, k * mm], [mm, mm, mm]) / published);
          }
      const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
      rows.push(
        `${mm} mm: ${ratios.length} offsets, tail/Lanconelli ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}, mean ${mean.toFixed(4)}`,
      );
      for (const r of ratios) expect(Math.abs(r - 1)).toBeLessThan(0.03);
      expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    }
    console.info(`photon tail vs Lanconelli 2012:\n${rows.join('\n')}`);
  });

  it('the voxel average (3-point rule) equals a brute-force average over random point pairs (0.5%)', () => {
    const random = mulberry32(5);
    const eJ = meanEnergyPerDecayMeV(I131, PHOTON_TYPES) * JOULE_PER_MEV;
    const spacing: [number, number, number] = [2.21, 3, 5];
    for (const offset of [
      [6 * 2.21, 0, 0],
      [3 * 2.21, 4 * 3, 0],
      [0, 0, 12 * 5],
    ] as [number, number, number][]) {
      let sum = 0;
      const n = 40_000;
      for (let s = 0; s < n; s++) {
        const d = offset.map((o, a) => o + (random() - random()) * spacing[a]!);
        sum += photonSpecificAbsorbedFractionPerKg(Math.hypot(...d));
      }
      expect(Math.abs(photonTailSValue(offset, spacing) / ((eJ * sum) / n) - 1)).toBeLessThan(
        0.005,
      );
    }
  });

  it('the dose kernel keeps the Lanconelli core, adds the tail out to 100 mm, and 0 mm gives the core alone', () => {
    const kernel = doseKernelForSpacing([4, 4, 4]);
    expect(kernel.kernelSize).toEqual([51, 51, 51]);
    const at = (i: number, j: number, k: number) =>
      kernel.kernelGyPerBqS[i + 25 + 51 * (j + 25 + 51 * (k + 25))]!;
    const core = tabulatedKernel(4);
    for (const [i, j, k] of [
      [0, 0, 0],
      [5, 5, 5],
      [-3, 2, -5],
    ])
      expect(at(i!, j!, k!)).toBe(core[i! + 5 + 11 * (j! + 5 + 11 * (k! + 5))]);
    expect(at(6, 0, 0)).toBeCloseTo(photonTailSValue([24, 0, 0], [4, 4, 4]), 20);
    expect(at(-25, 0, 0)).toBeGreaterThan(0); // 100 mm: on the radius
    expect(at(25, 1, 0)).toBe(0); // beyond 100 mm
    expect(at(18, 18, 0)).toBe(0); // 101.8 mm
    const none = doseKernelForSpacing([4, 4, 4], 0);
    expect(none.kernelSize).toEqual([11, 11, 11]);
    expect(Array.from(none.kernelGyPerBqS)).toEqual(Array.from(core));
    expect(() => doseKernelForSpacing([4, 4, 4], 400)).toThrow(/photon tail radius/);
    expect(() => doseKernelForSpacing([4, 4, 4], -1)).toThrow(/photon tail radius/);
  });

  it('an anisotropic grid fills the offsets outside the sampled core with the tail', () => {
    const spacing: [number, number, number] = [4, 4, 6];
    const kernel = doseKernelForSpacing(spacing);
    const core = kernelForSpacing(spacing).kernelGyPerBqS;
    const [nx, ny] = kernel.kernelSize;
    const [hx, hy, hz] = kernel.kernelSize.map((n) => (n - 1) / 2) as [number, number, number];
    expect([hx, hy, hz]).toEqual([25, 25, 16]);
    const at = (i: number, j: number, k: number) =>
      kernel.kernelGyPerBqS[i + hx + nx * (j + hy + ny * (k + hz))]!;
    // (0, 0, 5): 30 mm, beyond the equal-volume core's 5 x 4.58 mm, so the sampled core is 0 there
    expect(core[5 + 11 * (5 + 11 * 10)]).toBe(0);
    expect(at(0, 0, 5)).toBeCloseTo(photonTailSValue([0, 0, 30], spacing), 20);
    expect(at(0, 0, 1)).toBe(core[5 + 11 * (5 + 11 * 6)]);
  });
});
