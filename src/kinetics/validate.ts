/**
 * Checks of the points and options of fitKinetics, in one place: every problem is an InputError
 * naming the field (`${where}.points[i].timeH`, `${where}.options.models`, ...) and a fix.
 */
import { InputError } from '../core/errors.ts';
import { parameterCount } from './exponential-models.ts';
import type {
  ExponentialModelName,
  KineticModelName,
  KineticsOptions,
  ModelSelection,
  TailRule,
  TimeActivityPoint,
} from './types.ts';

const MODELS: readonly KineticModelName[] = ['mono', 'bi', 'tri', 'mono-uptake', 'trapezoid'];

/** Options after checking, with defaults filled in. */
export interface CheckedKineticsOptions {
  where: string;
  models: KineticModelName[] | undefined;
  selection: ModelSelection;
  physicalDecayConstantPerH: number;
  tailRule: TailRule;
  uptakePhase: 'none' | 'linear';
  normalisedAtFirstPoint: boolean;
  weighting: 'uniform' | 'relative' | 'sigma';
}

/** Defaults of the kinetics options (weighting: 'sigma' if all points have sigma, else 'relative'). */
export const KINETICS_DEFAULTS = {
  selection: 'aicc' as ModelSelection,
  /** Preference order of selection 'preferred' when no models are given (the seed's method). */
  preferredModels: ['bi', 'mono'] as KineticModelName[],
  tailRule: 'seed' as TailRule,
  uptakePhase: 'none' as 'none' | 'linear',
  normalisedAtFirstPoint: false,
};

