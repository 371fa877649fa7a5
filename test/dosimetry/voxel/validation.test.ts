// Validation of the voxel dose path (issue 9 item 7), each with its tolerance:
// - a point source reproduces the kernel (1e-6 relative, float32);
// - a point source reproduces the photon tail beyond the 11^3 core (1e-6);
// - uniform spheres of 4-512 mL in soft tissue (4 mm voxels, FFT convolution): mean voxel dose
//   within 5% of the sphere S-value model (physics/s-values/sphere-s-values.ts, 1.04 g/mL, at the
//   voxelised volume); spheres below 2 mL lie further below it (the staircase surface loses more
//   electrons), asserted as a trend; without the photon tail (the 11^3 kernel alone) the large
//   spheres fall below (photons beyond +-5 voxels), measured and asserted as the old trend;
// - 64 and 512 mL at 2.21 and 9.28 mm voxels within 5% too;
// - the kernel energy sum S m within the 11^3 core and with the tail vs the 131I energy per decay;
// - a heterogeneous lesion (hot core, cold rim): the sphere model underestimates its core;
// - local deposition vs a hand formula.
// Figures are printed (console.info) for the report.
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/volume.ts';
import { directConvolve3d } from '../../../src/dosimetry/voxel/direct-convolve.ts';
import { convolve3dSame } from '../../../src/numerics/convolve-3d.ts';
import { kernelDoseMap, localDepositionDoseMap } from '../../../src/dosimetry/voxel/dose-map.ts';
import { lesionVoxelDose } from '../../../src/dosimetry/voxel/lesion-voxel.ts';
import type { TiaMap } from '../../../src/dosimetry/voxel/tia-map.ts';
import {
  I131,
  JOULE_PER_MEV,
  meanEnergyPerDecayMeV,
  PHOTON_TYPES,
} from '../../../src/physics/nuclides.ts';
import { sphereSValue } from '../../../src/physics/s-values/sphere-s-values.ts';
import { tabulatedKernel } from '../../../src/physics/s-values/voxel-kernels.ts';
import {
  doseKernelForSpacing,
  photonTailSValue,
} from '../../../src/physics/s-values/voxel-photon-tail.ts';

const MM = 4;
const VOXEL_ML = (MM / 10) ** 3;

function tiaMap(size: Vec3, value: (i: number, j: number, k: number) => number, mm = MM): TiaMap {
  const data = new Float32Array(size[0] * size[1] * size[2]);
  for (let k = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++) data[i + size[0] * (j + size[1] * k)] = value(i, j, k);
  const rules = { monoFitTail: 0, monoPhysicalTail: 0, monoRising: 0, trapezoid: 0, zero: 0 };
  return { size, spacingMm: [mm, mm, mm], tiaBqSPerMBq: data, rules, method: 'voxel' };
}

/** A voxelised sphere of `volumeMl` centred in a grid with a 6-voxel margin: map and mask. */
function sphere(volumeMl: number, core?: { radiusMm: number; ratio: number }, mm = MM) {
  const radius = Math.cbrt((3 * volumeMl * 1000) / (4 * Math.PI)) / mm; // voxels
  const n = 2 * Math.ceil(radius) + 13;
  const c = (n - 1) / 2;
  const size: Vec3 = [n, n, n];
  const r2 = (i: number, j: number, k: number) => (i - c) ** 2 + (j - c) ** 2 + (k - c) ** 2;
  const map = tiaMap(
    size,
    (i, j, k) => {
      const d2 = r2(i, j, k);
      if (d2 > radius * radius) return 0;
      return core !== undefined && d2 <= (core.radiusMm / mm) ** 2 ? core.ratio : 1;
    },
    mm,
  );
  const mask = Uint8Array.from(map.tiaBqSPerMBq, (v, idx) => {
    const i = idx % n;
    const j = Math.floor(idx / n) % n;
    const k = Math.floor(idx / (n * n));
    return r2(i, j, k) <= radius * radius ? 1 : 0;
  });
  return { map, mask, c, n };
}

const options = { activityGBq: 7.4, thresholdGy: 20, sphereModelDoseGyPerGBq: null };

