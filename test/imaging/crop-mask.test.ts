import { describe, expect, it } from 'vitest';
import { ijkToLps, type Mat3, type Vec3, type Volume } from '../../src/core/volume.ts';
import { cropMask } from '../../src/imaging/crop-mask.ts';

describe('cropMask', () => {
  // An oblique grid (rotation about z by 30 degrees), so the origin must move along the axes.
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  const direction: Mat3 = [c, -s, 0, s, c, 0, 0, 0, 1];
  const size: Vec3 = [7, 6, 5];
  const mask: Volume<Uint8Array> = {
    size,
    spacingMm: [2, 3, 4],
    originLps: [10, -5, 3],
    direction,
    data: new Uint8Array(7 * 6 * 5),
  };
  const on: Vec3[] = [
    [2, 1, 1],
    [4, 3, 2],
    [3, 1, 3],
  ];
  for (const [i, j, k] of on) mask.data[i + 7 * (j + 6 * k)] = 1;

  it('keeps the same voxels at the same LPS positions in a box of 3 x 3 x 3', () => {
    const cropped = cropMask(mask);
    if (cropped === null) throw new Error('empty');
    expect(cropped.size).toEqual([3, 3, 3]);
    let count = 0;
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 3; j++)
        for (let i = 0; i < 3; i++) {
          if (cropped.data[i + 3 * (j + 3 * k)] !== 1) continue;
          count++;
          const p = ijkToLps(cropped, [i, j, k]);
          const original = on.find((v) => {
            const q = ijkToLps(mask, v);
            return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) < 1e-9;
          });
          expect(original).toBeDefined();
        }
    expect(count).toBe(3);
  });

  it('is null for an empty mask', () => {
    expect(cropMask({ ...mask, data: new Uint8Array(mask.data.length) })).toBeNull();
  });
});