function oneOf<T extends string>(
  where: string,
  name: string,
  value: T | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    throw new InputError(
      { field: `${where}.options.${name}` },
      `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Points closer than this are one time point measured twice, h (one minute, our choice: clocks
 * and DICOM times are recorded to the second or minute, and no protocol samples twice within a
 * minute; an exact fit through two points seconds apart gives a meaningless decay constant).
 */
export const SAME_TIME_H = 1 / 60;

/** The points sorted by time; throws InputError on too few, negative, non-finite or duplicates. */
export function checkPoints(
  points: readonly TimeActivityPoint[],
  where: string,
): TimeActivityPoint[] {
  if (!Array.isArray(points) || points.length < 2) {
    const got = Array.isArray(points) ? points.length : 0;
    throw new InputError(
      { field: `${where}.points` },
      `too few points for any model: got ${got}, need at least 2`,
      'measure at least two time points',
    );
  }
  points.forEach((p, i) => {
    const at = `${where}.points[${i}]`;
    if (typeof p.timeH !== 'number' || !Number.isFinite(p.timeH)) {
      throw new InputError(
        { field: `${at}.timeH` },
        `expected a finite time in hours, got ${String(p.timeH)}`,
      );
    }
    if (p.timeH < 0) {
      throw new InputError(
        { field: `${at}.timeH` },
        `expected a time >= 0 h after administration, got ${p.timeH}`,
        'times count from the administration; check the date-times',
      );
    }
    if (typeof p.value !== 'number' || !Number.isFinite(p.value)) {
      throw new InputError(
        { field: `${at}.value` },
        `expected a finite value, got ${String(p.value)}`,
      );
    }
    if (p.value < 0) {
      throw new InputError({ field: `${at}.value` }, `expected a value >= 0, got ${p.value}`);
    }
    if (p.sigma !== undefined && !(Number.isFinite(p.sigma) && p.sigma > 0)) {
      throw new InputError(
        { field: `${at}.sigma` },
        `expected a positive finite sigma, got ${String(p.sigma)}`,
        'leave sigma out when the uncertainty is unknown',
      );
    }
    const first = points.findIndex((q) => Math.abs(q.timeH - p.timeH) < SAME_TIME_H);
    if (first < i) {
      const apart = Math.abs((points[first]?.timeH ?? p.timeH) - p.timeH) * 3600;
      throw new InputError(
        { field: `${at}.timeH` },
        apart === 0
          ? `duplicate time ${p.timeH} h (also at points[${first}])`
          : `duplicate time ${Number(p.timeH.toPrecision(6))} h: ${Number(apart.toPrecision(3))} s from points[${first}], less than a minute apart`,
        'merge or remove repeated measurements',
      );
    }
  });
  if (points.every((p) => p.value === 0)) {
    throw new InputError({ field: `${where}.points` }, 'all values are zero: nothing to fit');
  }
  return points.map((p) => ({ ...p })).sort((a, b) => a.timeH - b.timeH);
}

/** The options with defaults; throws InputError on unknown values or unsupported models. */
export function checkKineticsOptions(
  options: KineticsOptions,
  points: readonly TimeActivityPoint[],
): CheckedKineticsOptions {
  const where = options.where ?? 'kinetics';
  const lambda = options.physicalDecayConstantPerH;
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda <= 0) {
    throw new InputError(
      { field: `${where}.options.physicalDecayConstantPerH` },
      `expected a positive decay constant per hour, got ${String(lambda)}`,
      'pass I131.decayConstantPerH',
    );
  }
  const tailRule = oneOf(
    where,
    'tailRule',
    options.tailRule,
    ['seed', 'fit', 'physical'],
    KINETICS_DEFAULTS.tailRule,
  );
  const uptakePhase = oneOf(
    where,
    'uptakePhase',
    options.uptakePhase,
    ['none', 'linear'],
    KINETICS_DEFAULTS.uptakePhase,
  );
  const allSigma = points.every((p) => p.sigma !== undefined);
  const weighting = oneOf(
    where,
    'weighting',
    options.weighting,
    ['uniform', 'relative', 'sigma'],
    allSigma ? 'sigma' : 'relative',
  );
  if (weighting === 'sigma' && !allSigma) {
    const i = points.findIndex((p) => p.sigma === undefined);
    throw new InputError(
      { field: `${where}.points[${i}].sigma` },
      `weighting 'sigma' needs a sigma on every point; points[${i}] has none`,
      "give every sigma or use weighting 'relative'",
    );
  }
  const normalisedAtFirstPoint =
    options.normalisedAtFirstPoint ?? KINETICS_DEFAULTS.normalisedAtFirstPoint;
  if (typeof normalisedAtFirstPoint !== 'boolean') {
    throw new InputError(
      { field: `${where}.options.normalisedAtFirstPoint` },
      'expected true or false',
    );
  }
  const selection = oneOf(
    where,
    'selection',
    options.selection,
    ['aicc', 'preferred'],
    KINETICS_DEFAULTS.selection,
  );
  const given =
    options.models ?? (selection === 'preferred' ? KINETICS_DEFAULTS.preferredModels : undefined);
  const models = given === undefined ? undefined : [...new Set(given)];
  if (models !== undefined) {
    if (models.length === 0) {
      throw new InputError({ field: `${where}.options.models` }, 'expected at least one model');
    }
    for (const name of models) {
      if (!MODELS.includes(name)) {
        throw new InputError(
          { field: `${where}.options.models` },
          `unknown model ${JSON.stringify(name)}; expected one of ${MODELS.join(', ')}`,
        );
      }
    }
  }
  return {
    where,
    models,
    selection,
    physicalDecayConstantPerH: lambda,
    tailRule,
    uptakePhase,
    normalisedAtFirstPoint,
    weighting,
  };
}

/** Throws InputError when an explicitly requested model cannot be fitted to the points. */
export function checkRequestedModel(
  name: ExponentialModelName,
  fitPoints: number,
  o: CheckedKineticsOptions,
): void {
  if (name === 'mono-uptake' && o.normalisedAtFirstPoint) {
    throw new InputError(
      { field: `${o.where}.options.models` },
      "model 'mono-uptake' has no normalised form (normalisedAtFirstPoint: true)",
      "use 'mono', 'bi' or 'tri' for whole-body retention",
    );
  }
  const p = parameterCount(name, o.normalisedAtFirstPoint);
  if (fitPoints < p) {
    const after = o.normalisedAtFirstPoint ? ' after the first (normalising) point' : '';
    throw new InputError(
      { field: `${o.where}.options.models` },
      `model '${name}' needs at least ${p} points${after}, got ${fitPoints}`,
      'choose a model with fewer parameters or leave models out to select automatically',
    );
  }
}
