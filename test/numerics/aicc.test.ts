// AICc (Burnham & Anderson 2002) on a hand-worked example.
import { describe, expect, it } from 'vitest';
import { aicc, aiccDefined, aiccParameterCount } from '../../src/numerics/aicc.ts';

describe('AICc', () => {
  it('n = 10, WRSS = 2, p = 2 (K = 3): 10 ln 0.2 + 6 + 24/6', () => {
    expect(aicc(2, 10, 2)).toBeCloseTo(10 * Math.log(0.2) + 6 + 4, 12);
  });
  it('K without the variance: 10 ln 0.2 + 4 + 12/7', () => {
    expect(aicc(2, 10, 2, { countVariance: false })).toBeCloseTo(
      10 * Math.log(0.2) + 4 + 12 / 7,
      12,
    );
  });
  it('is undefined when n <= K + 1', () => {
    expect(aiccParameterCount(2)).toBe(3);
    expect(aiccDefined(4, 2)).toBe(false);
    expect(aicc(1, 4, 2)).toBeNull();
    expect(aiccDefined(5, 2)).toBe(true);
    expect(aicc(0, 10, 2)).toBeNull();
  });
});
