// The recovery curve fit recovers known Hill parameters from the six NEMA/IEC sphere volumes
// (physics.md: 0.524 ... 26.522 mL) and flags volumes outside the calibrated range.
import { describe, expect, it } from 'vitest';
import {
  fitRecoveryCurve,
  recoveryAt,
  recoveryCovariance,
} from '../../src/calibration/recovery-curve.ts';

const IEC_VOLUMES_ML = [10, 13, 17, 22, 28, 37].map((d) => (Math.PI / 6) * (d / 10) ** 3);

describe('recovery curve RC(V) = a / (1 + (V50/V)^s)', () => {
  it('the IEC sphere volumes are 0.524 ... 26.522 mL (pi/6 d^3)', () => {
    expect(IEC_VOLUMES_ML[0]).toBeCloseTo(0.5236, 4);
    expect(IEC_VOLUMES_ML[5]).toBeCloseTo(26.522, 3);
  });

  it('recovers a = 0.85, V50 = 1.6 mL, s = 1.3 from noise-free points within 1e-6', () => {
    const points = IEC_VOLUMES_ML.map((v) => ({
      volumeMl: v,
      recoveryCoefficient: 0.85 / (1 + (1.6 / v) ** 1.3),
    }));
    const curve = fitRecoveryCurve(points);
    expect(curve.converged).toBe(true);
    expect(curve.plateau).toBeCloseTo(0.85, 6);
    expect(curve.halfVolumeMl).toBeCloseTo(1.6, 6);
    expect(curve.slope).toBeCloseTo(1.3, 6);
    expect(curve.rmsResidual).toBeLessThan(1e-8);
  });

  it('with 2% noise, the fitted RC at every sphere is within 3% of the truth', () => {
    const noise = [1.02, 0.98, 1.01, 0.99, 1.015, 0.985];
    const truth = (v: number) => 0.9 / (1 + (2.2 / v) ** 1.1);
    const curve = fitRecoveryCurve(
      IEC_VOLUMES_ML.map((v, i) => ({
        volumeMl: v,
        recoveryCoefficient: truth(v) * (noise[i] ?? 1),
      })),
    );
    for (const v of IEC_VOLUMES_ML) {
      expect(Math.abs(recoveryAt(curve, v).recoveryCoefficient / truth(v) - 1)).toBeLessThan(0.03);
    }
  });

  it('says when a lesion volume lies outside the calibrated range', () => {
    const curve = fitRecoveryCurve(
      IEC_VOLUMES_ML.map((v) => ({ volumeMl: v, recoveryCoefficient: 0.8 / (1 + (1 / v) ** 1.2) })),
    );
    expect(recoveryAt(curve, 0.3).outsideRange).toBe(true);
    expect(recoveryAt(curve, 5).outsideRange).toBe(false);
    expect(recoveryAt(curve, 40).outsideRange).toBe(true);
  });

  it('refuses fewer than three spheres', () => {
    expect(() => fitRecoveryCurve([{ volumeMl: 1, recoveryCoefficient: 0.5 }])).toThrow(
      /at least 3 spheres/,
    );
  });
});

describe('recovery-curve covariance (stored by iodose calibrate; estimated for older files)', () => {
  const noise = [1.02, 0.98, 1.01, 0.99, 1.015, 0.985];
  const points = IEC_VOLUMES_ML.map((v, i) => ({
    volumeMl: v,
    recoveryCoefficient: (0.9 / (1 + (2.2 / v) ** 1.1)) * (noise[i] ?? 1),
  }));
  // scipy.optimize.curve_fit(a / (1 + exp(s (lnH - lnV))), ln V, RC) on the same points
  // (absolute_sigma=False: covariance scaled by SSR / (n - 3)), scipy 1.x:
  const scipyParams = [0.8891135012628145, 0.7605490701691371, 1.1248287415006917];
  const scipyCovariance = [
    [0.00029441846480454, 0.0007908298232445, -0.00073943613366993],
    [0.0007908298232445, 0.00278963717163161, -0.00190621956935823],
    [-0.00073943613366993, -0.00190621956935823, 0.00289448633238254],
  ];

  it('the fit stores the covariance of [plateau, ln V50, slope]: scipy curve_fit within 1e-4', () => {
    const curve = fitRecoveryCurve(points);
    expect(curve.plateau).toBeCloseTo(scipyParams[0] ?? NaN, 6);
    expect(Math.log(curve.halfVolumeMl)).toBeCloseTo(scipyParams[1] ?? NaN, 5);
    expect(curve.slope).toBeCloseTo(scipyParams[2] ?? NaN, 5);
    scipyCovariance.forEach((row, i) =>
      row.forEach((value, j) => {
        const ours = curve.covariance?.[i]?.[j] ?? NaN;
        expect(Math.abs(ours / value - 1)).toBeLessThan(1e-4);
      }),
    );
  });

  it('a file without it (older iodose) gets the same covariance from its stored residuals', () => {
    const { covariance, ...old } = fitRecoveryCurve(points);
    const estimated = recoveryCovariance(old);
    covariance?.forEach((row, i) =>
      row.forEach((value, j) =>
        expect(Math.abs((estimated?.[i]?.[j] ?? NaN) / value - 1)).toBeLessThan(1e-6),
      ),
    );
    expect(recoveryCovariance({ ...old, points: old.points.slice(0, 3) })).toBeNull();
  });
});
