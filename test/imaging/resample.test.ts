// Resampling between grids of one frame of reference (CT <-> PET), checked on exact cases: the
// identity grid, affine ramps (reproduced exactly by trilinear interpolation) and label masks.
import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3, Volume } from '../../src/core/volume.ts';
import { ijkToLps, voxelCount } from '../../src/core/volume.ts';
import { resampleLinear, resampleNearest, resampleToGrid } from '../../src/imaging/resample.ts';
import { makeVolume, normalRandom } from './helpers/sphere-phantom.ts';

/** Rotation matrix (row-major) about a unit axis by angle (rad): an oblique direction matrix. */
function rotation(axis: Vec3, angle: number): Mat3 {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / n) as [number, number, number];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [
    t * x * x + c,
    t * x * y - s * z,
    t * x * z + s * y,
    t * x * y + s * z,
    t * y * y + c,
    t * y * z - s * x,
    t * x * z - s * y,
    t * y * z + s * x,
    t * z * z + c,
  ];
}

const ramp = (p: Vec3) => 3 + 0.5 * p[0] - 0.25 * p[1] + 0.125 * p[2];

function fillRamp(volume: Volume<Float32Array>): void {
  const [nx, ny, nz] = volume.size;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++)
        volume.data[i + nx * (j + ny * k)] = ramp(ijkToLps(volume, [i, j, k]));
    }
  }
}

describe('resample', () => {
  it('onto its own grid reproduces the input exactly (linear and nearest, oblique grid)', () => {
    const source = makeVolume([9, 7, 5], [1.5, 2, 3], 0, [10, -20, 30], rotation([1, 2, 3], 0.4));
    const normal = normalRandom(5);
    for (let n = 0; n < source.data.length; n++) source.data[n] = 100 * normal();
    expect(resampleLinear(source, source).data).toEqual(source.data);
    expect(resampleNearest(source, source).data).toEqual(source.data);
  });

  it('trilinear reproduces a linear ramp exactly on a shifted, oblique, finer grid (|error| < 1e-4)', () => {
    // CT-like axial source, 1 x 1 x 2 mm; PET-like target rotated 25 degrees, 1.7 mm voxels.
    const source = makeVolume([60, 60, 40], [1, 1, 2], 0, [-30, -30, -40]);
    fillRamp(source);
    const target = {
      size: [12, 10, 8] as Vec3,
      spacingMm: [1.7, 1.7, 1.7] as Vec3,
      originLps: [-8.3, -6.1, -5.2] as Vec3,
      direction: rotation([0.3, -1, 0.5], (25 * Math.PI) / 180),
    };
    const resampled = resampleLinear(source, target);
    let worst = 0;
    const [nx, ny, nz] = target.size;
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const expected = ramp(ijkToLps(target, [i, j, k]));
          worst = Math.max(worst, Math.abs(resampled.data[i + nx * (j + ny * k)]! - expected));
        }
      }
    }
    expect(worst).toBeLessThan(1e-4);
    expect(resampled.originLps).toEqual(target.originLps);
  });

  it('PET onto a flipped CT grid (direction diag(-1, -1, 1)) reproduces the ramp', () => {
    const source = makeVolume([20, 20, 20], [4, 4, 4], 0, [-40, -40, -40]);
    fillRamp(source);
    const target = makeVolume(
      [30, 30, 10],
      [0.9, 0.9, 3],
      0,
      [12, 12, -20],
      [-1, 0, 0, 0, -1, 0, 0, 0, 1],
    );
    const resampled = resampleToGrid(source, target, 'linear');
    for (const [i, j, k] of [
      [0, 0, 0],
      [29, 29, 9],
      [13, 7, 4],
    ] as Vec3[]) {
      const value = resampled.data[i + 30 * (j + 30 * k)]!;
      expect(value).toBeCloseTo(ramp(ijkToLps(target, [i, j, k])), 4);
    }
  });

  it('nearest keeps label values and the label volume (mask onto a 3x finer grid)', () => {
    const mask: Volume<Uint8Array> = {
      size: [6, 6, 6],
      spacingMm: [3, 3, 3],
      originLps: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      data: new Uint8Array(216),
    };
    mask.data[1 + 6 * (2 + 6 * 3)] = 7;
    mask.data[4 + 6 * (4 + 6 * 1)] = 2;
    mask.data[2 + 6 * (2 + 6 * 2)] = 1;
    // Fine grid aligned so that each coarse voxel holds 3 x 3 x 3 fine voxel centres.
    const fine = {
      size: [18, 18, 18] as Vec3,
      spacingMm: [1, 1, 1] as Vec3,
      originLps: [-1, -1, -1] as Vec3,
      direction: mask.direction,
    };
    const resampled = resampleNearest(mask, fine);
    expect(resampled.data).toBeInstanceOf(Uint8Array);
    const counts = new Map<number, number>();
    for (const v of resampled.data) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 7]);
    expect(counts.get(7)).toBe(27);
    expect(counts.get(2)).toBe(27);
    expect(counts.get(1)).toBe(27);
    expect(resampled.data.length).toBe(voxelCount(fine.size));
  });

  it('points outside the source get outsideValue (-1000 HU for CT)', () => {
    const ct: Volume<Int16Array> = {
      ...makeVolume([4, 4, 4], [1, 1, 1]),
      data: new Int16Array(64).fill(40),
    };
    const shifted = makeVolume([4, 4, 4], [1, 1, 1], 0, [2, 0, 0]);
    const linear = resampleLinear(ct, shifted, { outsideValue: -1000 });
    expect(Array.from(linear.data.slice(0, 4))).toEqual([40, 40, -1000, -1000]);
    const nearest = resampleNearest(ct, shifted, { outsideValue: -1000 });
    expect(nearest.data).toBeInstanceOf(Int16Array);
    expect(Array.from(nearest.data.slice(0, 4))).toEqual([40, 40, -1000, -1000]);
  });
});
