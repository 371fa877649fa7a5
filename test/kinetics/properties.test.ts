// Properties over random inputs: an exact mono-exponential passes through both points, and the
// analytic gradient of the integral (used for its uncertainty) equals finite differences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateKinetics, fitKinetics } from '../../src/kinetics/index.ts';
import { exponentialModel } from '../../src/kinetics/exponential-models.ts';
import { integrateExponential } from '../../src/kinetics/integrate.ts';
import type { ExponentialModelName, TailRule } from '../../src/kinetics/types.ts';
import { I131 } from '../../src/physics/nuclides.ts';

const lambdaPhys = I131.decayConstantPerH;

describe('mono-exponential through two points', () => {
  it('reproduces both points (relative 1e-9) for any positive values and distinct times', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 2, max: 300, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (t1, gap, v1, log10Ratio) => {
          // ratios up to 1000 within >= 2 h keep |lambda| t1 < 700 (amplitude representable)
          const points = [
            { timeH: t1, value: v1 },
            { timeH: t1 + gap, value: v1 * 10 ** log10Ratio },
          ];
          const r = fitKinetics(points, { physicalDecayConstantPerH: lambdaPhys });
          for (const p of points) {
            expect(Math.abs(evaluateKinetics(r, p.timeH) - p.value) / p.value).toBeLessThan(1e-9);
          }
          expect(Number.isFinite(r.timeIntegratedH)).toBe(true);
          expect(r.timeIntegratedH).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('gradient of the time-integrated activity', () => {
  const cases: [ExponentialModelName, number[], boolean, 'none' | 'linear', TailRule][] = [
    ['mono', [0.01, 0.02], false, 'none', 'seed'],
    ['mono', [0.01, 0.002], false, 'linear', 'seed'],
    ['mono', [0.01, -0.004], false, 'none', 'fit'],
    ['bi', [0.3, 0.5, 0.05, 0.02], false, 'none', 'seed'],
    ['tri', [0.3, 1.5, 0.2, 0.15, 0.05, 0.001], false, 'linear', 'seed'],
    ['mono-uptake', [0.02, 0.01, 0.3], false, 'none', 'physical'],
    ['bi', [0.7, 0.1, 0.01], true, 'none', 'seed'],
    ['tri', [0.5, 0.3, 1, 0.1, 0.002], true, 'none', 'seed'],
  ];
  it.each(cases)(
    '%s %j (normalised %s, uptake %s, tail %s) equals central differences',
    (name, params, normalised, uptakePhase, tailRule) => {
      const model = exponentialModel(
        name,
        lambdaPhys,
        normalised ? { timeH: 2, value: 1 } : undefined,
      );
      const settings = {
        physicalDecayConstantPerH: lambdaPhys,
        tailRule,
        uptakePhase,
        firstTimeH: 2,
        lastTimeH: 144,
      };
      const analytic = integrateExponential(model, params, settings).gradient;
      params.forEach((p, i) => {
        const h = 1e-6 * Math.abs(p);
        const up = params.map((q, j) => (j === i ? q + h : q));
        const down = params.map((q, j) => (j === i ? q - h : q));
        const numeric =
          (integrateExponential(model, up, settings).totalH -
            integrateExponential(model, down, settings).totalH) /
          (2 * h);
        const scale = Math.max(Math.abs(numeric), 1e-12);
        expect(Math.abs((analytic[i] ?? NaN) - numeric) / scale).toBeLessThan(1e-5);
      });
    },
  );
});
