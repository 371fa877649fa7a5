// Voxel <-> LPS geometry, checked on hand-worked examples (DICOM PS3.3 C.7.6.2.1.1).
import { describe, expect, it } from 'vitest';
import { ijkToLps, lpsToIjk, voxelIndex, voxelVolumeMl, type Mat3 } from '../../src/core/volume.ts';

describe('volume geometry', () => {
  it('axial, identity orientation: centre of voxel (2, 3, 4) at origin + spacing x index', () => {
    const volume = {
      originLps: [-100, -50, 20] as const,
      spacingMm: [2, 2, 3] as const,
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3,
    };
    expect(ijkToLps(volume, [2, 3, 4])).toEqual([-96, -44, 32]);
    expect(lpsToIjk(volume, [-96, -44, 32])).toEqual([2, 3, 4]);
  });

  it('coronal orientation (rows along -z): the j axis points to the feet', () => {
    // Image Orientation (Patient) 1\0\0\0\0\-1: i along +x, j along -z, slices along +y.
    const direction: Mat3 = [1, 0, 0, 0, 0, 1, 0, -1, 0];
    const volume = { originLps: [0, 0, 0] as const, spacingMm: [1, 2, 5] as const, direction };
    expect(ijkToLps(volume, [1, 1, 1])).toEqual([1, 5, -2]);
    const back = lpsToIjk(volume, [1, 5, -2]);
    expect(back.map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 1, 1]);
  });

  it('indexes column-fastest and gives the voxel volume in mL', () => {
    expect(voxelIndex([4, 3, 2], 1, 2, 1)).toBe(1 + 4 * (2 + 3 * 1));
    expect(voxelVolumeMl({ spacingMm: [4, 4, 5] })).toBeCloseTo(0.08, 12);
  });
});
