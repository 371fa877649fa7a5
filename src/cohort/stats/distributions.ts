// Survival functions of the distributions the cohort tests refer to, built on the incomplete
// gamma and beta functions (Numerical Recipes 3rd ed., Press et al. 2007, sections 6.2-6.4 and
// 6.14). Checked against scipy.stats.norm.sf, scipy.stats.chi2.sf and scipy.special.erfc.

import { regularizedGammaP, regularizedGammaQ } from './gamma.ts';

export { lnGamma, regularizedGammaP, regularizedGammaQ } from './gamma.ts';
export { inverseRegularizedBeta, regularizedBeta } from './beta.ts';

/** Complementary error function erfc(x) = Q(1/2, x^2), x >= 0 (NR 3rd ed. 6.2); scipy erfc. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? regularizedGammaQ(0.5, x * x) : 1 + regularizedGammaP(0.5, x * x);
}

/** Standard normal upper tail P(Z > z) = erfc(z / sqrt 2) / 2; scipy.stats.norm.sf. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Chi-square upper tail P(X > x | df) = Q(df/2, x/2) (NR 3rd ed. 6.2, 6.14); scipy chi2.sf. */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square needs df > 0, got ${df}`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}
