// A model that the data give no starting point is reported as not fitted, never thrown as an
// internal error: the selection then falls back to a model that can be fitted.
import { describe, expect, it } from 'vitest';
import { exponentialModel } from '../../src/kinetics/exponential-models.ts';
import { fitExponentialModel } from '../../src/kinetics/fit-model.ts';

describe('fitExponentialModel without starting values', () => {
  it('returns an unconverged fit with its reason instead of throwing', () => {
    const model = exponentialModel('bi', Math.LN2 / 192.5);
    // Values so large that every trial start's chi-square overflows to Infinity: no start.
    const timeH = [2, 6, 24, 48, 72, 108];
    const value = timeH.map((t) => 1e200 * Math.exp(-0.05 * t));
    const fit = fitExponentialModel(model, {
      timeH,
      value,
      weight: timeH.map(() => 1),
      absoluteWeights: false,
    });
    expect(fit.converged).toBe(false);
    expect(fit.aicc).toBeNull();
    expect(fit.problems.length).toBeGreaterThan(0);
  });
});
