// SULpeak and the liver reference on digital phantoms with known answers.
import { describe, expect, it } from 'vitest';
import { ComputationError, InputError } from '../../src/core/errors.ts';
import type { Mat3 } from '../../src/core/volume.ts';
import { ijkToLps, voxelIndex } from '../../src/core/volume.ts';
import { gaussianBlur } from '../../src/imaging/gaussian.ts';
import {
  ONE_ML_SPHERE_RADIUS_MM,
  liverReference,
  sphereKernel,
  sulPeak,
} from '../../src/response/sul-peak.ts';
import { addSphere, makeVolume } from './helpers/sphere-phantom.ts';

describe('the 1 mL sphere kernel', () => {
  it('has the exact 1 mL radius (3 / (4 pi))^(1/3) cm = 6.2035 mm, not 6.0 mm', () => {
    expect(ONE_ML_SPHERE_RADIUS_MM).toBeCloseTo(6.2035, 4);
    expect((4 / 3) * Math.PI * ONE_ML_SPHERE_RADIUS_MM ** 3).toBeCloseTo(1000, 9);
  });

  it.each([
    [[2, 2, 2]],
    [[4, 4, 4]],
    [[4.07, 4.07, 3.27]],
    [[2.73, 2.73, 2]],
    [[1, 1, 1]],
  ] as const)(
    'sampled partial-volume weights sum to 1 mL within 0.5% on a %j mm grid',
    (spacing) => {
      const kernel = sphereKernel(spacing);
      expect(Math.abs(kernel.sampledVolumeMl - 1)).toBeLessThan(0.005);
      expect(kernel.volumeMl).toBeCloseTo(1, 10);
      expect(kernel.weights.every((w) => w > 0 && w <= 1)).toBe(true);
    },
  );
});

