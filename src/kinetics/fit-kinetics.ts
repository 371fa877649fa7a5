/**
 * fitKinetics: fits the candidate time-activity models, selects one (by AICc, Glatting et al. 2007,
 * Med Phys 34:4285; NUKFIT, Kletting et al. 2013, Med Phys 40:102504; or the first of a preference
 * list the points determine, model-choice.ts) and integrates it from 0 to infinity with the uptake
 * and tail rules (seed paper, Data analysis), with the uncertainty of the integral from the fit
 * covariance by the delta method, and holds the curve against its points (fit-quality.ts).
 *
 * Weighting: 'sigma' -> w = 1/sigma^2, covariance unscaled (sigmas absolute); 'relative' -> w =
 * 1/value^2 and 'uniform' -> w = 1, covariance scaled by chi^2/(n - p). AICc with K = p + 1.
 * Selection 'aicc': among candidates that converged, have physical parameters and a defined AICc
 * (n >= p + 3), the lowest AICc; when none qualifies, the mono-exponential (exact through 2 points).
 */
import { quadraticForm } from '../numerics/linalg.ts';
import { exponentialModel } from './exponential-models.ts';
import { fitExponentialModel, type FitData, type ModelFit } from './fit-model.ts';
import { integrateExponential } from './integrate.ts';
import { integrateTrapezoid } from './trapezoid.ts';
import { evaluateCurve } from './evaluate.ts';
import { fitQuality, fitQualityWarnings, GENERIC_POINT_LABEL } from './fit-quality.ts';
import { selectByAicc, selectPreferred } from './select-model.ts';
import { InputError } from '../core/errors.ts';
import { checkKineticsOptions, checkPoints, type CheckedKineticsOptions } from './validate.ts';
import type {
  ExponentialModelName,
  KineticsOptions,
  KineticsResult,
  TimeActivityPoint,
} from './types.ts';

/** Relative uncertainty of the integral above which a warning is added. */
export const TIA_UNCERTAINTY_WARNING = 0.3;

function fitData(
  points: TimeActivityPoint[],
  o: CheckedKineticsOptions,
  warnings: string[],
): FitData {
  const positive = points.map((p) => p.value).filter((v) => v > 0);
  const smallest = Math.min(...positive);
  if (o.weighting === 'relative' && points.some((p) => p.value === 0)) {
    warnings.push('relative weighting: zero values weighted like the smallest positive value');
  }
  const weight = points.map((p) => {
    if (o.weighting === 'sigma') return 1 / (p.sigma ?? 1) ** 2;
    if (o.weighting === 'uniform') return 1;
    return 1 / (p.value > 0 ? p.value : smallest) ** 2;
  });
  return {
    timeH: points.map((p) => p.timeH),
    value: points.map((p) => p.value),
    weight,
    absoluteWeights: o.weighting === 'sigma',
  };
}