describe('voxel dose validation', () => {
  it('a point source reproduces the 4 mm kernel x 1000 (per GBq), core and photon tail, within 1e-6', () => {
    const size: Vec3 = [13, 13, 13];
    const tia = 2.5e9; // Bq s per MBq in the centre voxel
    const map = tiaMap(size, (i, j, k) => (i === 6 && j === 6 && k === 6 ? tia : 0));
    const dose = kernelDoseMap(map, { convolve: directConvolve3d }).doseGyPerGBq;
    const kernel = tabulatedKernel(4);
    for (let k = -5; k <= 5; k++)
      for (let j = -5; j <= 5; j++)
        for (let i = -5; i <= 5; i++) {
          const got = dose[6 + i + 13 * (6 + j + 13 * (6 + k))]!;
          const want = tia * kernel[5 + i + 11 * (5 + j + 11 * (5 + k))]! * 1000;
          expect(Math.abs(got / want - 1)).toBeLessThan(1e-6);
        }
    // offsets beyond the 11^3 core: the photon tail, e.g. (-6, -6, -6) = 41.6 mm and (6, 0, 0)
    for (const [i, j, k, at] of [
      [-6, -6, -6, 0],
      [6, 0, 0, 12 + 13 * (6 + 13 * 6)],
    ] as const) {
      const want = tia * photonTailSValue([4 * i, 4 * j, 4 * k], [4, 4, 4]) * 1000;
      expect(Math.abs(dose[at]! / want - 1)).toBeLessThan(1e-6);
    }
    const core = kernelDoseMap(map, { convolve: directConvolve3d, photonTailRadiusMm: 0 });
    expect(core.doseGyPerGBq[0]).toBe(0); // the 11^3 kernel alone: nothing at (-6, -6, -6)
  });

  /** Mean voxel dose / sphere-model dose of a uniform sphere (4 mm grid unless given). */
  function sphereRatio(volumeMl: number, mm = MM, photonTailRadiusMm?: number) {
    const { map, mask } = sphere(volumeMl, undefined, mm);
    const tail = photonTailRadiusMm === undefined ? {} : { photonTailRadiusMm };
    const voxel = lesionVoxelDose(
      kernelDoseMap(map, { convolve: convolve3dSame, ...tail }),
      mask,
      options,
    );
    const model = voxel.voxelCount * sphereSValue(voxel.volumeMl, 1.04).totalGyPerBqS * 1000;
    return { ratio: voxel.meanDoseGyPerGBq / model, voxel };
  }

  const VOLUMES_ML = [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

  it('uniform spheres of 4-512 mL (4 mm voxels): mean voxel dose within 5% of the sphere model; smaller ones lower', () => {
    const rows: string[] = [];
    const ratios: number[] = [];
    for (const volumeMl of VOLUMES_ML) {
      const { ratio, voxel } = sphereRatio(volumeMl);
      ratios.push(ratio);
      rows.push(
        `${volumeMl} mL (${voxel.voxelCount} voxels, ${voxel.volumeMl.toFixed(3)} mL): voxel/sphere ${ratio.toFixed(4)} (${((ratio - 1) * 100).toFixed(1)}%)`,
      );
    }
    console.info(`uniform spheres, 4 mm kernel with the photon tail:\n${rows.join('\n')}`);
    for (const r of ratios.slice(3)) expect(Math.abs(r - 1)).toBeLessThan(0.05);
    // below 4 mL the voxel mean falls further below the model (staircase surface, electron escape)
    expect(ratios[0]!).toBeLessThan(ratios[3]!);
    expect(ratios[1]!).toBeLessThan(ratios[3]!);
  });

  it('without the photon tail (11^3 kernel alone) spheres above 128 mL fall more than 5% below', () => {
    const ratios = [64, 128, 256, 512].map((v) => sphereRatio(v, MM, 0).ratio);
    console.info(
      `uniform spheres, 11^3 kernel alone: ${[64, 128, 256, 512].map((v, i) => `${v} mL ${((ratios[i]! - 1) * 100).toFixed(1)}%`).join(', ')}`,
    );
    expect(ratios[1]!).toBeLessThan(ratios[0]!);
    expect(ratios[2]!).toBeLessThan(0.95);
    expect(ratios[3]!).toBeLessThan(ratios[2]!);
  });

  it('64 and 512 mL spheres at 2.21 and 9.28 mm voxels: within 5% of the sphere model', () => {
    const rows: string[] = [];
    for (const mm of [2.21, 9.28])
      for (const volumeMl of [64, 512]) {
        const { ratio } = sphereRatio(volumeMl, mm);
        rows.push(`${volumeMl} mL at ${mm} mm ${((ratio - 1) * 100).toFixed(1)}%`);
        expect(Math.abs(ratio - 1)).toBeLessThan(0.05);
      }
    console.info(`uniform spheres, voxel/sphere: ${rows.join(', ')}`);
  });

  it('energy in the 4 mm kernel: the 11^3 core holds 30-50% of the 131I energy per decay (all electrons), the tail to 100 mm a third of the photons', () => {
    const massKg = (1.04 * VOXEL_ML) / 1000;
    const coreJ = tabulatedKernel(4).reduce((s, v) => s + v, 0) * massKg;
    const fullJ =
      doseKernelForSpacing([4, 4, 4]).kernelGyPerBqS.reduce((s, v) => s + v, 0) * massKg;
    const electronJ = meanEnergyPerDecayMeV(I131, ['beta-', 'IE', 'auger']) * JOULE_PER_MEV;
    const photonJ = meanEnergyPerDecayMeV(I131, PHOTON_TYPES) * JOULE_PER_MEV;
    const keV = (j: number) => ((j / JOULE_PER_MEV) * 1000).toFixed(1);
    const fraction = coreJ / (electronJ + photonJ);
    const photonInCore = (coreJ - electronJ) / photonJ;
    const photonInFull = (fullJ - electronJ) / photonJ;
    console.info(
      `4 mm kernel: 11^3 core sum S m = ${keV(coreJ)} keV per decay = ${(100 * fraction).toFixed(1)}% of the emitted ${keV(electronJ + photonJ)} keV, photon energy inside ${(100 * photonInCore).toFixed(1)}%; with the tail to 100 mm ${keV(fullJ)} keV, photon energy inside ${(100 * photonInFull).toFixed(1)}%`,
    );
    expect(fraction).toBeGreaterThan(0.3);
    expect(fraction).toBeLessThan(0.5);
    expect(coreJ).toBeGreaterThan(electronJ);
    // an unbounded medium absorbs about a third of the 131I photon energy within 10 cm of the
    // point (the point kernel's cumulative fraction at 10.4 g/cm^2: 0.338; the cube of voxels
    // inside a 100 mm sphere holds slightly less)
    expect(photonInFull).toBeGreaterThan(0.3);
    expect(photonInFull).toBeLessThan(0.36);
  });

  it('a heterogeneous 16 mL lesion (core r 8 mm at 10x, cold rim): the sphere model underestimates the core', () => {
    const { map, mask, c, n } = sphere(16, { radiusMm: 8, ratio: 10 });
    const dose = kernelDoseMap(map, { convolve: convolve3dSame });
    const voxel = lesionVoxelDose(dose, mask, options);
    const totalTia = map.tiaBqSPerMBq.reduce((s, v) => s + v, 0);
    const model = totalTia * sphereSValue(voxel.voxelCount * VOXEL_ML, 1.04).totalGyPerBqS * 1000;
    const coreMask = Uint8Array.from(map.tiaBqSPerMBq, (v) => (v === 10 ? 1 : 0));
    const core = lesionVoxelDose(dose, coreMask, options);
    const centre = dose.doseGyPerGBq[c + n * (c + n * c)]!;
    console.info(
      `heterogeneous lesion: sphere model ${model.toExponential(3)}, voxel mean ${voxel.meanDoseGyPerGBq.toExponential(3)} (ratio ${(voxel.meanDoseGyPerGBq / model).toFixed(3)}), core mean ${(core.meanDoseGyPerGBq / model).toFixed(2)}x, D2 ${(voxel.d2GyPerGBq / model).toFixed(2)}x, D98 ${(voxel.d98GyPerGBq / model).toFixed(2)}x, centre ${(centre / model).toFixed(2)}x the sphere model`,
    );
    expect(core.meanDoseGyPerGBq / model).toBeGreaterThan(2);
    expect(voxel.d2GyPerGBq / model).toBeGreaterThan(2);
    expect(voxel.d98GyPerGBq / model).toBeLessThan(0.5);
    expect(Math.abs(voxel.meanDoseGyPerGBq / model - 1)).toBeLessThan(0.05);
  });

  it('local deposition: D = tia x 1000 x 191.85 keV / (rho V), by hand', () => {
    const map = tiaMap([2, 1, 1], (i) => (i === 0 ? 3.6e9 : 7.2e8));
    const eJ = 0.19185 * 1.602176634e-13; // physics.md: electrons 191.85 keV per decay
    const handGyPerGBq = (3.6e9 * 1000 * eJ) / ((1.04 * 0.064) / 1000);
    const local = localDepositionDoseMap(map);
    expect(local.doseGyPerGBq[0]! / handGyPerGBq).toBeCloseTo(1, 4);
    expect(local.doseGyPerGBq[1]! / (handGyPerGBq / 5)).toBeCloseTo(1, 4);
    const dense = localDepositionDoseMap(map, { densityGPerMl: Float32Array.of(2.08, 1.04) });
    expect(dense.doseGyPerGBq[0]! / (handGyPerGBq / 2)).toBeCloseTo(1, 4);
    expect(dense.densityCorrected).toBe(true);
  });
});
