/** The centroid of a set of voxels, in voxel indices of their grid. */
import type { Vec3 } from '../core/volume.ts';

/**
 * Mean voxel indices [i, j, k] of `indices` (linear indices, i fastest, on a grid of `size`):
 * the geometric centroid of a VOI in fractional voxel coordinates; [0, 0, 0] for no voxels.
 */
export function voxelCentroidIjk(size: Vec3, indices: ArrayLike<number>): Vec3 {
  const [nx, ny] = size;
  let si = 0;
  let sj = 0;
  let sk = 0;
  for (let n = 0; n < indices.length; n++) {
    const index = indices[n] ?? 0;
    si += index % nx;
    sj += Math.floor(index / nx) % ny;
    sk += Math.floor(index / (nx * ny));
  }
  const count = Math.max(1, indices.length);
  return [si / count, sj / count, sk / count];
}
