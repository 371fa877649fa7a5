/**
 * FFT lengths PFFFT accepts for complex transforms: N = 16 x 2^a 3^b 5^c (its header: lengths of
 * the form 2^a 3^b 5^c with a >= 4 for complex data, the SIMD width squared dividing N).
 */

/** True when n is 16 x 2^a 3^b 5^c. */
export function isPffftLength(n: number): boolean {
  if (!Number.isInteger(n) || n < 16 || n % 16 !== 0) return false;
  let m = n / 16;
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/**
 * Smallest FFT length >= minLength for one axis: 1 when minLength is 1 (the axis needs no
 * transform), otherwise the smallest PFFFT length.
 */
export function fftLength(minLength: number): number {
  if (!Number.isInteger(minLength) || minLength < 1) {
    throw new RangeError(`fftLength: ${minLength} is not a positive integer`);
  }
  if (minLength === 1) return 1;
  let n = Math.max(16, Math.ceil(minLength / 16) * 16);
  while (!isPffftLength(n)) n += 16;
  return n;
}
