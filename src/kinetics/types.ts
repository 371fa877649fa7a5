/**
 * Public types of the kinetics layer: time-activity points, fit options and results. Times are
 * hours after administration; values are fractions of the administered activity (or per-mL
 * fractions), 131I-equivalent, computed by the caller.
 */
import type { FitQuality, PointLabel } from './fit-quality.ts';

export type { FitQuality, FitQualityFlag, PointLabel } from './fit-quality.ts';

/** One measured point of a time-activity curve (sigma: absolute 1-sd uncertainty of value). */
export interface TimeActivityPoint {
  timeH: number;
  value: number;
  sigma?: number;
}

/** Curve models: sums of exponentials, or the non-parametric trapezoid. */
export type KineticModelName = 'mono' | 'bi' | 'tri' | 'mono-uptake' | 'trapezoid';

/** The parametric (sum-of-exponentials) models. */
export type ExponentialModelName = Exclude<KineticModelName, 'trapezoid'>;

/** What follows the last point: the fitted curve, or physical decay from its value there. */
export type TailRule = 'seed' | 'fit' | 'physical';

/** How the model is chosen among `models` (model-choice.ts). */
export type ModelSelection = 'aicc' | 'preferred';

/** Options of fitKinetics; defaults in KINETICS_DEFAULTS (fit-kinetics.ts). */
export interface KineticsOptions {
  /**
   * Candidate models. With selection 'aicc' (default) the lowest AICc among them; default: every
   * parametric model the points support (mono always). With 'preferred' an order of preference,
   * the first model the points determine is used (default ['bi', 'mono']).
   */
  models?: KineticModelName[];
  selection?: ModelSelection;
  /** How warnings name the points and show their values (default: "point", values as fitted). */
  pointLabel?: PointLabel;
  /** Decay constant of 131I per hour (tail rule and lambda bounds use it). */
  physicalDecayConstantPerH: number;
  /**
   * 'seed' (default): after the last point the fitted curve, but if the terminal lambda_eff <
   * lambda_phys (T_eff > T_phys), physical decay from the fitted value at the last point (seed
   * paper, Data analysis). 'fit': always the curve (physical if it would not converge).
   * 'physical': always physical decay from the fitted value at the last point.
   */
  tailRule?: TailRule;
  /** 'linear': from 0 at t = 0 to the fitted value at the first point; 'none': curve from 0. */
  uptakePhase?: 'none' | 'linear';
  /**
   * Whole-body retention form: the curve is forced through the first point (t0, v0) (v0 = 1 when
   * the caller divided by the first count) and held at v0 on [0, t0].
   */
  normalisedAtFirstPoint?: boolean;
  /** Default: 'sigma' when every point has sigma, else 'relative' (weights 1/value^2). */
  weighting?: 'uniform' | 'relative' | 'sigma';
  /** Field path for error messages, e.g. "measurements.lesions[L1]". */
  where?: string;
}

/** A component A e^{-lambda (t - shiftH)} of a fitted curve. */
export interface ExponentialComponent {
  amplitude: number;
  lambdaPerH: number;
}

/**
 * The curve used for integration, serialisable: before the first point (fitted curve, linear
 * uptake from 0, or held at the first value), between first and last point (the model), after the
 * last point (the curve, or exponential decay from the value at the last point).
 */
export interface KineticsCurve {
  /** Sum of components A e^{-lambda (t - shiftH)} (empty for the trapezoid). */
  components: ExponentialComponent[];
  shiftH: number;
  /** Piecewise-linear knots from t = 0 (trapezoid only; empty otherwise). */
  knots: { timeH: number; value: number }[];
  before: 'curve' | 'linear' | 'hold';
  firstTimeH: number;
  lastTimeH: number;
  tail: { kind: 'curve' } | { kind: 'exponential'; lambdaPerH: number; fromValue: number };
}

/** Which model was asked for, which was used, and why they differ (model-choice.ts). */
export interface ModelChoice {
  selection: ModelSelection;
  /** The first model of the preference list; null for 'aicc'. */
  requested: KineticModelName | null;
  used: KineticModelName;
  /** Why the requested model was not used (each model passed over, with its reasons); else null. */
  reason: string | null;
}

/** One candidate model of the selection. */
export interface KineticsCandidate {
  model: KineticModelName;
  aicc: number | null;
  converged: boolean;
  /** Weighted residual sum of squares. */
  ssr: number;
  /** Why it was not chosen when it could not be (non-physical, not converged); else absent. */
  dropped?: string;
}

/** Result of fitKinetics. */
export interface KineticsResult {
  model: KineticModelName;
  /** Named parameters, units in names (amplitude, lambdaPerH, fraction1, ...). */
  params: Record<string, number>;
  paramSigmas: Record<string, number>;
  /** Covariance in the order of Object.keys(params); zeros when not available (see warnings). */
  covariance: number[][];
  converged: boolean;
  /** Points fitted == parameters (e.g. mono through 2 points). */
  exact: boolean;
  /** value - curve per point (sorted by time). */
  residuals: number[];
  aicc: number | null;
  candidates: KineticsCandidate[];
  /** Which model was requested and used, and why they differ (model-choice.ts). */
  modelChoice: ModelChoice;
  /** The fitted curve held against its points (fit-quality.ts). */
  quality: FitQuality;
  /** ln 2 / terminal lambda; null for the trapezoid or a non-decreasing terminal phase. */
  effectiveHalfLifeH: number | null;
  tail: 'fit' | 'physical';
  /** Integral 0..inf of value dt (h x value units); the residence time when values are fractions. */
  timeIntegratedH: number;
  /** 1-sd of timeIntegratedH from the fit covariance (delta method, analytic gradient). */
  timeIntegratedSigmaH: number;
  parts: { beforeFirstH: number; measuredH: number; afterLastH: number };
  warnings: string[];
  /** The input points, sorted by time. */
  points: TimeActivityPoint[];
  /** The curve integrated (and evaluated by evaluateKinetics). */
  curve: KineticsCurve;
  /** Options as applied (defaults filled in). */
  settings: {
    selection: ModelSelection;
    physicalDecayConstantPerH: number;
    tailRule: TailRule;
    uptakePhase: 'none' | 'linear';
    normalisedAtFirstPoint: boolean;
    weighting: 'uniform' | 'relative' | 'sigma';
  };
}
