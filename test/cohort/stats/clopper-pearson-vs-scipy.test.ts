// Eligibility bound: the exact (Clopper-Pearson) one-sided 95% upper bound agrees with
// scipy.stats.binomtest(x, n, alternative='less').proportion_ci(method='exact') to 1e-6 for every
// x of n = 9, 17 and 20 (17 also at 90% and 99%), and so does the two-sided interval.
import { describe, expect, it } from 'vitest';
import { clopperPearsonInterval, clopperPearsonUpper } from '../../../src/cohort/stats/index.ts';
import { clopperCases } from './reference.ts';

describe('0 of 9 patients eligible', () => {
  it('gives an upper one-sided 95% bound of 28.3% = 1 - 0.05^(1/9)', () => {
    const bound = clopperPearsonUpper(0, 9);
    expect(bound).toBeCloseTo(1 - Math.pow(0.05, 1 / 9), 14);
    expect(Math.abs(bound - 0.28313)).toBeLessThan(5e-6);
    expect((100 * bound).toFixed(1)).toBe('28.3');
  });
});

describe.each(clopperCases)('$successes of $n at $confidence', (c) => {
  it('one-sided upper bound and two-sided interval match scipy to 1e-6', () => {
    expect(
      Math.abs(clopperPearsonUpper(c.successes, c.n, c.confidence) - c.upperOneSided),
    ).toBeLessThan(1e-6);
    const { lower, upper } = clopperPearsonInterval(c.successes, c.n, c.confidence);
    expect(Math.abs(lower - c.lower)).toBeLessThan(1e-6);
    expect(Math.abs(upper - c.upper)).toBeLessThan(1e-6);
  });
});

describe('bounds at the ends and bad counts', () => {
  it('x = n gives an upper bound of 1; x = 0 a lower bound of 0', () => {
    expect(clopperPearsonUpper(9, 9)).toBe(1);
    expect(clopperPearsonInterval(0, 9).lower).toBe(0);
    expect(clopperPearsonInterval(9, 9).upper).toBe(1);
  });

  it('refuses impossible counts and confidences', () => {
    expect(() => clopperPearsonUpper(10, 9)).toThrow(
      'successes must be an integer in [0, 9], got 10',
    );
    expect(() => clopperPearsonUpper(0, 0)).toThrow('binomial n must be an integer >= 1, got 0');
    expect(() => clopperPearsonUpper(1, 9, 1)).toThrow(
      'confidence must lie strictly between 0 and 1',
    );
  });
});
