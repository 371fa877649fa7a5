// The exact runs distribution against brute-force enumeration of every arrangement of the signs
// (independent of the Swed & Eisenhart closed form the code uses).
import { describe, expect, it } from 'vitest';
import { runsProbability, runsTest } from '../../src/numerics/runs-test.ts';

/** Counts of the number of runs over all arrangements of n1 pluses and n2 minuses. */
function enumerate(n1: number, n2: number): Map<number, number> {
  const counts = new Map<number, number>();
  const n = n1 + n2;
  for (let mask = 0; mask < 1 << n; mask++) {
    let ones = 0;
    for (let i = 0; i < n; i++) ones += (mask >> i) & 1;
    if (ones !== n1) continue;
    let runs = 1;
    for (let i = 1; i < n; i++) if (((mask >> i) & 1) !== ((mask >> (i - 1)) & 1)) runs++;
    counts.set(runs, (counts.get(runs) ?? 0) + 1);
  }
  return counts;
}

describe('Wald-Wolfowitz runs test, exact small-sample distribution', () => {
  it.each([
    [3, 3],
    [4, 4],
    [5, 6],
    [2, 7],
    [10, 10],
  ])('P(R = r) for %i + %i signs equals the share of arrangements with r runs', (n1, n2) => {
    const counts = enumerate(n1, n2);
    const total = [...counts.values()].reduce((s, c) => s + c, 0);
    for (let r = 1; r <= n1 + n2; r++) {
      expect(runsProbability(r, n1, n2)).toBeCloseTo((counts.get(r) ?? 0) / total, 12);
    }
  });

  it('one-sided p for too few runs, and the smallest attainable p', () => {
    const clustered = runsTest([1, 2, 3, 4, -1, -2, -3, -4]);
    expect(clustered.runs).toBe(2);
    expect(clustered.pTooFewRuns).toBeCloseTo(2 / 70, 12); // 2 / C(8, 4)
    expect(clustered.smallestAttainableP).toBeCloseTo(2 / 70, 12);
    const alternating = runsTest([1, -1, 1, -1, 1, -1]);
    expect(alternating.runs).toBe(6);
    expect(alternating.pTooFewRuns).toBeCloseTo(1, 12);
    expect(alternating.smallestAttainableP).toBeCloseTo(0.1, 12); // 2 / C(6, 3): cannot reject
  });

  it('zeros carry no sign; one kind of sign only gives no p', () => {
    expect(runsTest([0, 1, 0, -1]).runs).toBe(2);
    expect(runsTest([1, 2, 0, 3]).pTooFewRuns).toBeNull();
  });
});
