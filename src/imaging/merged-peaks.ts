/**
 * Secondary peaks inside a VOI, to tell when an isocontour has swallowed a neighbouring hot
 * structure. On the 3x3x3 box-smoothed image (which damps single-voxel noise peaks), the VOI's
 * voxels are visited from the highest down while a union-find joins them into regions, as in a
 * merge tree / topographic prominence: when two regions meet at a voxel of value s, the lower of
 * their two peaks gets prominence = its peak - s. A peak that stands out by a good fraction of the
 * lesion's contrast is a second structure, not noise.
 */

import type { Volume } from '../core/volume.ts';
import type { Connectivity } from './connected-components.ts';
import { neighbourOffsets } from './connected-components.ts';

/** A peak of the smoothed image inside a VOI other than its highest. */
export interface SecondaryPeak {
  /** Linear voxel index of the peak. */
  index: number;
  /** Smoothed value at the peak (image units). */
  value: number;
  /** Peak value minus the highest saddle joining it to a higher peak (image units). */
  prominence: number;
}

/** Mean of the voxel's 3x3x3 neighbourhood inside the image (image units). */
export function boxMean3(volume: Volume<Float32Array>, index: number): number {
  const [nx, ny, nz] = volume.size;
  const i = index % nx;
  const j = Math.floor(index / nx) % ny;
  const k = Math.floor(index / (nx * ny));
  let sum = 0;
  let count = 0;
  for (let c = Math.max(0, k - 1); c <= Math.min(nz - 1, k + 1); c++) {
    for (let b = Math.max(0, j - 1); b <= Math.min(ny - 1, j + 1); b++) {
      for (let a = Math.max(0, i - 1); a <= Math.min(nx - 1, i + 1); a++) {
        sum += volume.data[a + nx * (b + ny * c)] ?? 0;
        count++;
      }
    }
  }
  return sum / count;
}

/**
 * Peaks of the smoothed image inside the VOI (sorted linear `indices`) other than the highest,
 * each with its prominence, highest prominence first; only those with prominence >= minProminence.
 */
export function secondaryPeaks(
  volume: Volume<Float32Array>,
  indices: Int32Array,
  connectivity: Connectivity,
  minProminence: number,
): SecondaryPeak[] {
  const n = indices.length;
  const [nx, ny, nz] = volume.size;
  const smoothed = new Float64Array(n);
  for (let p = 0; p < n; p++) smoothed[p] = boxMean3(volume, indices[p] ?? 0);
  const order = Array.from({ length: n }, (_, p) => p).sort(
    (a, b) => (smoothed[b] ?? 0) - (smoothed[a] ?? 0),
  );
  const positionOf = new Map<number, number>();
  for (let p = 0; p < n; p++) positionOf.set(indices[p] ?? 0, p);
  const parent = new Int32Array(n).fill(-1); // -1: not yet visited
  const peakOf = new Int32Array(n); // for roots: position of the region's peak
  const find = (p: number): number => {
    let root = p;
    while (parent[root] !== root) root = parent[root] ?? root;
    while (parent[p] !== root) {
      const next = parent[p] ?? root;
      parent[p] = root;
      p = next;
    }
    return root;
  };
  const offsets = neighbourOffsets(connectivity);
  const peaks: SecondaryPeak[] = [];
  for (const p of order) {
    parent[p] = p;
    peakOf[p] = p;
    const index = indices[p] ?? 0;
    const i = index % nx;
    const j = Math.floor(index / nx) % ny;
    const k = Math.floor(index / (nx * ny));
    const level = smoothed[p] ?? 0;
    for (let o = 0; o < offsets.length; o += 3) {
      const ni = i + (offsets[o] ?? 0);
      const nj = j + (offsets[o + 1] ?? 0);
      const nk = k + (offsets[o + 2] ?? 0);
      if (ni < 0 || ni >= nx || nj < 0 || nj >= ny || nk < 0 || nk >= nz) continue;
      const q = positionOf.get(ni + nx * (nj + ny * nk));
      if (q === undefined || parent[q] === -1) continue;
      const rp = find(p);
      const rq = find(q);
      if (rp === rq) continue;
      const peakP = peakOf[rp] ?? rp;
      const peakQ = peakOf[rq] ?? rq;
      const [high, low] =
        (smoothed[peakP] ?? 0) >= (smoothed[peakQ] ?? 0) ? [peakP, peakQ] : [peakQ, peakP];
      const prominence = (smoothed[low] ?? 0) - level;
      if (prominence >= minProminence && low !== p) {
        peaks.push({ index: indices[low] ?? 0, value: smoothed[low] ?? 0, prominence });
      }
      parent[rq] = rp;
      peakOf[rp] = high;
    }
  }
  return peaks.sort((a, b) => b.prominence - a.prominence);
}
