// previewVoi (src/app/study/preview-voi.ts) on volumes whose answer is known exactly: a 6 x 6 x 6
// voxel cube of 10 kBq/mL in a uniform 1 kBq/mL PET (2 mm voxels). The 50% background-adapted
// threshold BG + 0.5 (max - BG) = 5.5 kBq/mL keeps exactly the cube: 216 voxels, 1.728 mL, mean and
// max 10 kBq/mL, background 1 kBq/mL. On a 1 mm CT the same cube at 40 HU in -800 HU lung grows to
// 12 x 12 x 12 mm = 1.728 mL (the window and its boundary refinement both separate 40 from -800).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  IDENTITY_DIRECTION,
  ijkToLps,
  voxelIndex,
  type Vec3,
  type Volume,
} from '../../src/core/volume.ts';
import { previewVoi } from '../../src/app/study/preview-voi.ts';

function cubeVolume<D extends Float32Array | Int16Array>(
  n: number,
  spacingMm: number,
  lo: number,
  hi: number,
  inside: number,
  outside: number,
  make: (len: number) => D,
): Volume<D> {
  const data = make(n * n * n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const inCube = i >= lo && i < hi && j >= lo && j < hi && k >= lo && k < hi;
        data[voxelIndex([n, n, n], i, j, k)] = inCube ? inside : outside;
      }
    }
  }
  // The origin puts voxel `lo`'s lower edge at -10 mm on each axis: both cubes span [-10, 2) mm.
  const origin = -10 - lo * spacingMm + spacingMm / 2;
  return {
    size: [n, n, n],
    spacingMm: [spacingMm, spacingMm, spacingMm],
    originLps: [origin, origin, origin],
    direction: IDENTITY_DIRECTION,
    data,
  };
}

const pet = cubeVolume(40, 2, 17, 23, 10_000, 1_000, (len) => new Float32Array(len));
const ct = cubeVolume(80, 1, 34, 46, 40, -800, (len) => new Int16Array(len));
const centre: Vec3 = [-4, -4, -4];

describe('previewVoi', () => {
  it('keeps exactly the hot cube on PET and grows the same cube on CT', () => {
    const p = previewVoi(pet, ct, centre);
    expect(p.voxelCount).toBe(216);
    expect(p.petVolumeMl).toBeCloseTo(1.728, 9);
    expect(p.meanConcBqPerMl).toBeCloseTo(10_000, 6);
    expect(p.maxConcBqPerMl).toBe(10_000);
    expect(p.backgroundBqPerMl).toBeCloseTo(1_000, 6);
    expect(p.thresholdBqPerMl).toBeCloseTo(5_500, 6);
    expect(p.ctVolumeMl).toBeCloseTo(1.728, 9);
    // The mask is on the PET grid: 1 exactly on the cube's voxels.
    expect(p.mask.size).toEqual(pet.size);
    expect(p.mask.originLps).toEqual(pet.originLps);
    let sum = 0;
    p.mask.data.forEach((v, n) => {
      sum += v;
      if (v === 1) expect(pet.data[n]).toBe(10_000);
    });
    expect(sum).toBe(216);
    // The maximum lies inside the cube (all its voxels are equal).
    for (const c of p.maxLps) expect(c >= -10 && c <= 2).toBe(true);
    expect(p.warnings.filter((w) => w.startsWith('not a clear lesion'))).toEqual([]);
  });

  it('uses a given background: threshold BG + 0.5 (max - BG)', () => {
    const p = previewVoi(pet, null, centre, { backgroundBqPerMl: 2_000 });
    expect(p.backgroundBqPerMl).toBe(2_000);
    expect(p.thresholdBqPerMl).toBeCloseTo(6_000, 6);
    expect(p.voxelCount).toBe(216);
    expect(p.ctVolumeMl).toBeNull();
  });

  it('skips the CT region for ctVolumeMethod pet-isocontour', () => {
    expect(previewVoi(pet, ct, centre, { ctVolumeMethod: 'pet-isocontour' }).ctVolumeMl).toBeNull();
  });

  it('says when the seed finds no clear lesion (seed in the uniform background, far from the cube)', () => {
    const far = ijkToLps(pet, [3, 3, 30]);
    const p = previewVoi(pet, null, far);
    expect(p.warnings.some((w) => w.startsWith('not a clear lesion at this seed'))).toBe(true);
  });

  it('refuses a seed outside the PET with an InputError', () => {
    expect(() => previewVoi(pet, null, [500, 0, 0])).toThrow(InputError);
  });
});
