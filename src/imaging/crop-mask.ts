/**
 * A mask cropped to the bounding box of its non-zero voxels: same spacing and direction, origin
 * at the box's first voxel (core/volume.ts geometry), so the cropped mask covers exactly the same
 * LPS voxels. Null for an empty mask.
 */
import { ijkToLps, type Vec3, type Volume } from '../core/volume.ts';

export function cropMask(mask: Volume<Uint8Array>): Volume<Uint8Array> | null {
  const [nx, ny, nz] = mask.size;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if ((mask.data[i + nx * (j + ny * k)] ?? 0) === 0) continue;
        [i, j, k].forEach((v, a) => {
          lo[a] = Math.min(lo[a] ?? v, v);
          hi[a] = Math.max(hi[a] ?? v, v);
        });
      }
    }
  }
  if ((hi[0] ?? -1) < 0) return null;
  const [i0, j0, k0] = lo as [number, number, number];
  const size: Vec3 = [(hi[0] ?? 0) - i0 + 1, (hi[1] ?? 0) - j0 + 1, (hi[2] ?? 0) - k0 + 1];
  const data = new Uint8Array(size[0] * size[1] * size[2]);
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const from = i0 + nx * (j0 + j + ny * (k0 + k));
      data.set(mask.data.subarray(from, from + size[0]), size[0] * (j + size[1] * k));
    }
  }
  return { ...mask, size, originLps: ijkToLps(mask, [i0, j0, k0]), data };
}
