/**
 * Recovery-coefficient curve RC(V): mean concentration in the segmented VOI / true concentration,
 * as a function of the true sphere volume, measured on a phantom with the same segmentation as
 * the patients (design/architecture.md "Recovery coefficient"; seed paper ref. 33).
 *
 * Model (empirical, monotone, bounded): RC(V) = plateau / (1 + (halfVolumeMl / V)^slope), a Hill
 * function of volume. It rises from 0 for small spheres to `plateau` for large ones, reaching
 * plateau / 2 at V = halfVolumeMl. Three parameters for the six NEMA/IEC spheres. Fitted by
 * Levenberg-Marquardt with uniform weights (all spheres measured with similar counting noise).
 */
import { InputError } from '../core/errors.ts';
import { levenbergMarquardt } from '../numerics/levenberg-marquardt.ts';
import { invertSymmetric, weightedNormalMatrix } from '../numerics/linalg.ts';

/** One measured sphere: true volume (mL) and measured recovery coefficient. */
export interface RecoveryPoint {
  volumeMl: number;
  recoveryCoefficient: number;
}

/** The fitted curve with its measured points, residuals and calibrated range. */
export interface RecoveryCurve {
  model: 'hill-volume';
  plateau: number;
  halfVolumeMl: number;
  slope: number;
  converged: boolean;
  points: (RecoveryPoint & { fittedRc: number; residual: number })[];
  /** Smallest and largest calibrated sphere volumes, mL. */
  rangeMl: [number, number];
  rmsResidual: number;
  /**
   * Covariance of the fitted parameters [plateau, ln(halfVolumeMl), slope] (uniform weights,
   * scaled by the residual variance SSR / (n - 3)); absent in files written before it was stored.
   */
  covariance?: number[][];
}

/** Gradient of RC with respect to [plateau, ln(halfVolumeMl), slope] at ln V. */
function hillGradient(params: readonly number[], lnV: number): number[] {
  const [a = 0, lnH = 0, s = 0] = params;
  const e = Math.exp(s * (lnH - lnV));
  const d = 1 + e;
  return [1 / d, (-a * e * s) / (d * d), (-a * e * (lnH - lnV)) / (d * d)];
}

/** RC of a sphere of `volumeMl` by the Hill model. */
export function hillRecovery(
  plateau: number,
  halfVolumeMl: number,
  slope: number,
  volumeMl: number,
): number {
  return plateau / (1 + Math.pow(halfVolumeMl / volumeMl, slope));
}

/** Fits RC(V) = plateau / (1 + (V50 / V)^slope) to measured spheres (at least 3). */
export function fitRecoveryCurve(
  points: readonly RecoveryPoint[],
  where = 'spheres',
): RecoveryCurve {
  if (points.length < 3) {
    throw new InputError(
      { field: where },
      `expected at least 3 spheres to fit the recovery curve, got ${points.length}`,
      'the NEMA/IEC phantom has six',
    );
  }
  points.forEach((point, index) => {
    if (!(point.volumeMl > 0) || !(point.recoveryCoefficient > 0)) {
      throw new InputError(
        { field: `${where}[${index}]` },
        `expected a positive volume and recovery coefficient, got ${point.volumeMl} mL and RC ${point.recoveryCoefficient}`,
      );
    }
  });
  const x = points.map((p) => Math.log(p.volumeMl));
  const y = points.map((p) => p.recoveryCoefficient);
  // Parameters: plateau, ln(halfVolumeMl), slope; V enters as ln V so the fit is well scaled.
  const model = {
    value: (p: readonly number[], lnV: number) => {
      const [a = 0, lnH = 0, s = 0] = p;
      return a / (1 + Math.exp(s * (lnH - lnV)));
    },
    gradient: hillGradient,
  };
  const maxRc = Math.max(...y);
  const medianLnV = [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)] ?? 0;
  const fit = levenbergMarquardt(model, x, y, {
    initialParams: [maxRc, medianLnV - 1, 1.5],
    lowerBounds: [0.05, -10, 0.1],
    upperBounds: [2, 10, 10],
  });
  const [plateau = NaN, lnHalf = NaN, slope = NaN] = fit.params;
  const halfVolumeMl = Math.exp(lnHalf);
  const fitted = points.map((p) => {
    const fittedRc = hillRecovery(plateau, halfVolumeMl, slope, p.volumeMl);
    return { ...p, fittedRc, residual: p.recoveryCoefficient - fittedRc };
  });
  const volumes = points.map((p) => p.volumeMl);
  return {
    model: 'hill-volume',
    plateau,
    halfVolumeMl,
    slope,
    converged: fit.converged,
    points: fitted,
    rangeMl: [Math.min(...volumes), Math.max(...volumes)],
    rmsResidual: Math.sqrt(fitted.reduce((s, p) => s + p.residual ** 2, 0) / fitted.length),
    ...(fit.covariance === null ? {} : { covariance: fit.covariance }),
  };
}

/**
 * Parameter covariance of a recovery curve: the stored one, else (older files) recomputed from the
 * stored points as the fit computes it, s^2 (J^T J)^-1 with s^2 = sum residual^2 / (n - 3) (the
 * points, fitted values and residuals are in every file); null when that is not possible (3
 * spheres, singular J^T J) - then the caller uses the RMS residual as the sd of RC.
 */
export function recoveryCovariance(
  curve: Pick<RecoveryCurve, 'plateau' | 'halfVolumeMl' | 'slope' | 'points' | 'covariance'>,
): number[][] | null {
  if (curve.covariance !== undefined) return curve.covariance;
  const n = curve.points.length;
  if (n <= 3) return null;
  const params = [curve.plateau, Math.log(curve.halfVolumeMl), curve.slope];
  const jacobian = curve.points.map((p) => hillGradient(params, Math.log(p.volumeMl)));
  const inverse = invertSymmetric(weightedNormalMatrix(jacobian, new Array(n).fill(1), 3));
  if (inverse === null) return null;
  const variance = curve.points.reduce((s, p) => s + p.residual ** 2, 0) / (n - 3);
  return inverse.map((row) => row.map((v) => v * variance));
}

/** RC at `volumeMl` from a fitted curve, and whether the volume lies outside the calibrated range. */
export function recoveryAt(
  curve: Pick<RecoveryCurve, 'plateau' | 'halfVolumeMl' | 'slope' | 'rangeMl'>,
  volumeMl: number,
): { recoveryCoefficient: number; outsideRange: boolean } {
  return {
    recoveryCoefficient: hillRecovery(curve.plateau, curve.halfVolumeMl, curve.slope, volumeMl),
    outsideRange: volumeMl < curve.rangeMl[0] || volumeMl > curve.rangeMl[1],
  };
}
