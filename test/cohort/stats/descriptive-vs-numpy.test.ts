// Per-timepoint summaries: quantiles are numpy.quantile's default 'linear' (Hyndman & Fan type 7)
// and agree with numpy to 1e-12 relative on samples of 1 to 30 values, with and without ties.
import { describe, expect, it } from 'vitest';
import { quantile, summarize } from '../../../src/cohort/stats/index.ts';
import { quantileCases, relativeError } from './reference.ts';

describe.each(quantileCases)('numpy.quantile, $name', (c) => {
  it('every quantile agrees to 1e-12 relative', () => {
    c.q.forEach((q, i) => {
      expect(relativeError(quantile(c.values, q), c.quantiles[i] ?? NaN)).toBeLessThan(1e-12);
    });
  });

  it('the summary gives n, median, quartiles and extremes as numpy', () => {
    const s = summarize(c.values);
    expect(s.n).toBe(c.values.length);
    expect(relativeError(s.median ?? NaN, c.median)).toBeLessThan(1e-12);
    expect(relativeError(s.q1 ?? NaN, c.q1)).toBeLessThan(1e-12);
    expect(relativeError(s.q3 ?? NaN, c.q3)).toBeLessThan(1e-12);
    expect(s.min).toBe(c.min);
    expect(s.max).toBe(c.max);
  });
});

describe('summaries of degenerate samples', () => {
  it('an empty sample has n = 0 and null order statistics', () => {
    expect(summarize([])).toEqual({ n: 0, median: null, q1: null, q3: null, min: null, max: null });
  });

  it('a single value is its own median, quartiles and extremes', () => {
    expect(summarize([4.2])).toEqual({ n: 1, median: 4.2, q1: 4.2, q3: 4.2, min: 4.2, max: 4.2 });
  });

  it('four values 1, 2, 3, 10 give q1 = 1.75, median 2.5, q3 = 4.75 (type 7)', () => {
    const s = summarize([10, 3, 1, 2]);
    expect([s.q1, s.median, s.q3]).toEqual([1.75, 2.5, 4.75]);
  });

  it('refuses an empty sample, q outside [0, 1] and non-finite values', () => {
    expect(() => quantile([], 0.5)).toThrow('quantile of an empty sample is undefined');
    expect(() => quantile([1, 2], 1.5)).toThrow('quantile q must lie in [0, 1], got 1.5');
    expect(() => summarize([1, NaN])).toThrow(
      'summarize: value 1 is NaN; pass finite numbers only',
    );
  });
});
