// Selection 'preferred' against scipy.optimize.curve_fit (MINPACK) on noisy bi-exponential blood and
// whole-body curves at the six sample times 2-108 h: the same model is chosen (determined: n >= p
// + 1, MINPACK info 1-4, physical, relative sd <= 50%), with the same parameters, covariance,
// relative sds and time integral (fixture: test/fixtures/kinetics/reference-preferred.json from
// scripts/reference-kinetics.py; integrals there by quadrature).
import { describe, expect, it } from 'vitest';
import reference from '../fixtures/kinetics/reference-preferred.json' with { type: 'json' };
import { fitKinetics } from '../../src/kinetics/index.ts';
import type { TimeActivityPoint } from '../../src/kinetics/index.ts';

interface Attempt {
  model: string;
  params: number[];
  covariance: number[][];
  relativeSd: number[];
  determined: boolean;
  timeIntegratedH: number;
  timeIntegratedSigmaH: number;
}
interface Case {
  name: string;
  normalisedAtFirstPoint: boolean;
  uptakePhase: 'none' | 'linear';
  points: TimeActivityPoint[];
  attempts: Attempt[];
  chosen: string;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.each(reference.cases as Case[])('$name', (c) => {
  const result = fitKinetics(c.points, {
    physicalDecayConstantPerH: reference.physicalDecayConstantPerH,
    selection: 'preferred',
    models: ['bi', 'mono'],
    weighting: 'relative',
    uptakePhase: c.uptakePhase,
    normalisedAtFirstPoint: c.normalisedAtFirstPoint,
  });
  const ref = c.attempts.find((a) => a.model === c.chosen)!;

  it(`uses the model scipy's criteria choose (${c.chosen})`, () => {
    expect(result.model).toBe(c.chosen);
    expect(result.modelChoice.reason).toBeNull();
    expect(result.converged).toBe(true);
  });

  it('parameters within 5e-5, covariance within 1e-3, relative sds within 1e-3 of curve_fit', () => {
    Object.values(result.params).forEach((p, i) =>
      expect(relative(p, ref.params[i] ?? NaN)).toBeLessThan(5e-5),
    );
    ref.covariance.forEach((row, i) =>
      row.forEach((v, j) => {
        const scale = Math.sqrt(
          Math.abs((ref.covariance[i]?.[i] ?? 0) * (ref.covariance[j]?.[j] ?? 0)),
        );
        expect(Math.abs((result.covariance[i]?.[j] ?? NaN) - v) / scale).toBeLessThan(1e-3);
      }),
    );
    Object.entries(result.paramSigmas).forEach(([name, sigma], i) =>
      expect(relative(sigma / Math.abs(result.params[name]!), ref.relativeSd[i]!)).toBeLessThan(
        1e-3,
      ),
    );
  });

  it('time integral within 1e-5 and its sigma within 1e-3 of quadrature + finite differences', () => {
    expect(relative(result.timeIntegratedH, ref.timeIntegratedH)).toBeLessThan(1e-5);
    expect(relative(result.timeIntegratedSigmaH, ref.timeIntegratedSigmaH)).toBeLessThan(1e-3);
  });
});
