/**
 * Wald-Wolfowitz runs test on a sequence of signs (Wald & Wolfowitz 1940, Ann Math Stat 11:147),
 * with the exact null distribution of the number of runs R given n1 signs of one kind and n2 of the
 * other (Swed & Eisenhart 1943, Ann Math Stat 14:66; the tables of critical values come from it):
 *   P(R = 2k)     = 2 C(n1-1, k-1) C(n2-1, k-1) / C(n1+n2, n1)
 *   P(R = 2k + 1) = [C(n1-1, k-1) C(n2-1, k) + C(n1-1, k) C(n2-1, k-1)] / C(n1+n2, n1).
 * Used one-sided for residuals of a fit: too few runs (long stretches above or below the curve)
 * means a systematic misfit (Motulsky & Christopoulos 2004, Fitting Models to Biological Data,
 * ch. 17 "runs test"). With few points the test cannot reject: the smallest attainable p is
 * P(R = 2) = 2 / C(n1+n2, n1) (e.g. 0.10 for 3 + 3 signs, 0.029 for 4 + 4), so it is reported as
 * applicable only when that is at most the significance level.
 */

/** ln C(n, k) by a sum of logarithms (exact enough for the point counts of a fit). */
function logBinomial(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  const j = Math.min(k, n - k);
  let s = 0;
  for (let i = 1; i <= j; i++) s += Math.log(n - j + i) - Math.log(i);
  return s;
}

/** P(R = r) for n1 + n2 signs in random order (Swed & Eisenhart 1943). */
export function runsProbability(r: number, n1: number, n2: number): number {
  const total = logBinomial(n1 + n2, n1);
  const term = (a: number, b: number): number =>
    Math.exp(logBinomial(n1 - 1, a) + logBinomial(n2 - 1, b) - total);
  if (r < 2 || !Number.isInteger(r)) return 0;
  if (r % 2 === 0) return 2 * term(r / 2 - 1, r / 2 - 1);
  const k = (r - 1) / 2;
  return term(k - 1, k) + term(k, k - 1);
}

/** Outcome of the runs test on a sign sequence. */
export interface RunsTest {
  /** Signs counted (zeros left out). */
  positive: number;
  negative: number;
  runs: number;
  /** One-sided p = P(R <= runs); null when one kind of sign is missing. */
  pTooFewRuns: number | null;
  /** The smallest attainable p, P(R = 2); the test can reject at alpha only if this <= alpha. */
  smallestAttainableP: number | null;
}

/** Runs test on the signs of `values` in their order; exact zeros carry no sign and are skipped. */
export function runsTest(values: readonly number[]): RunsTest {
  const signs = values.filter((v) => v !== 0).map((v) => v > 0);
  const positive = signs.filter((s) => s).length;
  const negative = signs.length - positive;
  const runs = signs.reduce((n, s, i) => (i === 0 || s !== signs[i - 1] ? n + 1 : n), 0);
  if (positive === 0 || negative === 0) {
    return { positive, negative, runs, pTooFewRuns: null, smallestAttainableP: null };
  }
  let p = 0;
  for (let r = 2; r <= runs; r++) p += runsProbability(r, positive, negative);
  return {
    positive,
    negative,
    runs,
    pTooFewRuns: Math.min(1, p),
    smallestAttainableP: runsProbability(2, positive, negative),
  };
}
