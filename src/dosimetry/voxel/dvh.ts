/**
 * Dose-volume statistics of the doses in a VOI (equal voxel volumes, so volume fractions are voxel
 * fractions):
 * - cumulative DVH: V(d) = fraction of the VOI receiving >= d, at `bins` + 1 equally spaced doses
 *   from 0 to the maximum (default 200 bins; V(0) = 1, V(max) = share of voxels at the maximum);
 * - D_x: the dose received by at least x% of the volume (ICRU Report 83, 2010: D98% near-minimum,
 *   D50% median, D2% near-maximum), here the (100 - x)-th percentile of the voxel doses with linear
 *   interpolation between order statistics (numpy.percentile's default 'linear', Hyndman & Fan
 *   1996 definition 7);
 * - V at a threshold: fraction of voxels with dose >= threshold.
 */

/** Cumulative dose-volume histogram. */
export interface CumulativeDvh {
  doseGyPerGBq: number[];
  volumeFraction: number[];
}

export const DEFAULT_DVH_BINS = 200;

/** The p-th percentile (0-100) of ascending-sorted values, linear interpolation (numpy default). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** D_x: dose received by at least `percent`% of the volume (file comment). */
export function doseCoveringPercent(sorted: ArrayLike<number>, percent: number): number {
  return percentileSorted(sorted, 100 - percent);
}

/** Fraction of values >= threshold in ascending-sorted values. */
export function fractionAtLeast(sorted: ArrayLike<number>, threshold: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < threshold) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length === 0 ? NaN : (sorted.length - lo) / sorted.length;
}

/** Cumulative DVH of ascending-sorted doses, `bins` equal steps from 0 to the maximum. */
export function cumulativeDvh(sorted: ArrayLike<number>, bins = DEFAULT_DVH_BINS): CumulativeDvh {
  if (!(Number.isInteger(bins) && bins >= 1))
    throw new Error(`DVH bins must be a positive integer, got ${bins}`);
  const max = sorted.length === 0 ? 0 : sorted[sorted.length - 1]!;
  const doseGyPerGBq: number[] = [];
  const volumeFraction: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const d = (max * b) / bins;
    doseGyPerGBq.push(d);
    volumeFraction.push(b === 0 ? 1 : fractionAtLeast(sorted, d));
  }
  return { doseGyPerGBq, volumeFraction };
}