describe('SULpeak', () => {
  it('of a uniform image is its value', () => {
    const image = makeVolume([21, 21, 21], [2, 2, 2], 2.5);
    const result = sulPeak(image, { seedLps: [20, 20, 20], searchRadiusMm: 4 });
    expect(result.peak).toBeCloseTo(2.5, 6);
    expect(result.sphereVolumeMl).toBeCloseTo(1, 10);
  });

  it('of a single hot voxel is its value x voxel volume / 1 mL (noise spikes do not drive it)', () => {
    const image = makeVolume([21, 21, 21], [2, 2, 2], 0);
    image.data[voxelIndex(image.size, 10, 10, 10)] = 1000;
    const result = sulPeak(image, { seedLps: [20, 20, 20], searchRadiusMm: 6 });
    expect(result.peak).toBeCloseTo(1000 * 0.008, 6);
  });

  it('of a uniform 3 cm hot sphere is its concentration; blurred at FWHM 6 mm within 0.5%', () => {
    const image = makeVolume([41, 41, 41], [2, 2, 2], 1);
    addSphere(image, [40, 40, 40], 15, 9);
    const sharp = sulPeak(image, { seedLps: [44, 38, 40], searchRadiusMm: 10 });
    expect(sharp.peak).toBeCloseTo(10, 5);
    const blurred = gaussianBlur(image, { fwhmMm: 6, edge: 'nearest' });
    const result = sulPeak(blurred, { seedLps: [44, 38, 40], searchRadiusMm: 10 });
    expect(result.peak).toBeGreaterThan(10 * 0.995);
    expect(result.peak).toBeLessThanOrEqual(10 + 1e-5);
    expect(result.centerLps).toEqual([40, 40, 40]);
  });

  it('of a 1 mL hot sphere on a 1 mm grid is 0.90-0.95 of its concentration (both edges partial), blurred well below', () => {
    const image = makeVolume([31, 31, 31], [1, 1, 1], 0);
    addSphere(image, [15, 15, 15], ONE_ML_SPHERE_RADIUS_MM, 10);
    const sharp = sulPeak(image, { seedLps: [15, 15, 15], searchRadiusMm: 3 });
    // the sphere's surface voxels hold the lesion only in part: mean = sum(w f) / sum(w) < 1
    expect(sharp.peak).toBeGreaterThan(9.0);
    expect(sharp.peak).toBeLessThan(9.5);
    expect(sharp.peak).toBeLessThanOrEqual(10);
    expect(sharp.centerLps).toEqual([15, 15, 15]);
    // the partial-volume effect at PET resolution: a 1 mL lesion does not reach its concentration
    const blurred = gaussianBlur(image, { fwhmMm: 7 });
    expect(sulPeak(blurred, { seedLps: [15, 15, 15], searchRadiusMm: 3 }).peak).toBeLessThan(8);
  });

  it.each([
    ['identity', [1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0], [50, 40, 40]],
    ['i flipped to -L', [-1, 0, 0, 0, 1, 0, 0, 0, 1], [80, 0, 0], [50, 40, 40]],
    ['i along P, j along L', [0, 1, 0, 1, 0, 0, 0, 0, 1], [0, 0, 0], [50, 40, 40]],
  ] as const)(
    'on a linear ramp 100 + 2 x_L is the ramp at the optimal centre (%s direction)',
    (_name, direction, origin, expectedCentre: readonly [number, number, number]) => {
      const image = makeVolume([41, 41, 41], [2, 2, 2], 0, origin, direction as Mat3);
      for (let k = 0; k < 41; k++)
        for (let j = 0; j < 41; j++)
          for (let i = 0; i < 41; i++)
            image.data[voxelIndex(image.size, i, j, k)] = 100 + 2 * ijkToLps(image, [i, j, k])[0];
      const result = sulPeak(image, { seedLps: [40, 40, 40], searchRadiusMm: 10 });
      // the hottest centre within 10 mm of the seed lies 10 mm further along L
      expect(result.centerLps).toEqual(expectedCentre);
      expect(result.peak).toBeCloseTo(100 + 2 * expectedCentre[0], 3);
    },
  );

  it('keeps the sphere centre inside the lesion VOI given as voxel indices', () => {
    const image = makeVolume([41, 41, 21], [2, 2, 2], 1);
    addSphere(image, [20, 20, 20], 10, 9); // hot: 10
    addSphere(image, [60, 60, 20], 10, 4); // warm: 5
    const warm: number[] = [];
    for (let k = 5; k <= 15; k++)
      for (let j = 25; j <= 35; j++)
        for (let i = 25; i <= 35; i++) warm.push(voxelIndex(image.size, i, j, k));
    const result = sulPeak(image, { maskIndices: warm });
    expect(result.peak).toBeCloseTo(5, 4);
    expect(result.centerLps).toEqual([60, 60, 20]);
    expect(sulPeak(image, { seedLps: [20, 20, 20] }).peak).toBeCloseTo(10, 4);
  });

  it('fails with clear messages without seed or VOI, or when no sphere fits in the image', () => {
    const image = makeVolume([11, 11, 11], [2, 2, 2], 1);
    expect(() => sulPeak(image, {})).toThrow(InputError);
    expect(() => sulPeak(image, {})).toThrow(/seed or a lesion VOI/);
    expect(() => sulPeak(image, { seedLps: [0, 0, 0], searchRadiusMm: 2 })).toThrow(
      ComputationError,
    );
    expect(() => sulPeak(image, { seedLps: [500, 0, 0] })).toThrow(/outside the PET image/);
    expect(() => sulPeak(image, { maskIndices: [99999] })).toThrow(/not a voxel/);
  });
});

describe('liver reference (PERCIST: 3 cm sphere in the right lobe)', () => {
  it('of a uniform liver of SUL 2.0 has mean 2.0, SD 0, threshold 1.5 x 2.0 = 3.0 and about 14.1 mL', () => {
    const image = makeVolume([31, 31, 31], [2, 2, 2], 2);
    const ref = liverReference(image, [30, 30, 30]);
    expect(ref.mean).toBeCloseTo(2, 6);
    expect(ref.sd).toBe(0);
    expect(ref.measurabilityThreshold).toBeCloseTo(3, 6);
    expect(Math.abs(ref.volumeMl / ((Math.PI / 6) * 27) - 1)).toBeLessThan(0.03);
  });

  it('of a checkerboard 1 / 3 has mean about 2 and SD about 1, threshold 1.5 mean + 2 SD', () => {
    const image = makeVolume([31, 31, 31], [2, 2, 2], 0);
    image.data.forEach((_, n) => (image.data[n] = n % 2 === 0 ? 1 : 3));
    const ref = liverReference(image, [30, 30, 30]);
    // a sphere centred on a voxel holds a few more voxels of one colour: +-0.05
    expect(ref.mean).toBeCloseTo(2, 1);
    expect(ref.sd).toBeCloseTo(1, 1);
    expect(ref.measurabilityThreshold).toBeCloseTo(1.5 * ref.mean + 2 * ref.sd, 12);
  });

  it('rejects a sphere reaching outside the image', () => {
    const image = makeVolume([11, 11, 11], [2, 2, 2], 2);
    expect(() => liverReference(image, [10, 10, 10])).toThrow(/does not lie inside the image/);
  });
});
