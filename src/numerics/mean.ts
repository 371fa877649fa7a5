/** Arithmetic mean. */

/** Sum of `values` divided by their count; NaN for none. */
export function arithmeticMean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
