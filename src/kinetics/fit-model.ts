/**
 * Fit of one sum-of-exponentials model: closed form for a mono-exponential through exactly as many
 * points as parameters, else Levenberg-Marquardt from several starts (initial-guess.ts), keeping
 * the lowest chi-square; components are then put in canonical order (fast to slow).
 */
import { aicc } from '../numerics/aicc.ts';
import { levenbergMarquardt, type LeastSquaresFit } from '../numerics/levenberg-marquardt.ts';
import { invertSymmetric, weightedNormalMatrix, zeroMatrix } from '../numerics/linalg.ts';
import { valueAndGradient, type ExponentialModel } from './exponential-models.ts';
import { initialGuesses } from './initial-guess.ts';

/** Data of a fit: times (h), values, weights, and whether weights are absolute (1/sigma^2). */
export interface FitData {
  timeH: number[];
  value: number[];
  weight: number[];
  absoluteWeights: boolean;
}

/** Result of fitting one exponential model. */
export interface ModelFit {
  model: ExponentialModel;
  params: number[];
  /** Zeros when not available (covarianceAvailable false). */
  covariance: number[][];
  covarianceAvailable: boolean;
  converged: boolean;
  exact: boolean;
  residuals: number[];
  chiSquare: number;
  aicc: number | null;
  /** Reasons the parameters are not physical (empty when they are). */
  problems: string[];
  reason: string;
}

/** Relative floor of the weighted SSR in the AICc, so exact fits rank by their penalty only. */
export const SSR_FLOOR = 1e-20;

function exactMono(model: ExponentialModel, d: FitData): number[] | null {
  const s = model.shiftH;
  if (model.normalised) {
    const v0 = model.components([0])[0]?.amplitude ?? 0;
    const [t1 = 0] = d.timeH;
    const [y1 = 0] = d.value;
    if (!(y1 > 0) || !(v0 > 0)) return null;
    return [Math.log(v0 / y1) / (t1 - s)];
  }
  const [t1 = 0, t2 = 0] = d.timeH;
  const [y1 = 0, y2 = 0] = d.value;
  if (!(y1 > 0 && y2 > 0)) return null;
  const lambda = Math.log(y1 / y2) / (t2 - t1);
  return [y1 * Math.exp(lambda * t1), lambda];
}

function physicalProblems(model: ExponentialModel, p: number[]): string[] {
  const problems: string[] = [];
  const comps = model.components(p);
  if (comps.some((c) => !(c.amplitude > 0)) && model.name !== 'mono-uptake') {
    problems.push('non-positive amplitude');
  }
  if (model.name === 'mono-uptake') {
    const [a = 0, l = 0, lu = 0] = p;
    if (!(a > 0)) problems.push('non-positive amplitude');
    if (!(lu > l)) problems.push('uptake not faster than clearance');
  }
  if (comps.length > 1 && comps.some((c) => !(c.lambdaPerH > 0))) {
    problems.push('non-positive decay constant');
  }
  model.lambdaIndices.forEach((i) => {
    const l = p[i] ?? 0;
    const lower = model.lowerBounds[i] ?? -Infinity;
    const upper = model.upperBounds[i] ?? Infinity;
    if (l < lower || l > upper) {
      // Only exact (closed-form) fits can leave the box: the iterative fit is clamped to it.
      problems.push(
        `decay constant ${l.toPrecision(3)} /h outside the plausible range ${lower.toPrecision(3)} to ${upper.toPrecision(3)} /h: result unreliable`,
      );
    } else if (l === lower || l === upper) {
      problems.push(`decay constant at its bound (${l.toPrecision(3)} /h)`);
    }
  });
  return [...new Set(problems)];
}

/** Weighted least-squares (or exact) fit of `model` to the data, with AICc (K = p + 1). */
export function fitExponentialModel(model: ExponentialModel, d: FitData): ModelFit {
  const m = model.paramNames.length;
  const n = d.timeH.length;
  const lm = {
    value: (p: readonly number[], t: number) => valueAndGradient(model, p, t).value,
    gradient: (p: readonly number[], t: number) => valueAndGradient(model, p, t).gradient,
  };
  const common = {
    lowerBounds: model.lowerBounds,
    upperBounds: model.upperBounds,
    weights: d.weight,
    covarianceScaling: d.absoluteWeights ? ('none' as const) : ('reduced-chi-square' as const),
  };
  let fit: LeastSquaresFit | null = null;
  const exact = n === m;
  const closed = exact && model.lambdaIndices.length === 1 ? exactMono(model, d) : null;
  if (closed !== null) {
    const residuals = d.timeH.map((t, i) => (d.value[i] ?? 0) - lm.value(closed, t));
    fit = {
      params: closed,
      converged: true,
      iterations: 0,
      chiSquare: residuals.reduce((s, r, i) => s + (d.weight[i] ?? 0) * r * r, 0),
      residuals,
      covariance: null,
      degreesOfFreedom: 0,
      atBounds: [],
      reason: 'exact fit',
    };
  } else {
    for (const start of initialGuesses(model, d.timeH, d.value, d.weight)) {
      let f = levenbergMarquardt(lm, d.timeH, d.value, { ...common, initialParams: start });
      const canonical = model.canonical(f.params);
      if (canonical.some((v, i) => v !== f.params[i])) {
        f = levenbergMarquardt(lm, d.timeH, d.value, { ...common, initialParams: canonical });
      }
      const better =
        fit === null ||
        (f.converged && !fit.converged) ||
        (f.converged === fit.converged && f.chiSquare < fit.chiSquare);
      if (better) fit = f;
    }
  }
  if (fit === null) {
    // The data give the model no starting point (e.g. values so small that their logarithms
    // break the initial guess): the model is not fitted, and the selection drops it.
    return {
      model,
      params: model.paramNames.map(() => NaN),
      covariance: zeroMatrix(m),
      covarianceAvailable: false,
      converged: false,
      exact,
      residuals: d.value.map(() => NaN),
      chiSquare: Infinity,
      aicc: null,
      problems: ['the values give it no starting point'],
      reason: 'no starting values from the data',
    };
  }
  let covariance = fit.covariance;
  if (exact) {
    // no degrees of freedom: only absolute sigmas propagate (J^-1 W^-1 J^-T)
    covariance = null;
    if (d.absoluteWeights) {
      const jac = d.timeH.map((t) => valueAndGradient(model, fit.params, t).gradient);
      covariance = invertSymmetric(weightedNormalMatrix(jac, d.weight, m));
    }
  }
  const dataScale = d.value.reduce((s, y, i) => s + (d.weight[i] ?? 0) * y * y, 0);
  const ssr = Math.max(fit.chiSquare, SSR_FLOOR * dataScale);
  return {
    model,
    params: fit.params,
    covariance: covariance ?? zeroMatrix(m),
    covarianceAvailable: covariance !== null,
    converged: fit.converged,
    exact,
    residuals: fit.residuals,
    chiSquare: fit.chiSquare,
    aicc: aicc(ssr, n, m),
    problems: physicalProblems(model, fit.params),
    reason: fit.reason,
  };
}
