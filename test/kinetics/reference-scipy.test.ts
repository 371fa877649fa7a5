// Noisy curves fitted here and by scipy.optimize.curve_fit (MINPACK Levenberg-Marquardt) on the
// same data, with the same weights and covariance scaling, and the same AICc convention
// (fixture: test/fixtures/kinetics/reference-fits.json from scripts/reference-kinetics.py).
import { describe, expect, it } from 'vitest';
import reference from '../fixtures/kinetics/reference-fits.json' with { type: 'json' };
import { fitKinetics } from '../../src/kinetics/index.ts';
import type { KineticModelName, TimeActivityPoint } from '../../src/kinetics/index.ts';

interface ReferenceFit {
  params: number[];
  covariance: number[][] | null;
  ssr: number;
  aicc: number | null;
  physical: boolean;
  timeIntegratedH: number;
  timeIntegratedSigmaH: number | null;
}
interface ReferenceCase {
  name: string;
  weighting: 'uniform' | 'relative' | 'sigma';
  normalisedAtFirstPoint?: boolean;
  points: TimeActivityPoint[];
  fits: Record<string, ReferenceFit | null>;
  chosen: string;
}

const cases = reference.cases as ReferenceCase[];
const lambdaPhys = reference.physicalDecayConstantPerH;

function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe.each(cases)('$name', (c) => {
  const options = {
    physicalDecayConstantPerH: lambdaPhys,
    weighting: c.weighting,
    normalisedAtFirstPoint: c.normalisedAtFirstPoint ?? false,
  };
  const physicalFits = Object.entries(c.fits).filter(
    (entry): entry is [string, ReferenceFit] => entry[1] !== null && entry[1].physical,
  );

  it.each(physicalFits)(
    '%s: parameters within 5e-5, covariance within 1e-3 of curve_fit; SSR not larger',
    (name, ref) => {
      const result = fitKinetics(c.points, { ...options, models: [name as KineticModelName] });
      expect(result.converged).toBe(true);
      const params = Object.values(result.params);
      params.forEach((p, i) =>
        expect(relativeDifference(p, ref.params[i] ?? NaN)).toBeLessThan(5e-5),
      );
      ref.covariance?.forEach((row, i) =>
        row.forEach((v, j) => {
          const scale = Math.sqrt(
            Math.abs((ref.covariance?.[i]?.[i] ?? 0) * (ref.covariance?.[j]?.[j] ?? 0)),
          );
          expect(Math.abs((result.covariance[i]?.[j] ?? NaN) - v) / scale).toBeLessThan(1e-3);
        }),
      );
      expect(relativeDifference(result.aicc ?? NaN, ref.aicc ?? NaN)).toBeLessThan(1e-6);
    },
  );

  it.each(physicalFits)(
    '%s: TIA and its delta-method sigma match quadrature + finite differences',
    (name, ref) => {
      const result = fitKinetics(c.points, { ...options, models: [name as KineticModelName] });
      expect(relativeDifference(result.timeIntegratedH, ref.timeIntegratedH)).toBeLessThan(1e-5);
      expect(
        relativeDifference(result.timeIntegratedSigmaH, ref.timeIntegratedSigmaH ?? NaN),
      ).toBeLessThan(1e-3);
    },
  );

  it(`AICc selects the model python selects (${c.chosen})`, () => {
    const models = Object.keys(c.fits) as KineticModelName[];
    const result = fitKinetics(c.points, { ...options, models });
    expect(result.model).toBe(c.chosen);
    for (const candidate of result.candidates) {
      const ref = c.fits[candidate.model];
      if (ref === null || ref === undefined || !ref.physical) {
        expect(candidate.dropped).toBeDefined();
        continue;
      }
      expect(relativeDifference(candidate.aicc ?? NaN, ref.aicc ?? NaN)).toBeLessThan(1e-6);
    }
  });
});
