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
    gradient: (p: readonly number[], lnV: number) => {
      const [a = 0, lnH = 0, s = 0] = p;
      const e = Math.exp(s * (lnH - lnV));
      const d = 1 + e;
      return [1 / d, (-a * e * s) / (d * d), (-a * e * (lnH - lnV)) / (d * d)];
    },
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
  };
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
