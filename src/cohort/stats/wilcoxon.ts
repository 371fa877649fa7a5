// Wilcoxon signed-rank test for paired samples (Wilcoxon 1945, Biometrics Bull. 1:80), replicating
// scipy.stats.wilcoxon(x, y) with its defaults in scipy 1.17 (zero_method='wilcox',
// correction=False, alternative='two-sided', method='auto'; scipy/stats/_wilcoxon.py):
//   - d = x - y; zero differences are dropped, the rest ranked by |d| with mid-ranks for ties;
//   - 'auto' picks, on the number of pairs n including zeros:
//       n > 50                         -> normal approximation;
//       no ties and no zeros           -> exact distribution of T+;
//       ties or zeros, n <= 13         -> permutation test, which with 2^n <= 9999 resamples is a
//                                         complete (exact) sign-flip enumeration;
//       ties or zeros, 13 < n <= 50    -> normal approximation;
//   - normal approximation: z = (T+ - m(m+1)/4) / sqrt([m(m+1)(2m+1) - sum(t^3 - t)/2] / 24),
//     m = non-zero pairs, p = 2 P(Z > |z|), no continuity correction;
//   - statistic = min(T+, T-).

import { normalSf } from './distributions.ts';
import { averageRanks, tieCorrectionSum } from './ranks.ts';
import { signedRankTwoSidedP } from './signed-rank-distribution.ts';

/** Which scipy 1.17 branch produced the p-value. */
export type WilcoxonBranch = 'exact' | 'permutation' | 'asymptotic';

/**
 * Signed-rank result. n = non-zero pairs ranked; zeroDifferences = pairs dropped; method 'exact'
 * covers scipy's exact table and its complete permutation enumeration, 'approx' the normal one.
 */
export interface WilcoxonResult {
  statistic: number;
  pValue: number;
  n: number;
  method: 'exact' | 'approx';
  zeroDifferences: number;
  /** min(T+, T-) is statistic; T+ and T- themselves. */
  rPlus: number;
  rMinus: number;
  /** Pairs given, zeros included (the n scipy's 'auto' rule looks at). */
  pairs: number;
  scipyBranch: WilcoxonBranch;
  /** z of the normal approximation (T+ based, before taking |z|); null for exact branches. */
  z: number | null;
}

/** scipy 1.17 method='auto' choice from the pair count (zeros included) and ties/zeros present. */
export function wilcoxonBranch(pairs: number, hasTiesOrZeros: boolean): WilcoxonBranch {
  if (pairs > 50) return 'asymptotic';
  if (!hasTiesOrZeros) return 'exact';
  return pairs <= 13 ? 'permutation' : 'asymptotic';
}

/**
 * Two-sided Wilcoxon signed-rank test of x against y (scipy.stats.wilcoxon defaults, scipy 1.17;
 * Wilcoxon 1945; tie-corrected variance, Lehmann 1975 section 4.1). Null when there are no pairs
 * or every difference is zero: scipy then returns statistic 0 with p = 1 (n <= 13, permutation
 * branch) or p = nan (n > 13), neither of which is a test.
 */
export function wilcoxonSignedRank(
  x: readonly number[],
  y: readonly number[],
): WilcoxonResult | null {
  if (x.length !== y.length) {
    throw new RangeError(`wilcoxon: x has ${x.length} values, y has ${y.length}; pairs must match`);
  }
  const d = x.map((xi, i) => xi - (y[i] ?? NaN));
  d.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new RangeError(`wilcoxon: pair ${i} is not finite (${x[i]}, ${y[i]})`);
  });
  const nonZero = d.filter((v) => v !== 0);
  const zeroDifferences = d.length - nonZero.length;
  const m = nonZero.length;
  if (m === 0) return null;

  const { ranks, tieGroups } = averageRanks(nonZero.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  nonZero.forEach((v, i) => {
    if (v > 0) rPlus += ranks[i] ?? 0;
    else rMinus += ranks[i] ?? 0;
  });
  const hasTies = tieGroups.some((t) => t > 1);
  const branch = wilcoxonBranch(d.length, hasTies || zeroDifferences > 0);
  const common = { statistic: Math.min(rPlus, rMinus), n: m, zeroDifferences, rPlus, rMinus };

  if (branch !== 'asymptotic') {
    const pValue = signedRankTwoSidedP(ranks, rPlus);
    return { ...common, pValue, method: 'exact', pairs: d.length, scipyBranch: branch, z: null };
  }
  const mean = (m * (m + 1)) / 4;
  const se = Math.sqrt((m * (m + 1) * (2 * m + 1) - tieCorrectionSum(tieGroups) / 2) / 24);
  const z = (rPlus - mean) / se;
  const pValue = 2 * normalSf(Math.abs(z));
  return { ...common, pValue, method: 'approx', pairs: d.length, scipyBranch: branch, z };
}
