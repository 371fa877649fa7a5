/**
 * Uncertainty from the measurements to the decision (EANM practical guidance on uncertainty
 * analysis, Gear et al., EJNMMI 2018;45:2456): the lesion and blood models of
 * lesion-model.ts and blood-model.ts, linearly propagated (numerical Jacobian) for
 * the sds, and sampled jointly (one seeded Monte Carlo for all lesions and the MTA) for the
 * probabilities at the therapy activity min(planned, MTA).
 */
import { InputError } from '../../core/errors.ts';
import type { BloodChainInput, BloodChainResult } from '../blood-chain-types.ts';
import type { RunSettings } from '../chain-settings.ts';
import { reachesThreshold } from '../eligibility.ts';
import type { LesionChainContext } from '../lesion-chain.ts';
import type { LesionChainInput, LesionDosimetry } from '../lesion-chain-types.ts';
import { bloodUncertaintyModel, type BloodUncertaintyModel } from './blood-model.ts';
import { lesionUncertaintyModel } from './lesion-model.ts';
import { quantile, sampleSd, standardNormalSamples } from './monte-carlo.ts';
import {
  centralJacobian,
  lognormalInterval95,
  propagateRow,
  type UncertaintyComponent,
} from './propagate.ts';
import type { LesionUncertainty } from './lesion-uncertainty.ts';

/**
 * How the Monte Carlo gets the MTA of a sample. 'linear' (default): each limit (blood, retention)
 * lognormal from its Jacobian row, exp of the same joint draws, then min per sample - the lesion
 * doses are recomputed in full, but two iterative blood fits per sample would cost about 20 ms
 * each sample; the blood dose is nearly linear in inputs of a few % (test/study/uncertainty.test.ts
 * compares both). 'full': the blood chain per sample.
 */

/** Fraction of failed Monte Carlo samples above which the probabilities are not trusted (ours). */
const MAX_FAILED_FRACTION = 0.05;

export type BloodSampling = 'linear' | 'full';

export interface StudyUncertainty {
  lesions: {
    doseSigmaGyPerGBq: number;
    dose95GyPerGBq: [number, number];
    doseAtTherapySigmaGy: number;
    probabilityReachesThreshold: number;
    uncertainty: LesionUncertainty;
  }[];
  blood: {
    /** Null when the propagation gives no finite sd (the reason says why). */
    doseSigmaGyPerGBq: number | null;
    doseSigmaNotAssessableReason: string | null;
    wbRetention48hSigmaPercent: number;
    components: Partial<Record<UncertaintyComponent, number>>;
  } | null;
  mta: { activitySigmaGBq: number; bloodLimitSigmaGBq: number; lungLimitSigmaGBq: number } | null;
  probabilityEligible: number;
  monteCarlo: {
    samples: number;
    seed: number;
    failedSamples: number;
    bloodSampling: BloodSampling | 'no MTA';
    method: string;
  };
  warnings: string[];
}

export interface UncertaintyInputs {
  /** The run's settings; settings.uncertainty is the budget. */
  settings: RunSettings;
  /** The lesion chain's inputs and context (the recovery curve perturbed), and its results. */
  lesionInputs: readonly LesionChainInput[];
  lesionContext: LesionChainContext;
  lesions: readonly LesionDosimetry[];
  /** The blood chain's inputs and results; null without blood data. */
  bloodInput: BloodChainInput | null;
  blood: BloodChainResult | null;
  mta: { activityGBq: number; retentionLimitGBq: number } | null;
  bloodSampling?: BloodSampling;
}

