// Order statistics for per-timepoint summaries. The quantile is numpy.quantile's default
// method='linear' (Hyndman & Fan 1996, Am. Stat. 50:361, definition 7): with the sorted values
// x_0 <= ... <= x_{n-1}, h = (n - 1) q, and the result x_floor(h) + (h - floor h)(x_ceil(h) -
// x_floor(h)), interpolated the way numpy's _lerp does it so the last bits agree.

/** One sample's count, median, quartiles (numpy 'linear') and extremes; nulls when n = 0. */
export interface Summary {
  n: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

function checkFinite(values: readonly number[], what: string): void {
  values.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new RangeError(`${what}: value ${i} is ${v}; pass finite numbers only`);
  });
}

/** numpy's _lerp: a + (b - a) t, from b when t >= 0.5 (numpy/lib/_function_base_impl.py). */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Quantile q of already sorted values, numpy 'linear' (Hyndman-Fan type 7). */
function sortedQuantile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo];
  const b = sorted[hi];
  if (a === undefined || b === undefined) throw new RangeError(`quantile index ${lo} out of range`);
  return lerp(a, b, h - lo);
}

/** Quantile q in [0, 1] of finite values: numpy.quantile default 'linear' (Hyndman-Fan 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty sample is undefined');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must lie in [0, 1], got ${q}`);
  checkFinite(values, 'quantile');
  return sortedQuantile(
    [...values].sort((a, b) => a - b),
    q,
  );
}

/** n, median, q1, q3, min, max of finite values (numpy.quantile 'linear'); all null when n = 0. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: null, q1: null, q3: null, min: null, max: null };
  checkFinite(values, 'summarize');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: sortedQuantile(sorted, 0.5),
    q1: sortedQuantile(sorted, 0.25),
    q3: sortedQuantile(sorted, 0.75),
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
  };
}
