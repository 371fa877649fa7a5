/**
 * Weighted nonlinear least squares by Levenberg-Marquardt with an analytic Jacobian (Marquardt
 * 1963, SIAM J Appl Math 11:431; damping update of Nielsen 1999, IMM-REP-1999-05; stopping tests
 * after MINPACK, Moré 1978). Minimises chi^2 = sum w_i (y_i - f(p, x_i))^2 with p kept inside box
 * bounds by clamping each step onto the box.
 *
 * Termination and `converged` (mapped onto MINPACK lmder's info codes, Moré, Garbow & Hillstrom
 * 1980, ANL-80-74, and scipy.optimize.curve_fit, which accepts only info 1-4 and raises
 * "Optimal parameters not found" otherwise):
 *   'chi-square tolerance' (info 1: actual and predicted relative reduction of chi^2 <= ftol),
 *   'step tolerance' (info 2: relative step <= xtol), 'gradient tolerance' (info 4: cosine
 *   between the weighted residual and every column of J <= gtol; at a bound only the components
 *   that could move into the box count, the projected gradient of a box-constrained minimum) and
 *   'exact fit' (chi^2 at zero) are converged.
 *   'no further reduction possible' (info 6-8: the damping grew until no step reduced chi^2,
 *   while none of the tests above held), 'maximum iterations' (info 5), 'singular Jacobian' and
 *   'non-finite model values' are not.
 *
 * Covariance: (J^T W J)^-1 at the solution. With covarianceScaling 'reduced-chi-square' (the
 * default: weights known only up to a factor, e.g. 1/y^2) it is multiplied by chi^2 / (n - p), as
 * scipy.optimize.curve_fit(absolute_sigma=False); with 'none' (weights = 1/sigma^2 from known
 * sigmas) it is used as it stands, as curve_fit(absolute_sigma=True).
 */
import { invertSymmetric, solveSymmetric, weightedNormalMatrix, type Matrix } from './linalg.ts';
import { gradientOf, heldAtBound, maxCosine } from './levenberg-marquardt-gradient.ts';
import {
  checkOptions,
  type LevenbergMarquardtOptions,
  type ParametricModel,
} from './levenberg-marquardt-options.ts';

export type {
  CovarianceScaling,
  LevenbergMarquardtOptions,
  ParametricModel,
} from './levenberg-marquardt-options.ts';
export { LM_DEFAULTS } from './levenberg-marquardt-options.ts';

/** Why the iteration stopped. */
export type StopReason =
  | 'chi-square tolerance'
  | 'step tolerance'
  | 'gradient tolerance'
  | 'exact fit'
  | 'no further reduction possible'
  | 'maximum iterations'
  | 'singular Jacobian'
  | 'non-finite model values';

/** Result of a Levenberg-Marquardt fit. */
export interface LeastSquaresFit {
  params: number[];
  converged: boolean;
  iterations: number;
  /** Weighted residual sum of squares sum w (y - f)^2 at params. */
  chiSquare: number;
  /** y - f(params, x) per point (unweighted). */
  residuals: number[];
  /** Parameter covariance (scaling as documented above); null if J^T W J is singular or n <= p. */
  covariance: Matrix | null;
  /** Points with positive weight minus parameters. */
  degreesOfFreedom: number;
  /** Indices of parameters that ended on a bound. */
  atBounds: number[];
  reason: StopReason;
}

interface State {
  params: number[];
  residuals: number[];
  jacobian: number[][];
  chiSquare: number;
}

function evaluate(
  model: ParametricModel,
  params: number[],
  x: readonly number[],
  y: readonly number[],
  weights: readonly number[],
): State | null {
  const residuals: number[] = [];
  const jacobian: number[][] = [];
  let chiSquare = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    const r = (y[i] ?? 0) - model.value(params, xi);
    const g = model.gradient(params, xi);
    if (!Number.isFinite(r) || !g.every(Number.isFinite)) return null;
    residuals.push(r);
    jacobian.push(g);
    chiSquare += (weights[i] ?? 0) * r * r;
  }
  return { params, residuals, jacobian, chiSquare };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Least-squares parameters of `model` for the points (x, y) by Levenberg-Marquardt, with
 * convergence flag, covariance and residuals (Marquardt 1963; Nielsen 1999).
 */