/** Sds, intervals and probabilities of one study (no I/O; deterministic from the seed). */
export function computeUncertainty(x: UncertaintyInputs): StudyUncertainty {
  const { settings } = x;
  const u = settings.uncertainty;
  const lesionModel = lesionUncertaintyModel(x.lesionInputs, x.lesions, x.lesionContext, u);
  const lesionJacobian = centralJacobian(lesionModel.evaluate, lesionModel.inputs.length);
  const lesionSigmas = x.lesions.map((_, i) =>
    propagateRow(lesionJacobian[i] ?? [], lesionModel.inputs),
  );

  let bloodModel: BloodUncertaintyModel | null = null;
  let bloodSigmas: ReturnType<typeof propagateRow>[] = [];
  let bloodJacobian: number[][] = [];
  let bloodNominal: number[] = [];
  if (x.blood !== null && x.bloodInput !== null && x.mta !== null) {
    bloodModel = bloodUncertaintyModel(x.bloodInput, settings, u, x.blood, x.mta.retentionLimitGBq);
    bloodNominal = bloodModel.evaluate(new Float64Array(bloodModel.inputs.length));
    bloodJacobian = centralJacobian(bloodModel.evaluate, bloodModel.inputs.length);
    bloodSigmas = bloodJacobian.map((row) => propagateRow(row, bloodModel?.inputs ?? []));
  }
  const sigmaOf = (i: number) => bloodSigmas[i]?.sigma ?? 0;
  const planned = settings.plannedActivityGBq;
  const mtaGBq = x.mta?.activityGBq ?? Infinity;
  const therapyGBq = Math.min(planned, mtaGBq);
  const therapySigmaGBq = mtaGBq < planned ? sigmaOf(4) : 0;
  const bloodSampling = x.bloodSampling ?? 'linear';
  const mtaOfSample = (zB: Float64Array): number => {
    if (bloodModel === null) return Infinity;
    if (bloodSampling === 'full') return bloodModel.evaluate(zB)[4] ?? NaN;
    const limit = (index: number) => {
      const value = bloodNominal[index] ?? NaN;
      if (!Number.isFinite(value) || !(value > 0)) return value;
      const row = bloodJacobian[index] ?? [];
      return value * Math.exp(row.reduce((sum, j, k) => sum + j * (zB[k] ?? 0), 0) / value);
    };
    return Math.min(limit(2), limit(3));
  };

  // Monte Carlo: one joint draw of every input per sample.
  const nL = lesionModel.inputs.length;
  const nB = bloodModel?.inputs.length ?? 0;
  const threshold = settings.lesionDoseThresholdGy;
  const reached = x.lesions.map(() => 0);
  const doses: number[][] = x.lesions.map(() => []);
  let eligible = 0;
  let failed = 0;
  for (const z of standardNormalSamples(nL + nB, u.monteCarloSamples, u.monteCarloSeed)) {
    let sample: { doses: number[]; activity: number } | null;
    try {
      const sampleDoses = lesionModel.evaluate(z.subarray(0, nL));
      const activity = Math.min(planned, mtaOfSample(z.subarray(nL)));
      sample = [...sampleDoses, activity].every(Number.isFinite)
        ? { doses: sampleDoses, activity }
        : null;
    } catch (error) {
      // a perturbed input the pipeline refuses (e.g. a fit that cannot be made): sample dropped
      if (!(error instanceof InputError)) throw error;
      sample = null;
    }
    if (sample === null) {
      failed++;
      continue;
    }
    let any = false;
    sample.doses.forEach((dose, i) => {
      doses[i]?.push(dose);
      if (reachesThreshold(dose * (sample?.activity ?? NaN), threshold)) {
        reached[i] = (reached[i] ?? 0) + 1;
        any = true;
      }
    });
    if (any) eligible++;
  }
  const accepted = u.monteCarloSamples - failed;
  const bloodDoseSigma = sigmaOf(0);
  const bloodSigmaReason = Number.isFinite(bloodDoseSigma)
    ? null
    : `the linear propagation through the blood chain gave a non-finite sd (${bloodDoseSigma}): a perturbed blood or whole-body fit is unstable`;
  // Samples dropped where a perturbed fit fails are not a random subset: beyond a few percent the
  // probabilities are biased (our bound: 5%), and the finding becomes critical (finding-codes.ts).
  const tooMany = failed > MAX_FAILED_FRACTION * u.monteCarloSamples;
  const warnings: string[] =
    bloodModel !== null && bloodSigmaReason !== null
      ? [`uncertainty: blood dose sd not assessable: ${bloodSigmaReason}`]
      : [];
  if (failed > 0) {
    warnings.push(
      `uncertainty: ${failed} of ${u.monteCarloSamples} Monte Carlo samples could not be evaluated (a perturbed fit failed); probabilities from the other ${accepted}` +
        (tooMany
          ? `: too many (over ${100 * MAX_FAILED_FRACTION}%) for the probabilities to be trusted; the inputs sit where a small change breaks the fits`
          : ''),
    );
  }
  return {
    lesions: x.lesions.map((lesion, i) => {
      const { sigma, components } = lesionSigmas[i] ?? { sigma: 0, components: {} };
      const dose = lesion.doseGyPerGBq;
      const atTherapySigma = Math.hypot(therapyGBq * sigma, dose * therapySigmaGBq);
      const sampled = doses[i] ?? [];
      return {
        doseSigmaGyPerGBq: sigma,
        dose95GyPerGBq: lognormalInterval95(dose, sigma),
        doseAtTherapySigmaGy: atTherapySigma,
        probabilityReachesThreshold: accepted > 0 ? (reached[i] ?? 0) / accepted : NaN,
        uncertainty: {
          doseSigmaGyPerGBq: sigma,
          relative: dose > 0 ? sigma / dose : 0,
          components: {
            calibration: components.calibration ?? 0,
            counting: components.counting ?? 0,
            recovery: components.recovery ?? 0,
            volume: components.volume ?? 0,
            kinetics: components.kinetics ?? 0,
          },
          volumeRelSd: lesionModel.volumeRelSd[i] ?? 0,
          interval95: 'lognormal (median = dose, same relative sd)',
          monteCarlo95GyPerGBq: [quantile(sampled, 0.025), quantile(sampled, 0.975)],
          monteCarloSigmaGyPerGBq: sampleSd(sampled),
        },
      };
    }),
    blood:
      bloodModel === null
        ? null
        : {
            doseSigmaGyPerGBq: bloodSigmaReason === null ? bloodDoseSigma : null,
            doseSigmaNotAssessableReason: bloodSigmaReason,
            wbRetention48hSigmaPercent: sigmaOf(1),
            components: bloodSigmas[0]?.components ?? {},
          },
    mta:
      bloodModel === null
        ? null
        : {
            activitySigmaGBq: sigmaOf(4),
            bloodLimitSigmaGBq: sigmaOf(2),
            lungLimitSigmaGBq: sigmaOf(3),
          },
    probabilityEligible: accepted > 0 ? eligible / accepted : NaN,
    monteCarlo: {
      samples: u.monteCarloSamples,
      seed: u.monteCarloSeed,
      failedSamples: failed,
      bloodSampling: bloodModel === null ? 'no MTA' : bloodSampling,
      method:
        bloodModel === null
          ? 'joint samples of the lesion doses; no MTA: the planned activity in every sample'
          : `joint samples of the lesion doses (full pipeline) and the MTA (${bloodSampling === 'full' ? 'full blood pipeline' : 'each limit lognormal from its Jacobian'}); therapy activity min(planned, MTA) per sample`,
    },
    warnings,
  };
}
