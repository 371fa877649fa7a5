/**
 * The lesion doses as a function of independent standard-normal inputs z (EANM uncertainty
 * guidance, Gear et al. 2018), evaluated through the real lesion chain (computeLesionChain:
 * recoveryAt, i124To131Equivalent, fitKinetics, sphereSValue), so that the correlations come out
 * right: the PET calibration is common to every scan of the patient, the recovery curve to every
 * lesion, and one lesion's volume enters its activity, its RC and its S-value at once.
 *
 * Inputs: PET calibration (1, all rows); recovery curve (3, its parameter covariance, Cholesky),
 * or RC given in the manifest (1 per lesion); per lesion its volume (lognormal, see volumeRelSd)
 * and one counting input per VOI and scan. When a fit has degrees of freedom and its residuals
 * scatter more than the counting sds predict (reduced chi-square > 1), the counting inputs of that
 * lesion are scaled by sqrt(chi^2_red) (Birge ratio, as scipy's curve_fit with relative sigma);
 * the excess variance is booked as 'kinetics'. An exact fit (two points, mono-exponential) has no
 * residuals: its uncertainty is the propagated point uncertainty.
 */
import { recoveryCovariance, type RecoveryCurve } from '../../calibration/recovery-curve.ts';
import type { KineticsResult } from '../../kinetics/index.ts';
import { choleskyLower } from '../../numerics/linalg.ts';
import { computeLesionChain, type LesionChainContext } from '../lesion-chain.ts';
import type { LesionChainInput, LesionDosimetry } from '../lesion-chain-types.ts';
import type { UncertainInput } from './propagate.ts';
import type { UncertaintySettings } from './settings.ts';

/** The lesion part of the uncertainty model. */
export interface LesionUncertaintyModel {
  inputs: UncertainInput[];
  /** Lesion doses, Gy/GBq, in the order of the lesions, for inputs z (z = 0: nominal). */
  evaluate(z: Float64Array): number[];
  /** Relative sd of each lesion's volume, in the order of the lesions. */
  volumeRelSd: number[];
}

/**
 * Relative sd of a lesion volume: the boundary model u(V)/V = 3 u(r)/r of the sphere of equal
 * volume, or, when several CT volumes were averaged, the standard error of their mean sd/sqrt(n)
 * when that is larger. sd/sqrt(n), not sd: the dose uses the mean of the n CT volumes, and
 * independent CT-to-CT differences average out in it; the boundary term is kept as a floor
 * because a systematic error of the segmentation (the same threshold on every CT) does not, and
 * because the sd of two or three volumes can be near 0 by chance.
 */