export function levenbergMarquardt(
  model: ParametricModel,
  x: readonly number[],
  y: readonly number[],
  options: LevenbergMarquardtOptions,
): LeastSquaresFit {
  const o = checkOptions(options, x, y);
  const m = o.initialParams.length;
  const start = o.initialParams.map((v, j) =>
    clamp(v, o.lowerBounds[j] ?? -Infinity, o.upperBounds[j] ?? Infinity),
  );
  let state = evaluate(model, start, x, y, o.weights);
  if (state === null) return finish(model, start, x, y, o, 0, false, 'non-finite model values');
  const dataScale = y.reduce((s, yi, i) => s + (o.weights[i] ?? 0) * yi * yi, 0);
  let mu = o.damping;
  let nu = 2;
  let iteration = 0;
  while (iteration < o.maxIterations) {
    iteration++;
    const s: State = state;
    if (s.chiSquare <= 1e-30 * dataScale) {
      return finish(model, s.params, x, y, o, iteration - 1, true, 'exact fit');
    }
    const normal = weightedNormalMatrix(s.jacobian, o.weights, m);
    if (normal.some((row, j) => !((row[j] ?? 0) > 0))) {
      // a parameter without effect on any weighted point (e.g. e^{-l t} underflowed to 0)
      return finish(model, s.params, x, y, o, iteration - 1, false, 'singular Jacobian');
    }
    const full = gradientOf(s, o.weights, m);
    const held = heldAtBound(s.params, full, o);
    const g = full.map((v, j) => (held[j] === true ? 0 : v));
    if (maxCosine(normal, g, s.chiSquare, held) <= o.gradientTolerance) {
      return finish(model, s.params, x, y, o, iteration - 1, true, 'gradient tolerance');
    }
    const maxDiag = Math.max(...normal.map((row, j) => row[j] ?? 0));
    let accepted = false;
    while (!accepted) {
      if (mu > 1e20) {
        return finish(model, s.params, x, y, o, iteration, false, 'no further reduction possible');
      }
      const damped = normal.map((row, i) =>
        row.map((v, j) => {
          if (held[i] === true || held[j] === true) return i === j ? 1 : 0;
          return i === j ? v + mu * Math.max(v, 1e-15 * maxDiag) : v;
        }),
      );
      const step = solveSymmetric(damped, g);
      if (step === null) {
        mu *= nu;
        nu *= 2;
        continue;
      }
      const trial = s.params.map((p, j) =>
        clamp(p + (step[j] ?? 0), o.lowerBounds[j] ?? -Infinity, o.upperBounds[j] ?? Infinity),
      );
      const delta = trial.map((p, j) => p - (s.params[j] ?? 0));
      // predicted reduction of chi^2 from the linearised model: 2 d.g - d.N.d
      let predicted = 0;
      for (let i = 0; i < m; i++) {
        predicted += 2 * (delta[i] ?? 0) * (g[i] ?? 0);
        for (let j = 0; j < m; j++) {
          predicted -= (delta[i] ?? 0) * (normal[i]?.[j] ?? 0) * (delta[j] ?? 0);
        }
      }
      const next = evaluate(model, trial, x, y, o.weights);
      const actual = next === null ? -Infinity : s.chiSquare - next.chiSquare;
      const rho = predicted > 0 ? actual / predicted : actual > 0 ? 1 : -1;
      if (next !== null && actual > 0) {
        accepted = true;
        state = next;
        mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        const stepNorm = Math.hypot(...delta);
        const paramNorm = Math.hypot(...s.params);
        if (stepNorm <= o.stepTolerance * (paramNorm + o.stepTolerance)) {
          return finish(model, next.params, x, y, o, iteration, true, 'step tolerance');
        }
        const tol = o.chiSquareTolerance * s.chiSquare;
        if (actual <= tol && predicted <= tol && rho <= 2) {
          return finish(model, next.params, x, y, o, iteration, true, 'chi-square tolerance');
        }
      } else {
        mu *= nu;
        nu *= 2;
      }
    }
  }
  return finish(model, state.params, x, y, o, iteration, false, 'maximum iterations');
}

function finish(
  model: ParametricModel,
  params: number[],
  x: readonly number[],
  y: readonly number[],
  o: ReturnType<typeof checkOptions>,
  iterations: number,
  converged: boolean,
  reason: StopReason,
): LeastSquaresFit {
  const m = params.length;
  const s = evaluate(model, params, x, y, o.weights);
  const used = o.weights.filter((w) => w > 0).length;
  const degreesOfFreedom = used - m;
  const atBounds = params.flatMap((p, j) =>
    p === o.lowerBounds[j] || p === o.upperBounds[j] ? [j] : [],
  );
  if (s === null) {
    return {
      params,
      converged: false,
      iterations,
      chiSquare: NaN,
      residuals: x.map(() => NaN),
      covariance: null,
      degreesOfFreedom,
      atBounds,
      reason: 'non-finite model values',
    };
  }
  let covariance = invertSymmetric(weightedNormalMatrix(s.jacobian, o.weights, m));
  if (covariance !== null && o.covarianceScaling === 'reduced-chi-square') {
    const factor = degreesOfFreedom > 0 ? s.chiSquare / degreesOfFreedom : NaN;
    covariance = Number.isFinite(factor)
      ? covariance.map((row) => row.map((v) => v * factor))
      : null;
  }
  if (covariance !== null && covariance.some((row, i) => !((row[i] ?? NaN) >= 0))) {
    covariance = null;
  }
  return {
    params,
    converged,
    iterations,
    chiSquare: s.chiSquare,
    residuals: s.residuals,
    covariance,
    degreesOfFreedom,
    atBounds,
    reason,
  };
}
