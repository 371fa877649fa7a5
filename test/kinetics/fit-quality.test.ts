// Fit quality (issue 7, item 2): misses above 10% and clustered residual signs are flagged and
// named. Expected misses are computed here from the definition, (fitted - measured) / measured.
import { describe, expect, it } from 'vitest';
import { fitQuality, fitQualityWarnings } from '../../src/kinetics/fit-quality.ts';
import { fitKinetics } from '../../src/kinetics/index.ts';

const LAMBDA_131 = Math.LN2 / (8.0207 * 24);
const pts = (values: number[]) => values.map((value, i) => ({ timeH: 2 + 10 * i, value }));

describe('fitQuality on given fitted values', () => {
  it('flags a miss above 10% of the measured value, not one of 9%', () => {
    const q = fitQuality(pts([1, 2, 4]), [1.09, 1.7, 4]);
    expect(q.relativeMisses[0]).toBeCloseTo(0.09, 12);
    expect(q.relativeMisses[1]).toBeCloseTo(-0.15, 12);
    expect(q.maxRelativeMiss).toBeCloseTo(0.15, 12);
    expect(q.worstPointIndex).toBe(1);
    expect(q.flags).toEqual([
      {
        kind: 'miss',
        index: 1,
        timeH: 12,
        measured: 2,
        fitted: 1.7,
        relativeMiss: q.relativeMisses[1],
      },
    ]);
  });

  it('takes a measured zero relative to the largest measured value', () => {
    const q = fitQuality(pts([4, 2, 0]), [4, 2, 0.5]);
    expect(q.relativeMisses[2]).toBeCloseTo(0.5 / 4, 12);
    const [warning] = fitQualityWarnings(q, { point: 'scan', unit: '%', scale: 100 });
    expect(warning).toContain('scan at 22.0 h: fitted 50 % misses the measured 0 % by +13%');
    expect(warning).toContain('(relative to the largest measured value)');
  });

  it('flags clustered residual signs only where the runs test can reject (8 signs here)', () => {
    const measured = [10, 9, 8, 7, 6, 5, 4, 3];
    const fitted = measured.map((v, i) => v * (i < 4 ? 0.95 : 1.05)); // ++++----
    const q = fitQuality(pts(measured), fitted);
    expect(q.runsTestApplies).toBe(true);
    expect(q.runsTestP).toBeCloseTo(2 / 70, 12);
    expect(q.flags.map((f) => f.kind)).toEqual(['runs']);
    const seven = fitQuality(pts(measured.slice(0, 7)), fitted.slice(0, 7)); // ++++---: P(R=2) = 2/35
    expect(seven.runsTestApplies).toBe(false);
    expect(seven.flags).toEqual([]);
  });

  it('an exact fit has no misses and no signs', () => {
    const q = fitQuality(pts([3, 2, 1]), [3, 2, 1]);
    expect(q.maxRelativeMiss).toBe(0);
    expect(q.runsTestP).toBeNull();
  });
});

describe('fitKinetics holds every fit against its points', () => {
  // a bi-exponential sampled 10 times, forced to a mono-exponential: the early points lie above
  // the fit and the middle ones below (few runs), and the first is missed by far more than 10%
  const times = [1, 2, 4, 6, 12, 24, 48, 72, 96, 120];
  const truth = (t: number) => 0.8 * Math.exp(-0.3 * t) + 0.2 * Math.exp(-0.02 * t);
  const points = times.map((timeH) => ({ timeH, value: truth(timeH) }));
  const fit = fitKinetics(points, {
    physicalDecayConstantPerH: LAMBDA_131,
    models: ['mono'],
    pointLabel: { point: 'blood sample', unit: '%/mL', scale: 100 },
  });

  it('reports the misses computed from the fitted curve, and the runs-test flag', () => {
    fit.points.forEach((p, i) => {
      const fitted = fit.params.amplitude! * Math.exp(-fit.params.lambdaPerH! * p.timeH);
      expect(fit.quality.relativeMisses[i]).toBeCloseTo((fitted - p.value) / p.value, 10);
    });
    expect(fit.quality.flags.some((f) => f.kind === 'runs')).toBe(true);
    expect(fit.warnings.some((w) => w.includes('runs of residual signs in 10 blood samples'))).toBe(
      true,
    );
  });

  it('the warning names the point with its time, fitted and measured values', () => {
    const miss = fit.quality.flags.find((f) => f.kind === 'miss');
    if (miss?.kind !== 'miss') throw new Error('expected a miss');
    const fitted = (100 * miss.fitted).toPrecision(3);
    const measured = (100 * miss.measured).toPrecision(3);
    expect(
      fit.warnings.some((w) =>
        w.startsWith(
          `blood sample at ${miss.timeH.toFixed(1)} h: fitted ${Number(fitted)} %/mL misses the measured ${Number(measured)} %/mL by`,
        ),
      ),
    ).toBe(true);
  });
});
