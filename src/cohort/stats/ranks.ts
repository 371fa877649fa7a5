// Mid-ranks with tie bookkeeping, as scipy.stats.rankdata(method='average') and the private
// scipy.stats._stats_py._rankdata(..., return_ties=True) used by friedmanchisquare and wilcoxon.

/** Mid-ranks (1-based, ties share their mean rank) and the size of every tie group. */
export interface Ranking {
  /** Rank of each input value, in input order. */
  ranks: number[];
  /** Size of each group of equal values (1 for an untied value), ascending by value. */
  tieGroups: number[];
}

/** Average ranks of values, ties by exact equality (scipy.stats.rankdata method='average'). */
export function averageRanks(values: readonly number[]): Ranking {
  const order = values
    .map((_, i) => i)
    .sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0) || i - j);
  const ranks = new Array<number>(values.length).fill(0);
  const tieGroups: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    const value = values[order[start] ?? 0];
    while (end < order.length && values[order[end] ?? 0] === value) end++;
    const midRank = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) ranks[order[p] ?? 0] = midRank;
    tieGroups.push(end - start);
    start = end;
  }
  return { ranks, tieGroups };
}

/** Sum over tie groups of t^3 - t: the tie-correction term of rank tests (Lehmann 1975, 1.4). */
export function tieCorrectionSum(tieGroups: readonly number[]): number {
  return tieGroups.reduce((sum, t) => sum + (t * t * t - t), 0);
}