/** Fits, selects and integrates a time-activity curve (values x hours; see the file comment). */
export function fitKinetics(points: TimeActivityPoint[], options: KineticsOptions): KineticsResult {
  const where = options.where ?? 'kinetics';
  const sorted = checkPoints(points, where);
  const o = checkKineticsOptions(options, sorted);
  const warnings: string[] = [];
  const first = sorted[0] as TimeActivityPoint;
  const last = sorted[sorted.length - 1] as TimeActivityPoint;
  if (o.normalisedAtFirstPoint && !(first.value > 0)) {
    throw new InputError(
      { field: `${where}.points[0].value` },
      `the normalised form needs a positive first value, got ${first.value}`,
      'divide the counts by the first count (before voiding)',
    );
  }
  const fitPoints = o.normalisedAtFirstPoint ? sorted.slice(1) : sorted;
  if (o.normalisedAtFirstPoint && !fitPoints.some((p) => p.value > 0)) {
    throw new InputError(
      { field: `${where}.points` },
      'every value after the first is zero: nothing to fit',
      'check the background subtraction of the later counts',
    );
  }
  const settings = {
    selection: o.selection,
    physicalDecayConstantPerH: o.physicalDecayConstantPerH,
    tailRule: o.tailRule,
    uptakePhase: o.uptakePhase,
    normalisedAtFirstPoint: o.normalisedAtFirstPoint,
    weighting: o.weighting,
  };

  const data = fitData(fitPoints, o, warnings);
  const normalisedAt = o.normalisedAtFirstPoint
    ? { timeH: first.timeH, value: first.value }
    : undefined;
  const fitOne = (name: ExponentialModelName): ModelFit => {
    const model = exponentialModel(name, o.physicalDecayConstantPerH, normalisedAt);
    if (
      name === 'mono' &&
      fitPoints.length === model.paramNames.length &&
      data.value.some((v) => !(v > 0))
    ) {
      throw new InputError(
        { field: `${where}.points` },
        `a mono-exponential through ${sorted.length} points needs positive values`,
        'add a point or remove the zero value',
      );
    }
    return fitExponentialModel(model, data);
  };
  const selected =
    o.selection === 'preferred'
      ? selectPreferred(fitPoints.length, o, fitOne)
      : selectByAicc(fitPoints.length, o, fitOne);
  const { chosen, candidates, choice } = selected;
  warnings.push(...selected.warnings);
  const label = options.pointLabel ?? GENERIC_POINT_LABEL;

  if (chosen === undefined) {
    const tr = integrateTrapezoid(sorted, { ...o, normalised: o.normalisedAtFirstPoint });
    const sigmaH =
      o.weighting === 'sigma'
        ? Math.sqrt(tr.gradient.reduce((s, g, i) => s + (g * (sorted[i]?.sigma ?? 0)) ** 2, 0))
        : 0;
    if (o.weighting !== 'sigma') warnings.push('trapezoid without point sigmas: no uncertainty');
    const quality = fitQuality(
      sorted,
      sorted.map((p) => evaluateCurve(tr.curve, p.timeH)),
    );
    return {
      model: 'trapezoid',
      params: {},
      paramSigmas: {},
      covariance: [],
      converged: true,
      exact: false,
      residuals: sorted.map(() => 0),
      aicc: null,
      candidates,
      modelChoice: choice,
      quality,
      effectiveHalfLifeH: null,
      tail: tr.tail,
      timeIntegratedH: tr.totalH,
      timeIntegratedSigmaH: sigmaH,
      parts: tr.parts,
      warnings: [
        ...warnings,
        ...tr.warnings,
        ...relativeWarning(sigmaH, tr.totalH),
        ...fitQualityWarnings(quality, label),
      ],
      points: sorted,
      curve: tr.curve,
      settings,
    };
  }
  const model = chosen.model;
  if (!chosen.converged) warnings.push(`fit did not converge (${chosen.reason})`);
  if (chosen.problems.length > 0) warnings.push(`${model.name}: ${chosen.problems.join(', ')}`);
  if (chosen.exact) {
    warnings.push(
      chosen.covarianceAvailable
        ? `only ${sorted.length} points: exact ${model.name} fit, uncertainty from the point sigmas only`
        : `only ${sorted.length} points: exact ${model.name === 'mono' ? 'mono-exponential' : model.name} through them, so the fit itself gives no uncertainty (none from residuals; the points' own uncertainties must be propagated)`,
    );
  } else if (!chosen.covarianceAvailable) {
    warnings.push('covariance not available (singular J^T W J): no uncertainty');
  }
  const integral = integrateExponential(model, chosen.params, {
    physicalDecayConstantPerH: o.physicalDecayConstantPerH,
    tailRule: o.tailRule,
    uptakePhase: o.uptakePhase,
    firstTimeH: first.timeH,
    lastTimeH: last.timeH,
  });
  const variance = quadraticForm(chosen.covariance, integral.gradient);
  const sigmaH = Math.sqrt(Math.max(variance, 0));
  const params: Record<string, number> = {};
  const paramSigmas: Record<string, number> = {};
  model.paramNames.forEach((name, i) => {
    params[name] = chosen.params[i] ?? NaN;
    paramSigmas[name] = Math.sqrt(Math.max(chosen.covariance[i]?.[i] ?? 0, 0));
  });
  const residuals = sorted.map(
    (p) =>
      p.value -
      integral.curve.components.reduce(
        (s, c) => s + c.amplitude * Math.exp(-c.lambdaPerH * (p.timeH - model.shiftH)),
        0,
      ),
  );
  const quality = fitQuality(
    sorted,
    sorted.map((p, i) => p.value - (residuals[i] ?? NaN)),
  );
  return {
    model: model.name,
    params,
    paramSigmas,
    covariance: chosen.covariance,
    converged: chosen.converged,
    exact: chosen.exact,
    residuals,
    aicc: chosen.aicc,
    candidates,
    modelChoice: choice,
    quality,
    effectiveHalfLifeH:
      integral.terminalLambdaPerH > 0 ? Math.LN2 / integral.terminalLambdaPerH : null,
    tail: integral.tail,
    timeIntegratedH: integral.totalH,
    timeIntegratedSigmaH: sigmaH,
    parts: integral.parts,
    warnings: [
      ...warnings,
      ...integral.warnings,
      ...relativeWarning(sigmaH, integral.totalH),
      ...fitQualityWarnings(quality, label),
    ],
    points: sorted,
    curve: integral.curve,
    settings,
  };
}

function relativeWarning(sigmaH: number, totalH: number): string[] {
  const relative = sigmaH / totalH;
  return relative > TIA_UNCERTAINTY_WARNING
    ? [`relative uncertainty of TIA ${Math.round(100 * relative)}%`]
    : [];
}
