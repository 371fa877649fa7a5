/**
 * Seeded Monte Carlo over the same independent standard-normal inputs as the linear propagation:
 * each sample draws z ~ N(0, I) (Box-Muller on mulberry32) and evaluates the full non-linear
 * model, so fits, the S-value's mass dependence and min(planned, MTA) act as they do on real data.
 */
import { normalSampler } from '../../numerics/random.ts';

/** Draws `samples` vectors of `dimension` standard normals, in a fixed order from `seed`. */
export function* standardNormalSamples(
  dimension: number,
  samples: number,
  seed: number,
): Generator<Float64Array> {
  const normal = normalSampler(seed);
  for (let s = 0; s < samples; s++) {
    const z = new Float64Array(dimension);
    for (let k = 0; k < dimension; k++) z[k] = normal();
    yield z;
  }
}

/** Sample standard deviation (n - 1). */
export function sampleSd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
}

/** Quantile by linear interpolation between order statistics (numpy's default 'linear'). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const a = sorted[lower] ?? NaN;
  const b = sorted[Math.min(lower + 1, sorted.length - 1)] ?? NaN;
  return a + (b - a) * (position - lower);
}
