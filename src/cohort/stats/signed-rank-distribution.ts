// Exact null distribution of the Wilcoxon signed-rank statistic T+ (sum of the ranks that carry a
// plus sign) when each sign is + or - with probability 1/2 independently: Wilcoxon (1945),
// Biometrics Bull. 1:80; the recursion is that of scipy.stats._hypotests._get_wilcoxon_distr.
// Ranks may be mid-ranks (multiples of 1/2), so the work is done on doubled, integer ranks; this
// is then also the complete sign-flip enumeration that scipy.stats.permutation_test does.

/** Number of sign patterns giving each value of 2 T+ (index = 2 T+), out of 2^ranks.length. */
export function signedRankCounts(ranks: readonly number[]): number[] {
  const doubled = ranks.map((r) => {
    const d = Math.round(2 * r);
    if (Math.abs(d - 2 * r) > 1e-9 || d <= 0) {
      throw new RangeError(`signed-rank ranks must be positive multiples of 1/2, got ${r}`);
    }
    return d;
  });
  const total = doubled.reduce((sum, d) => sum + d, 0);
  let counts = new Array<number>(total + 1).fill(0);
  counts[0] = 1;
  let reach = 0;
  for (const d of doubled) {
    const next = counts.slice();
    for (let s = 0; s <= reach; s++) {
      const c = counts[s] ?? 0;
      if (c !== 0) next[s + d] = (next[s + d] ?? 0) + c;
    }
    counts = next;
    reach += d;
  }
  return counts;
}

/**
 * Two-sided p-value 2 min(P(T+ <= t), P(T+ >= t)), clipped to 1, under the exact sign-flip null
 * (scipy.stats.wilcoxon method='exact', and permutation_test with all 2^n flips enumerated).
 */
export function signedRankTwoSidedP(ranks: readonly number[], rPlus: number): number {
  if (ranks.length > 50) throw new RangeError('exact signed-rank distribution limited to n <= 50');
  const counts = signedRankCounts(ranks);
  const observed = Math.round(2 * rPlus);
  let below = 0;
  let above = 0;
  counts.forEach((c, s) => {
    if (s <= observed) below += c;
    if (s >= observed) above += c;
  });
  const patterns = Math.pow(2, ranks.length);
  return Math.min(1, (2 * Math.min(below, above)) / patterns);
}
