/**
 * Options of the Levenberg-Marquardt fit, their defaults (one table) and their validation (one
 * place, precise messages; after mljs/levenberg-marquardt check_options). Options come from code,
 * not from users, so a bad option is a programming error (plain Error).
 */

/** A model y = f(params, x) with its analytic gradient with respect to the parameters. */
export interface ParametricModel {
  value(params: readonly number[], x: number): number;
  gradient(params: readonly number[], x: number): number[];
}

/** How the covariance is scaled: 'reduced-chi-square' when weights are only relative. */
export type CovarianceScaling = 'reduced-chi-square' | 'none';

/** Options of levenbergMarquardt; defaults in LM_DEFAULTS. */
export interface LevenbergMarquardtOptions {
  initialParams: readonly number[];
  /** Per-parameter bounds; a step is clamped (projected) onto the box. */
  lowerBounds?: readonly number[];
  upperBounds?: readonly number[];
  /** Weight of each point (1/sigma^2); default all 1. */
  weights?: readonly number[];
  maxIterations?: number;
  /** Initial Marquardt damping mu of (J^T W J + mu diag(J^T W J)) delta = J^T W r. */
  damping?: number;
  /** Converged when an accepted step changes chi-square by less than this fraction. */
  chiSquareTolerance?: number;
  /** Converged when |delta| <= stepTolerance (|p| + stepTolerance). */
  stepTolerance?: number;
  /** Converged when every column of J is nearly orthogonal to r (cosine below this). */
  gradientTolerance?: number;
  covarianceScaling?: CovarianceScaling;
}

/** Defaults of the Levenberg-Marquardt options (the only place they are written). */
export const LM_DEFAULTS = {
  maxIterations: 500,
  damping: 1e-3,
  chiSquareTolerance: 1e-12,
  stepTolerance: 1e-10,
  gradientTolerance: 1e-10,
  covarianceScaling: 'reduced-chi-square' as CovarianceScaling,
};

/** Options with defaults filled in and bounds expanded to one entry per parameter. */
export interface CheckedOptions {
  initialParams: number[];
  lowerBounds: number[];
  upperBounds: number[];
  weights: number[];
  maxIterations: number;
  damping: number;
  chiSquareTolerance: number;
  stepTolerance: number;
  gradientTolerance: number;
  covarianceScaling: CovarianceScaling;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
    throw new Error(`The ${name} option must be a positive finite number, got ${String(v)}`);
  }
  return v;
}

/** The options with defaults applied; throws an Error naming the first bad option. */
export function checkOptions(
  options: LevenbergMarquardtOptions,
  x: readonly number[],
  y: readonly number[],
): CheckedOptions {
  if (x.length !== y.length) {
    throw new Error(`x and y must have the same length, got ${x.length} and ${y.length}`);
  }
  if (x.length === 0) throw new Error('The data must contain at least one point');
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) {
    throw new Error('The data x and y must be finite numbers');
  }
  const p = options.initialParams;
  if (!Array.isArray(p) || p.length === 0) {
    throw new Error('The initialParams option must be a non-empty array of numbers');
  }
  if (!p.every((v) => Number.isFinite(v))) {
    throw new Error('The initialParams option must contain only finite numbers');
  }
  const bound = (name: string, b: readonly number[] | undefined, fill: number): number[] => {
    if (b === undefined) return p.map(() => fill);
    if (b.length !== p.length) {
      throw new Error(`The ${name} option must have ${p.length} entries, got ${b.length}`);
    }
    if (b.some((v) => Number.isNaN(v))) throw new Error(`The ${name} option contains NaN`);
    return b.slice();
  };
  const lowerBounds = bound('lowerBounds', options.lowerBounds, -Infinity);
  const upperBounds = bound('upperBounds', options.upperBounds, Infinity);
  lowerBounds.forEach((lo, i) => {
    if (!(lo <= (upperBounds[i] ?? Infinity))) {
      throw new Error(`The lowerBounds option must not exceed upperBounds (parameter ${i})`);
    }
  });
  const weights = options.weights === undefined ? x.map(() => 1) : options.weights.slice();
  if (weights.length !== x.length) {
    throw new Error(`The weights option must have ${x.length} entries, got ${weights.length}`);
  }
  if (!weights.every((w) => Number.isFinite(w) && w >= 0) || !weights.some((w) => w > 0)) {
    throw new Error('The weights option must contain finite non-negative numbers, not all zero');
  }
  const maxIterations = options.maxIterations ?? LM_DEFAULTS.maxIterations;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`The maxIterations option must be a positive integer, got ${maxIterations}`);
  }
  const covarianceScaling = options.covarianceScaling ?? LM_DEFAULTS.covarianceScaling;
  if (covarianceScaling !== 'reduced-chi-square' && covarianceScaling !== 'none') {
    throw new Error(
      `The covarianceScaling option must be 'reduced-chi-square' or 'none', got ${String(covarianceScaling)}`,
    );
  }
  return {
    initialParams: p.slice(),
    lowerBounds,
    upperBounds,
    weights,
    maxIterations,
    damping: positive('damping', options.damping, LM_DEFAULTS.damping),
    chiSquareTolerance: positive(
      'chiSquareTolerance',
      options.chiSquareTolerance,
      LM_DEFAULTS.chiSquareTolerance,
    ),
    stepTolerance: positive('stepTolerance', options.stepTolerance, LM_DEFAULTS.stepTolerance),
    gradientTolerance: positive(
      'gradientTolerance',
      options.gradientTolerance,
      LM_DEFAULTS.gradientTolerance,
    ),
    covarianceScaling,
  };
}
