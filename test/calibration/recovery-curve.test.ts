// The recovery curve fit recovers known Hill parameters from the six NEMA/IEC sphere volumes
// (physics.md: 0.524 ... 26.522 mL) and flags volumes outside the calibrated range.
import { describe, expect, it } from 'vitest';
import { fitRecoveryCurve, recoveryAt } from '../../src/calibration/recovery-curve.ts';

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
