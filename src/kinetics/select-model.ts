/**
 * The two selections of fitKinetics over fitted candidates (model-choice.ts says what each means):
 * the lowest AICc ('aicc'), or the first model of a preference list the points determine
 * ('preferred'). Both return the chosen fit (undefined: the trapezoid), the candidates as reported
 * on KineticsResult, the warnings and the ModelChoice.
 */
import { aiccDefined } from '../numerics/aicc.ts';
import { parameterCount } from './exponential-models.ts';
import type { ModelFit } from './fit-model.ts';
import {
  choosePreferred,
  MODEL_WORDS,
  notDeterminedReasons,
  pointShortage,
} from './model-choice.ts';
import { checkRequestedModel, type CheckedKineticsOptions } from './validate.ts';
import type {
  ExponentialModelName,
  KineticModelName,
  KineticsCandidate,
  ModelChoice,
} from './types.ts';

/** What a selection hands back to fitKinetics. */
export interface Selection {
  chosen: ModelFit | undefined;
  candidates: KineticsCandidate[];
  warnings: string[];
  choice: ModelChoice;
}

const PARAMETRIC: readonly ExponentialModelName[] = ['mono', 'bi', 'tri', 'mono-uptake'];
const TRAPEZOID: KineticsCandidate = { model: 'trapezoid', aicc: null, converged: true, ssr: 0 };

function candidateModels(
  fitPoints: number,
  o: CheckedKineticsOptions,
): { parametric: ExponentialModelName[]; trapezoid: boolean } {
  if (o.models !== undefined) {
    const parametric = o.models.filter((m): m is ExponentialModelName => m !== 'trapezoid');
    parametric.forEach((m) => checkRequestedModel(m, fitPoints, o));
    return { parametric, trapezoid: o.models.includes('trapezoid') };
  }
  const parametric = PARAMETRIC.filter((m) => {
    if (m === 'mono-uptake' && o.normalisedAtFirstPoint) return false;
    const p = parameterCount(m, o.normalisedAtFirstPoint);
    return m === 'mono' ? fitPoints >= p : aiccDefined(fitPoints, p);
  });
  return { parametric, trapezoid: false };
}

function usable(f: ModelFit): boolean {
  return f.converged && f.problems.length === 0 && (f.covarianceAvailable || f.exact);
}

function candidateOf(f: ModelFit): KineticsCandidate {
  const reasons = [...(f.converged ? [] : [`did not converge (${f.reason})`]), ...f.problems];
  if (!f.covarianceAvailable && !f.exact) reasons.push('singular covariance');
  return {
    model: f.model.name,
    aicc: f.aicc,
    converged: f.converged,
    ssr: f.chiSquare,
    ...(reasons.length > 0 ? { dropped: reasons.join(', ') } : {}),
  };
}

/** Lowest AICc among the usable candidates; mono (or the trapezoid) when none has one. */
export function selectByAicc(
  fitPoints: number,
  o: CheckedKineticsOptions,
  fitOne: (name: ExponentialModelName) => ModelFit,
): Selection {
  const warnings: string[] = [];
  const { parametric, trapezoid } = candidateModels(fitPoints, o);
  const fits = parametric.map(fitOne);
  const candidates = fits.map(candidateOf);
  const eligible = fits.filter((f) => usable(f) && f.aicc !== null);
  let chosen: ModelFit | undefined = eligible.reduce<ModelFit | undefined>(
    (best, f) => (best === undefined || (f.aicc ?? Infinity) < (best.aicc ?? Infinity) ? f : best),
    undefined,
  );
  let reason: string | null = null;
  if (chosen === undefined && fits.length > 0 && !(trapezoid && !fits.some(usable))) {
    const mono = fits.find((f) => f.model.name === 'mono');
    chosen = fits.length === 1 ? fits[0] : (mono ?? fits.find(usable) ?? fits[0]);
    if (chosen !== undefined && fits.length > 1) {
      reason = `no candidate with a defined AICc (${fitPoints} points): using ${chosen.model.name}`;
      warnings.push(reason);
    } else if (
      chosen !== undefined &&
      chosen.aicc === null &&
      o.models === undefined &&
      !chosen.exact
    ) {
      reason = `AICc needs more points (${fitPoints}): mono-exponential used without model selection`;
      warnings.push(reason);
    }
  }
  for (const c of candidates) {
    if (c.dropped !== undefined && c.model !== chosen?.model.name)
      warnings.push(`${c.model} dropped: ${c.dropped}`);
  }
  if (chosen === undefined || trapezoid) candidates.push({ ...TRAPEZOID });
  return {
    chosen,
    candidates,
    warnings,
    choice: {
      selection: 'aicc',
      requested: null,
      used: chosen?.model.name ?? 'trapezoid',
      reason,
    },
  };
}

/** The first model of o.models (in order) that the points determine (model-choice.ts). */
export function selectPreferred(
  fitPoints: number,
  o: CheckedKineticsOptions,
  fitOne: (name: ExponentialModelName) => ModelFit,
): Selection {
  const models = o.models ?? [];
  const attempts: { name: KineticModelName; fit: ModelFit | null; reasons: string[] }[] = [];
  for (const name of models) {
    if (name === 'trapezoid') {
      attempts.push({ name, fit: null, reasons: [] });
      break;
    }
    if (name === 'mono-uptake' && o.normalisedAtFirstPoint) checkRequestedModel(name, fitPoints, o);
    const p = parameterCount(name, o.normalisedAtFirstPoint);
    if (fitPoints < p) {
      attempts.push({
        name,
        fit: null,
        reasons: [pointShortage(name, fitPoints, p, o.normalisedAtFirstPoint)],
      });
      continue;
    }
    const fit = fitOne(name);
    const reasons = notDeterminedReasons(fit);
    attempts.push({ name, fit, reasons });
    if (reasons.length === 0) break;
  }
  if (!attempts.some((a) => a.fit !== null || a.name === 'trapezoid')) {
    // nothing could be fitted: the error of the least demanding model names the shortage
    const last = models.filter((m): m is ExponentialModelName => m !== 'trapezoid').at(-1);
    if (last !== undefined) checkRequestedModel(last, fitPoints, o);
    throw new Error(`selectPreferred: no model in ${models.map((m) => MODEL_WORDS[m]).join(', ')}`);
  }
  const { chosen, choice, warning } = choosePreferred(attempts);
  const used = attempts[chosen];
  const candidates = attempts.flatMap((a) => (a.fit === null ? [] : [candidateOf(a.fit)]));
  if (used?.name === 'trapezoid') candidates.push({ ...TRAPEZOID });
  return {
    chosen: used?.fit ?? undefined,
    candidates,
    warnings: warning === null ? [] : [warning],
    choice,
  };
}