export function volumeRelSd(
  volumeMl: number,
  volumesMl: readonly number[],
  boundarySdMm: number,
): number {
  const radiusMm = Math.cbrt((3 * volumeMl * 1000) / (4 * Math.PI));
  const boundary = (3 * boundarySdMm) / radiusMm;
  const n = volumesMl.length;
  if (n < 2) return boundary;
  const mean = volumesMl.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(volumesMl.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return Math.max(boundary, sd / Math.sqrt(n) / volumeMl);
}

/**
 * Birge ratio k = sqrt(max(1, chi^2_red)) of a fit against point sds `sigmas` (value units):
 * 1 for exact fits (no degrees of freedom) and fits within their sds.
 */
export function birgeRatio(fit: KineticsResult, sigmas: readonly number[], skip = 0): number {
  const parameters = Object.keys(fit.params).length;
  const residuals = fit.residuals.slice(skip);
  const dof = residuals.length - parameters;
  if (dof <= 0 || parameters === 0) return 1;
  const chi = residuals.reduce((s, r, i) => s + (r / (sigmas[i + skip] ?? Infinity)) ** 2, 0);
  return Math.sqrt(Math.max(1, chi / dof));
}

/** Variance shares of an input inflated by a Birge ratio k. */
export function countingShares(k: number): UncertainInput['shares'] {
  return k > 1 ? { counting: 1 / k ** 2, kinetics: 1 - 1 / k ** 2 } : { counting: 1 };
}

/**
 * The lesion model around the nominal `lesions` (the chain's results for `inputs`, in the same
 * order); `context.recovery` is the curve whose parameters are perturbed.
 */
export function lesionUncertaintyModel(
  inputsOfLesions: readonly LesionChainInput[],
  lesions: readonly LesionDosimetry[],
  context: LesionChainContext,
  u: UncertaintySettings,
): LesionUncertaintyModel {
  const { recovery, settings } = context;
  const allPoints = inputsOfLesions.flatMap((lesion) => lesion.points);
  const inputs: UncertainInput[] = [];
  const add = (id: string, shares: UncertainInput['shares']) => inputs.push({ id, shares }) - 1;
  const calibration = allPoints.length > 0 ? add('PET calibration', { calibration: 1 }) : -1;
  const usesCurve =
    recovery !== null && allPoints.some((point) => point.recoveryCoefficient === undefined);
  const covariance = usesCurve && recovery !== null ? recoveryCovariance(recovery) : null;
  const cholesky = covariance === null ? null : choleskyLower(covariance);
  const curveInputs = (cholesky ?? (usesCurve ? [[0]] : [])).map((_, k) =>
    add(`recovery curve ${k + 1}`, { recovery: 1 }),
  );
  const perLesion = lesions.map((lesion, index) => {
    const declared = inputsOfLesions[index];
    const mine = declared?.points ?? [];
    const relSd = volumeRelSd(
      lesion.volumeMl,
      declared?.volume.volumesMl ?? [],
      u.volumeBoundarySdMm,
    );
    const k =
      lesion.fit === null
        ? 1
        : birgeRatio(
            lesion.fit,
            lesion.fit.points.map((p) => p.value * u.voiCountingRelSd),
          );
    return {
      lesion,
      declared,
      mine,
      relSd,
      k,
      volume: add(`${lesion.id} volume`, { volume: 1 }),
      givenRc: mine.some((row) => row.recoveryCoefficient !== undefined)
        ? add(`${lesion.id} given RC`, { recovery: 1 })
        : -1,
      counting: mine.map((row) => add(`${lesion.id} VOI at ${row.at}`, countingShares(k))),
      settings: {
        ...settings,
        lesionKinetics: {
          ...settings.lesionKinetics,
          models: lesion.fit === null ? settings.lesionKinetics.models : [lesion.fit.model],
        },
      },
    };
  });

  const perturbedCurve = (z: Float64Array): RecoveryCurve | null => {
    if (recovery === null || !usesCurve) return recovery;
    const zs = curveInputs.map((index) => z[index] ?? 0);
    if (cholesky === null) {
      // no covariance: the RMS residual as the sd of RC, one factor over the whole curve
      const factor = 1 + (recovery.rmsResidual / recovery.plateau) * (zs[0] ?? 0);
      return { ...recovery, plateau: recovery.plateau * factor };
    }
    const delta = cholesky.map((row) => row.reduce((s, l, j) => s + l * (zs[j] ?? 0), 0));
    return {
      ...recovery,
      plateau: recovery.plateau + (delta[0] ?? 0),
      halfVolumeMl: recovery.halfVolumeMl * Math.exp(delta[1] ?? 0),
      slope: recovery.slope + (delta[2] ?? 0),
    };
  };

  const evaluate = (z: Float64Array): number[] => {
    const curve = perturbedCurve(z);
    const calibrationFactor = 1 + u.petCalibrationRelSd * (z[calibration] ?? 0);
    return perLesion.map((p) => {
      if (p.lesion.fit === null || p.declared === undefined) return p.lesion.doseGyPerGBq;
      const logSd = Math.sqrt(Math.log(1 + p.relSd ** 2));
      const volumeMl = p.lesion.volumeMl * Math.exp(logSd * (z[p.volume] ?? 0));
      const rcFactor = 1 + u.givenRecoveryRelSd * (z[p.givenRc] ?? 0);
      const points = p.mine.map((row, i) => ({
        ...row,
        meanConcBqPerMl:
          row.meanConcBqPerMl *
          calibrationFactor *
          (1 + p.k * u.voiCountingRelSd * (z[p.counting[i] ?? -1] ?? 0)),
        ...(row.recoveryCoefficient === undefined
          ? {}
          : { recoveryCoefficient: row.recoveryCoefficient * rcFactor }),
      }));
      const result = computeLesionChain(
        { ...p.declared, volume: { ...p.declared.volume, volumeMl }, points },
        { ...context, recovery: curve, settings: p.settings },
      );
      return result.doseGyPerGBq;
    });
  };
  return { inputs, evaluate, volumeRelSd: perLesion.map((p) => p.relSd) };
}
