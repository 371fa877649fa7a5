// Exact (Clopper & Pearson 1934, Biometrika 26:404) confidence bounds for a binomial proportion,
// from the beta-binomial identity P(X <= x | n, p) = 1 - I_p(x + 1, n - x): the one-sided upper
// bound solves P(X <= x) = alpha, i.e. p_U = I^{-1}_{1-alpha}(x + 1, n - x); the two-sided
// interval uses alpha/2 at each end. Same numbers as scipy.stats.binomtest(x, n).proportion_ci(
// confidence_level, method='exact') with alternative 'less' (one-sided) or 'two-sided', which
// scipy finds by root-finding on binom.cdf / binom.sf.

import { inverseRegularizedBeta } from './beta.ts';

function checkCounts(successes: number, n: number, confidence: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`binomial n must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in [0, ${n}], got ${successes}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}`);
  }
}

/** Upper end p with P(X <= x | n, p) = alpha; 1 - alpha^(1/n) in closed form when x = 0. */
function upperAt(successes: number, n: number, alpha: number): number {
  if (successes === n) return 1;
  if (successes === 0) return -Math.expm1(Math.log(alpha) / n);
  return inverseRegularizedBeta(1 - alpha, successes + 1, n - successes);
}

/** Lower end p with P(X >= x | n, p) = alpha; 0 when x = 0, alpha^(1/n) when x = n. */
function lowerAt(successes: number, n: number, alpha: number): number {
  if (successes === 0) return 0;
  if (successes === n) return Math.exp(Math.log(alpha) / n);
  return inverseRegularizedBeta(alpha, successes, n - successes + 1);
}

/**
 * Exact one-sided upper confidence bound for a proportion (Clopper-Pearson 1934; scipy
 * binomtest(x, n, alternative='less').proportion_ci(confidence)); 0 of 9 at 95% -> 1 - 0.05^(1/9)
 * = 0.28313.
 */
export function clopperPearsonUpper(successes: number, n: number, confidence = 0.95): number {
  checkCounts(successes, n, confidence);
  return upperAt(successes, n, 1 - confidence);
}

/** Exact two-sided interval (Clopper-Pearson 1934; scipy binomtest(x, n).proportion_ci()). */
export function clopperPearsonInterval(
  successes: number,
  n: number,
  confidence = 0.95,
): { lower: number; upper: number } {
  checkCounts(successes, n, confidence);
  const alpha = (1 - confidence) / 2;
  return { lower: lowerAt(successes, n, alpha), upper: upperAt(successes, n, alpha) };
}
