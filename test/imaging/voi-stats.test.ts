// VOI statistics on a volume with known values.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Volume } from '../../src/core/volume.ts';
import {
  maskFromIndices,
  maskIndices,
  medianInPlace,
  voiStats,
  voiStatsAt,
} from '../../src/imaging/voi-stats.ts';
import { makeVolume } from './helpers/sphere-phantom.ts';

describe('VOI statistics', () => {
  it('mean, max, min, sum, voxel count and volume of a ramp inside a mask', () => {
    const image = makeVolume([4, 3, 2], [2, 2, 5]);
    image.data.forEach((_, n) => (image.data[n] = n));
    const mask = maskFromIndices(image, [1, 5, 22]);
    const stats = voiStats(image, mask);
    expect(stats).toEqual({
      voxelCount: 3,
      volumeMl: 3 * 0.02,
      sum: 28,
      mean: 28 / 3,
      max: 22,
      min: 1,
    });
    expect(Array.from(maskIndices(mask))).toEqual([1, 5, 22]);
    expect(voiStatsAt(image, []).mean).toBeNaN();
  });

  it('rejects a mask on another grid with a hint to resample', () => {
    const image = makeVolume([4, 3, 2], [2, 2, 5]);
    const other: Volume<Uint8Array> = {
      ...makeVolume([4, 3, 2], [2, 2, 4]),
      data: new Uint8Array(24),
    };
    expect(() => voiStats(image, other)).toThrow(InputError);
    expect(() => voiStats(image, other)).toThrow(/resample/);
  });

  it('median of odd and even counts', () => {
    expect(medianInPlace(Float64Array.of(5, 1, 3))).toBe(3);
    expect(medianInPlace(Float64Array.of(4, 1, 3, 2))).toBe(2.5);
    expect(medianInPlace(Float64Array.of(9, 1, 3, 2), 2)).toBe(5);
    expect(medianInPlace(new Float64Array(0))).toBeNaN();
  });
});
