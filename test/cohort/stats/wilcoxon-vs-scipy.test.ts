// Pairwise Wilcoxon signed-rank tests against baseline agree with scipy.stats.wilcoxon(x, y)
// (scipy 1.17 defaults, method='auto') to 1e-6 absolute in p and 1e-9 relative in the statistic,
// for n = 1 to 60 with and without ties and zero differences, covering every branch 'auto' takes:
// exact table, complete sign-flip permutation (ties/zeros, n <= 13) and normal approximation.
import { describe, expect, it } from 'vitest';
import { wilcoxonBranch, wilcoxonSignedRank } from '../../../src/cohort/stats/index.ts';
import { relativeError, wilcoxonCases } from './reference.ts';

const tested = wilcoxonCases.filter((c) => c.branch !== null);
const allZero = wilcoxonCases.filter((c) => c.branch === null);

describe.each(tested)('scipy.stats.wilcoxon, $name ($branch)', (c) => {
  it('statistic, p-value, branch and pair counts match scipy', () => {
    const result = wilcoxonSignedRank(c.x, c.y);
    expect(result).not.toBeNull();
    if (result === null) return;
    expect(relativeError(result.statistic, c.statistic ?? NaN)).toBeLessThan(1e-9);
    expect(Math.abs(result.pValue - (c.pValue ?? NaN))).toBeLessThan(1e-6);
    expect(result.scipyBranch).toBe(c.branch);
    expect(result.method).toBe(c.branch === 'asymptotic' ? 'approx' : 'exact');
    expect(result.n).toBe(c.nonZero);
    expect(result.zeroDifferences).toBe(c.zeroDifferences);
    expect(result.rPlus + result.rMinus).toBeCloseTo((c.nonZero * (c.nonZero + 1)) / 2, 9);
  });
});

describe('the fixture exercises every branch of method="auto"', () => {
  it.each(['exact', 'permutation', 'asymptotic'] as const)('%s', (branch) => {
    expect(tested.filter((c) => c.branch === branch).length).toBeGreaterThanOrEqual(5);
  });

  it('auto switches at n = 13 (ties or zeros) and n = 50 (any data)', () => {
    expect(wilcoxonBranch(13, true)).toBe('permutation');
    expect(wilcoxonBranch(14, true)).toBe('asymptotic');
    expect(wilcoxonBranch(50, false)).toBe('exact');
    expect(wilcoxonBranch(51, false)).toBe('asymptotic');
  });
});

describe('pairs without a non-zero difference', () => {
  it.each(allZero)('$name: null (scipy: statistic 0, p = $pValue)', (c) => {
    expect(wilcoxonSignedRank(c.x, c.y)).toBeNull();
  });

  it('no pairs at all gives null (scipy: nan)', () => {
    expect(wilcoxonSignedRank([], [])).toBeNull();
  });

  it('a single pair with a zero difference gives null (scipy raises ValueError)', () => {
    expect(wilcoxonSignedRank([3], [3])).toBeNull();
  });

  it('a single non-zero pair is a test with p = 1 (exact table, n = 1)', () => {
    expect(wilcoxonSignedRank([2], [1])).toMatchObject({ statistic: 0, pValue: 1, n: 1 });
  });

  it('unequal lengths and non-finite values are refused', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(
      'wilcoxon: x has 2 values, y has 1; pairs must match',
    );
    expect(() => wilcoxonSignedRank([1, NaN], [0, 0])).toThrow('wilcoxon: pair 1 is not finite');
  });
});
