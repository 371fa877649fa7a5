// Levenberg-Marquardt checked on problems with known answers: a straight line (the weighted
// least-squares solution and covariance are closed-form) and an exponential from known parameters.
import { describe, expect, it } from 'vitest';
import {
  levenbergMarquardt,
  type ParametricModel,
} from '../../src/numerics/levenberg-marquardt.ts';

const line: ParametricModel = {
  value: ([a = 0, b = 0], x) => a + b * x,
  gradient: (_p, x) => [1, x],
};
const exponential: ParametricModel = {
  value: ([a = 0, l = 0], x) => a * Math.exp(-l * x),
  gradient: ([a = 0, l = 0], x) => [Math.exp(-l * x), -a * x * Math.exp(-l * x)],
};

describe('weighted straight line (closed form: Draper & Smith, Applied Regression, ch. 9)', () => {
  const x = [0, 1, 2, 3, 4, 5];
  const y = [1.1, 2.9, 5.2, 6.8, 9.1, 11.0];
  const w = [1, 2, 1, 4, 1, 2];
  const sw = w.reduce((s, v) => s + v, 0);
  const sx = x.reduce((s, v, i) => s + (w[i] ?? 0) * v, 0);
  const sy = y.reduce((s, v, i) => s + (w[i] ?? 0) * v, 0);
  const sxx = x.reduce((s, v, i) => s + (w[i] ?? 0) * v * v, 0);
  const sxy = x.reduce((s, v, i) => s + (w[i] ?? 0) * v * (y[i] ?? 0), 0);
  const det = sw * sxx - sx * sx;
  const b = (sw * sxy - sx * sy) / det;
  const a = (sy - b * sx) / sw;
  const chi = y.reduce((s, v, i) => s + (w[i] ?? 0) * (v - a - b * (x[i] ?? 0)) ** 2, 0);

  it('parameters and unscaled covariance (J^T W J)^-1', () => {
    const fit = levenbergMarquardt(line, x, y, {
      initialParams: [0, 0],
      weights: w,
      covarianceScaling: 'none',
    });
    expect(fit.converged).toBe(true);
    expect(fit.params[0]).toBeCloseTo(a, 10);
    expect(fit.params[1]).toBeCloseTo(b, 10);
    expect(fit.chiSquare).toBeCloseTo(chi, 10);
    expect(fit.covariance?.[0]?.[0]).toBeCloseTo(sxx / det, 12);
    expect(fit.covariance?.[0]?.[1]).toBeCloseTo(-sx / det, 12);
    expect(fit.covariance?.[1]?.[1]).toBeCloseTo(sw / det, 12);
  });

  it('reduced-chi-square scaling multiplies the covariance by chi^2 / (n - p)', () => {
    const fit = levenbergMarquardt(line, x, y, { initialParams: [0, 0], weights: w });
    expect(fit.covariance?.[1]?.[1]).toBeCloseTo(((sw / det) * chi) / (x.length - 2), 12);
    expect(fit.degreesOfFreedom).toBe(4);
  });
});

describe('exponential from known parameters', () => {
  const x = [1, 4, 8, 24, 48, 96];
  const y = x.map((t) => 0.02 * Math.exp(-0.03 * t));

  it('recovers A and lambda to 1e-8 from a start 5x and 3x off', () => {
    const fit = levenbergMarquardt(exponential, x, y, { initialParams: [0.1, 0.1] });
    expect(fit.converged).toBe(true);
    expect(Math.abs((fit.params[0] ?? 0) / 0.02 - 1)).toBeLessThan(1e-8);
    expect(Math.abs((fit.params[1] ?? 0) / 0.03 - 1)).toBeLessThan(1e-8);
    expect(fit.residuals.every((r) => Math.abs(r) < 1e-12)).toBe(true);
  });

  it('keeps parameters inside bounds and reports the active bound', () => {
    const fit = levenbergMarquardt(exponential, x, y, {
      initialParams: [0.01, 0.01],
      lowerBounds: [0, 0],
      upperBounds: [0.015, 1],
    });
    expect(fit.params[0]).toBe(0.015);
    expect(fit.atBounds).toEqual([0]);
  });

  it('does not claim convergence on a plateau where the model vanishes (lambda -> large)', () => {
    const fit = levenbergMarquardt(exponential, x, y, { initialParams: [1, 0.5] });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toBe('singular Jacobian');
  });

  it('reports non-convergence when the iteration limit is reached', () => {
    const fit = levenbergMarquardt(exponential, x, y, {
      initialParams: [1, 0.5],
      maxIterations: 2,
    });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toBe('maximum iterations');
  });
});

