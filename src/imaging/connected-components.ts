/**
 * Connected components of voxel sets on a grid: 6-connectivity (shared faces) or 26-connectivity
 * (shared faces, edges or corners). Breadth-first flood fill with typed-array queues; a region
 * can be confined to a box so that local segmentations stay local in large images.
 */

import { InputError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { voxelCount } from '../core/volume.ts';

/** 6: voxels sharing a face; 26: sharing a face, an edge or a corner. */
export type Connectivity = 6 | 26;

/** Inclusive voxel bounds [i0, i1, j0, j1, k0, k1]. */
export type VoxelBox = readonly [number, number, number, number, number, number];

/** Result of labelling a mask: 0 = outside, 1..count = component (largest first). */
export interface ComponentLabels {
  labels: Int32Array;
  count: number;
  /** Voxel count of component n at index n - 1. */
  sizes: number[];
}

/** Neighbour offsets (di, dj, dk) for 6- or 26-connectivity. */
export function neighbourOffsets(connectivity: Connectivity): Int8Array {
  const offsets: number[] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const manhattan = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (manhattan === 0 || (connectivity === 6 && manhattan > 1)) continue;
        offsets.push(di, dj, dk);
      }
    }
  }
  return Int8Array.from(offsets);
}

/** Voxel (i, j, k) of a linear index. */
export function indexToIjk(size: Vec3, index: number): Vec3 {
  const [nx, ny] = size;
  return [index % nx, Math.floor(index / nx) % ny, Math.floor(index / (nx * ny))];
}

/** The whole grid as a voxel box. */
export function fullBox(size: Vec3): VoxelBox {
  return [0, size[0] - 1, 0, size[1] - 1, 0, size[2] - 1];
}

/**
 * Linear indices (ascending) of the connected region of voxels for which `inside(index)` holds
 * that contains `seedIndex`, confined to `box` (default the whole grid); empty if the seed itself
 * is not inside. `touchesBox` says whether the region reaches a face of the box.
 */
export function growRegion(
  size: Vec3,
  seedIndex: number,
  inside: (index: number) => boolean,
  connectivity: Connectivity,
  box: VoxelBox = fullBox(size),
): { indices: Int32Array; touchesBox: boolean } {
  const [nx, ny] = size;
  const [i0, i1, j0, j1, k0, k1] = box;
  const bx = i1 - i0 + 1;
  const by = j1 - j0 + 1;
  const bz = k1 - k0 + 1;
  const si = seedIndex % nx;
  const sj = Math.floor(seedIndex / nx) % ny;
  const sk = Math.floor(seedIndex / (nx * ny));
  const inBox = si >= i0 && si <= i1 && sj >= j0 && sj <= j1 && sk >= k0 && sk <= k1;
  if (!inBox || !inside(seedIndex)) return { indices: new Int32Array(0), touchesBox: false };
  const visited = new Uint8Array(bx * by * bz);
  let queue = new Int32Array(1024);
  let head = 0;
  let tail = 0;
  queue[tail++] = seedIndex;
  visited[si - i0 + bx * (sj - j0 + by * (sk - k0))] = 1;
  const offsets = neighbourOffsets(connectivity);
  let touchesBox = false;
  while (head < tail) {
    const index = queue[head++] ?? 0;
    const i = index % nx;
    const j = Math.floor(index / nx) % ny;
    const k = Math.floor(index / (nx * ny));
    if (i === i0 || i === i1 || j === j0 || j === j1 || k === k0 || k === k1) touchesBox = true;
    for (let o = 0; o < offsets.length; o += 3) {
      const ni = i + (offsets[o] ?? 0);
      const nj = j + (offsets[o + 1] ?? 0);
      const nk = k + (offsets[o + 2] ?? 0);
      if (ni < i0 || ni > i1 || nj < j0 || nj > j1 || nk < k0 || nk > k1) continue;
      const local = ni - i0 + bx * (nj - j0 + by * (nk - k0));
      if (visited[local] === 1) continue;
      visited[local] = 1;
      const neighbour = ni + nx * (nj + ny * nk);
      if (!inside(neighbour)) continue;
      if (tail === queue.length) {
        const grown = new Int32Array(queue.length * 2);
        grown.set(queue);
        queue = grown;
      }
      queue[tail++] = neighbour;
    }
  }
  return { indices: queue.slice(0, tail).sort(), touchesBox };
}

/** Linear indices of the component of the non-zero voxels of `mask` holding voxel `ijk`. */
export function componentAt(
  mask: Volume<Uint8Array>,
  ijk: Vec3,
  connectivity: Connectivity = 26,
): Int32Array {
  const [nx, ny, nz] = mask.size;
  const [i, j, k] = ijk.map(Math.round) as [number, number, number];
  if (i < 0 || i >= nx || j < 0 || j >= ny || k < 0 || k >= nz) {
    throw new InputError(
      { field: 'ijk' },
      `voxel (${ijk.join(', ')}) lies outside the ${mask.size.join('x')} grid`,
    );
  }
  const data = mask.data;
  return growRegion(mask.size, i + nx * (j + ny * k), (n) => data[n] !== 0, connectivity).indices;
}

/** Labels every connected component of the non-zero voxels of `mask`, largest first. */
export function labelComponents(
  mask: Volume<Uint8Array>,
  connectivity: Connectivity = 26,
): ComponentLabels {
  const [nx, ny, nz] = mask.size;
  const n = voxelCount(mask.size);
  const provisional = new Int32Array(n);
  const provisionalSizes: number[] = [];
  const offsets = neighbourOffsets(connectivity);
  const data = mask.data;
  const queue = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (data[start] === 0 || provisional[start] !== 0) continue;
    const label = provisionalSizes.length + 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    provisional[start] = label;
    while (head < tail) {
      const index = queue[head++] ?? 0;
      const i = index % nx;
      const j = Math.floor(index / nx) % ny;
      const k = Math.floor(index / (nx * ny));
      for (let o = 0; o < offsets.length; o += 3) {
        const ni = i + (offsets[o] ?? 0);
        const nj = j + (offsets[o + 1] ?? 0);
        const nk = k + (offsets[o + 2] ?? 0);
        if (ni < 0 || ni >= nx || nj < 0 || nj >= ny || nk < 0 || nk >= nz) continue;
        const m = ni + nx * (nj + ny * nk);
        if (data[m] === 0 || provisional[m] !== 0) continue;
        provisional[m] = label;
        queue[tail++] = m;
      }
    }
    provisionalSizes.push(tail);
  }
  const order = provisionalSizes.map((size, idx) => ({ size, idx }));
  order.sort((a, b) => b.size - a.size || a.idx - b.idx);
  const rankOf = new Int32Array(order.length + 1);
  order.forEach(({ idx }, rank) => (rankOf[idx + 1] = rank + 1));
  const labels = new Int32Array(n);
  for (let m = 0; m < n; m++) labels[m] = rankOf[provisional[m] ?? 0] ?? 0;
  return { labels, count: order.length, sizes: order.map((o) => o.size) };
}
