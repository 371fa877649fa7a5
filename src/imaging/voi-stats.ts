/**
 * Statistics of a volume inside a volume of interest (VOI): voxel count, volume, sum, mean, max
 * and min, in the units of the volume (Bq/mL for PET, HU for CT). The VOI is a mask on the same
 * grid or a list of linear voxel indices.
 */

import { InputError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { voxelVolumeMl, withData } from '../core/volume.ts';

type AnyData = Float32Array | Int16Array | Uint8Array;

/** Statistics of a volume inside a VOI, in the volume's units (mL for volumeMl). */
export interface VoiStats {
  voxelCount: number;
  volumeMl: number;
  /** Sum of voxel values (volume units); x voxel volume mL gives Bq for a Bq/mL image. */
  sum: number;
  /** Mean voxel value (volume units); NaN for an empty VOI. */
  mean: number;
  /** Largest voxel value; NaN for an empty VOI. */
  max: number;
  /** Smallest voxel value; NaN for an empty VOI. */
  min: number;
}

/** Statistics of `volume` over the voxels with the given linear indices (no mask needed). */
export function voiStatsAt(volume: Volume<AnyData>, indices: ArrayLike<number>): VoiStats {
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  const data = volume.data;
  for (let n = 0; n < indices.length; n++) {
    const value = data[indices[n] ?? 0] ?? NaN;
    sum += value;
    if (value > max) max = value;
    if (value < min) min = value;
  }
  const count = indices.length;
  return {
    voxelCount: count,
    volumeMl: count * voxelVolumeMl(volume),
    sum,
    mean: count > 0 ? sum / count : NaN,
    max: count > 0 ? max : NaN,
    min: count > 0 ? min : NaN,
  };
}

/** Statistics of `volume` inside the non-zero voxels of `mask` (same grid, checked). */
export function voiStats(volume: Volume<AnyData>, mask: Volume<Uint8Array>): VoiStats {
  assertSameGrid(volume, mask);
  return voiStatsAt(volume, maskIndices(mask));
}

/** Linear indices (ascending) of the non-zero voxels of a mask. */
export function maskIndices(mask: Volume<Uint8Array>): Int32Array {
  let count = 0;
  for (const v of mask.data) if (v !== 0) count++;
  const indices = new Int32Array(count);
  let n = 0;
  for (let m = 0; m < mask.data.length; m++) if (mask.data[m] !== 0) indices[n++] = m;
  return indices;
}

/** A mask (1 inside) on the grid of `like` from linear voxel indices. */
export function maskFromIndices(
  like: Omit<Volume<AnyData>, 'data'>,
  indices: ArrayLike<number>,
): Volume<Uint8Array> {
  const data = new Uint8Array(like.size[0] * like.size[1] * like.size[2]);
  for (let n = 0; n < indices.length; n++) data[indices[n] ?? 0] = 1;
  return withData(like, data);
}

/** Median of the first `count` values (sorts them in place). NaN when count is 0. */
export function medianInPlace(values: Float64Array, count = values.length): number {
  if (count === 0) return NaN;
  const sorted = values.subarray(0, count).sort();
  const mid = count >> 1;
  return count % 2 === 1
    ? (sorted[mid] ?? NaN)
    : 0.5 * ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0));
}

/** Throws InputError unless the two volumes share size, spacing, origin and direction (1e-4 mm). */
export function assertSameGrid(
  a: Omit<Volume<AnyData>, 'data'>,
  b: Omit<Volume<AnyData>, 'data'>,
): void {
  const close = (x: Vec3 | readonly number[], y: Vec3 | readonly number[], tol: number) =>
    x.length === y.length && x.every((v, n) => Math.abs(v - (y[n] ?? NaN)) <= tol);
  if (
    !close(a.size, b.size, 0) ||
    !close(a.spacingMm, b.spacingMm, 1e-4) ||
    !close(a.originLps, b.originLps, 1e-4) ||
    !close(a.direction, b.direction, 1e-6)
  ) {
    throw new InputError(
      { field: 'mask' },
      `the mask grid (${b.size.join('x')}) differs from the image grid (${a.size.join('x')})`,
      'resample the mask onto the image grid first (imaging/resample.ts, nearest)',
    );
  }
}