describe('termination: converged only on the MINPACK success tests (info 1-4)', () => {
  const x = [1, 4, 8, 24, 48, 96];
  const y = x.map((t) => 0.02 * Math.exp(-0.03 * t) * (1 + 0.05 * Math.sin(t)));

  it('a minimum on a bound is converged, the free parameter at its 1-D least-squares value', () => {
    const fit = levenbergMarquardt(exponential, x, y, {
      initialParams: [0.01, 0.01],
      lowerBounds: [0, 0],
      upperBounds: [0.015, 1],
    });
    // independent reference: with A = 0.015 fixed, d chi^2 / d lambda = 0 solved by bisection
    const a = 0.015;
    const slope = (l: number) =>
      x.reduce((s, t, i) => s + ((y[i] ?? 0) - a * Math.exp(-l * t)) * t * Math.exp(-l * t), 0);
    let lo = 0.001;
    let hi = 0.1;
    for (let k = 0; k < 200; k++) {
      const mid = (lo + hi) / 2;
      if (Math.sign(slope(mid)) === Math.sign(slope(lo))) lo = mid;
      else hi = mid;
    }
    expect(fit.converged).toBe(true);
    expect(fit.params[0]).toBe(a);
    expect(Math.abs((fit.params[1] ?? 0) / lo - 1)).toBeLessThan(1e-6);
  });

  it("'no further reduction possible' (a Jacobian pointing uphill) is not convergence", () => {
    const uphill: ParametricModel = {
      value: exponential.value,
      gradient: (p, t) => exponential.gradient(p, t).map((g) => -g),
    };
    const fit = levenbergMarquardt(uphill, x, y, { initialParams: [0.01, 0.01] });
    expect(fit.reason).toBe('no further reduction possible');
    expect(fit.converged).toBe(false);
  });
});

describe('options are checked in one place', () => {
  const x = [1, 2, 3];
  const y = [1, 2, 3];
  it.each([
    [{ initialParams: [] }, 'The initialParams option must be a non-empty array of numbers'],
    [{ initialParams: [0, NaN] }, 'The initialParams option must contain only finite numbers'],
    [
      { initialParams: [0, 0], damping: -1 },
      'The damping option must be a positive finite number, got -1',
    ],
    [
      { initialParams: [0, 0], maxIterations: 0 },
      'The maxIterations option must be a positive integer, got 0',
    ],
    [
      { initialParams: [0, 0], lowerBounds: [0] },
      'The lowerBounds option must have 2 entries, got 1',
    ],
    [
      { initialParams: [0, 0], lowerBounds: [1, 0], upperBounds: [0, 1] },
      'The lowerBounds option must not exceed upperBounds (parameter 0)',
    ],
    [{ initialParams: [0, 0], weights: [1, 1] }, 'The weights option must have 3 entries, got 2'],
    [
      { initialParams: [0, 0], weights: [0, 0, 0] },
      'The weights option must contain finite non-negative numbers, not all zero',
    ],
    [
      { initialParams: [0, 0], stepTolerance: 0 },
      'The stepTolerance option must be a positive finite number, got 0',
    ],
  ])('%j -> %s', (options, message) => {
    expect(() => levenbergMarquardt(line, x, y, options)).toThrow(message);
  });
  it('x and y of different length', () => {
    expect(() => levenbergMarquardt(line, [1, 2], [1], { initialParams: [0, 0] })).toThrow(
      'x and y must have the same length, got 2 and 1',
    );
  });
});
