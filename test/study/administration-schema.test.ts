// The two ways of writing the administered activity and the whole-body counts (issue 7, item
// 11), against hand-computed values (python3: math.exp, math.sqrt; 124I half-life 4.1760 d,
// ICRP-107).
import { describe, expect, it } from 'vitest';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { validateWith } from '../../src/io/manifest/load-manifest.ts';
import { studyManifestSchema } from '../../src/io/manifest/manifest-schema.ts';
import { runStudy } from '../../src/study/run-study.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { hoursAfterAdministration } from '../../src/study/timing.ts';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function validate(mutate: (manifest: Raw) => void) {
  const manifest = withFewMonteCarloSamples(structuredClone(demoManifest())) as Raw;
  mutate(manifest);
  return validateWith(studyManifestSchema, manifest, 'm.yaml');
}

const at = '2024-03-04T09:15:00'; // the demo's administration

describe('tracer: net activity from the syringe and its residual', () => {
  it('residual 1 h after: 40 - 3 exp(ln2 x 1 h / 100.224 h) = 36.97918 MBq', () => {
    const m = validate((raw) => {
      raw['tracer'] = {
        nuclide: 'I-124',
        administeredAt: at,
        syringeMBq: 40,
        residualMBq: 3,
        residualAt: '2024-03-04T10:15:00',
      };
    });
    expect(m.tracer.activityMBq).toBeCloseTo(36.97918014811489, 9);
  });

  it('syringe assayed 30 min before, residual 2 h after: 38.32365 MBq', () => {
    const m = validate((raw) => {
      raw['tracer'] = {
        nuclide: 'I-124',
        administeredAt: at,
        syringeMBq: 41,
        syringeAt: '2024-03-04T08:45:00',
        residualMBq: 2.5,
        residualAt: '2024-03-04T11:15:00',
      };
    });
    expect(m.tracer.activityMBq).toBeCloseTo(38.32364709979216, 9);
  });

  it('the pipelines use the net activity: same results as activityMBq = net', () => {
    const context = { manifestPath: null, inputsSha256: '', createdAt: '2024-01-01T00:00:00Z' };
    const viaResidual = validate((raw) => {
      raw['tracer'] = {
        nuclide: 'I-124',
        administeredAt: at,
        syringeMBq: 40,
        residualMBq: 3,
        residualAt: '2024-03-04T10:15:00',
      };
    });
    const viaNet = validate((raw) => {
      raw['tracer'].activityMBq = 36.97918014811489;
    });
    const a = runStudy(viaResidual, context);
    const b = runStudy(viaNet, context);
    expect(a.blood?.doseGyPerGBq).toBeCloseTo(b.blood?.doseGyPerGBq ?? NaN, 12);
    expect(a.lesions[0]?.doseGyPerGBq).toBeCloseTo(b.lesions[0]?.doseGyPerGBq ?? NaN, 12);
    expect(a.tracer.activityMBq).toBeCloseTo(36.97918014811489, 9);
  });

  it('activityMBq is taken as net, as it is', () => {
    expect(validate(() => undefined).tracer.activityMBq).toBe(37);
  });

  it.each([
    [{ activityMBq: 37, syringeMBq: 40 }, 'tracer.activityMBq: give either activityMBq'],
    [
      { syringeMBq: 40 },
      'tracer.residualMBq: missing; expected residualMBq and residualAt with syringeMBq',
    ],
    [
      {},
      'tracer.activityMBq: missing; expected the net administered activity in MBq (activityMBq)',
    ],
    [
      { syringeMBq: 40, residualMBq: 3, residualAt: '2024-03-04T09:00:00' },
      'tracer.residualAt: expected the residual assay at or after administeredAt',
    ],
    [
      { syringeMBq: 40, residualMBq: 40, residualAt: at },
      'tracer.residualMBq: the residual (40.00 MBq at administration) leaves 0.000 MBq',
    ],
    [
      { syringeMBq: 40, residualMBq: 3, residualAt: 'noon' },
      'tracer.residualAt: expected a local date-time like',
    ],
  ])('%j is refused', (given, expected) => {
    expect(() =>
      validate((raw) => {
        raw['tracer'] = { nuclide: 'I-124', administeredAt: at, ...given };
      }),
    ).toThrow(`m.yaml: ${expected}`);
  });
});

describe('wholeBody: conjugate views', () => {
  const first = { at: '2024-03-04T11:15:00' };
  it('sqrt((1000 - 100) (400 - 40)) = 569.20998 net counts', () => {
    const m = validate((raw) => {
      raw['wholeBody'][0] = {
        ...first,
        anteriorCounts: 1000,
        posteriorCounts: 400,
        anteriorBackgroundCounts: 100,
        posteriorBackgroundCounts: 40,
      };
    });
    expect(m.wholeBody[0]?.netCounts).toBeCloseTo(569.2099788303083, 9);
  });

  it('the pipeline uses the geometric mean: views 2n and n/2 give the results of netCounts n', () => {
    const context = { manifestPath: null, inputsSha256: '', createdAt: '2024-01-01T00:00:00Z' };
    const net = validate(() => undefined);
    const views = validate((raw) => {
      raw['wholeBody'] = raw['wholeBody'].map((c: Raw) => ({
        at: c['at'],
        anteriorCounts: 2 * c['netCounts'],
        posteriorCounts: c['netCounts'] / 2,
      }));
    });
    const a = runStudy(views, context);
    const b = runStudy(net, context);
    expect(a.blood?.wbRetention48hPercent).toBeCloseTo(b.blood?.wbRetention48hPercent ?? NaN, 10);
    expect(a.blood?.doseGyPerGBq).toBeCloseTo(b.blood?.doseGyPerGBq ?? NaN, 12);
  });

  it('without backgrounds: sqrt(A P)', () => {
    const m = validate((raw) => {
      raw['wholeBody'][0] = { ...first, anteriorCounts: 900, posteriorCounts: 400 };
    });
    expect(m.wholeBody[0]?.netCounts).toBe(600);
  });

  it.each([
    [
      { anteriorCounts: 900 },
      'wholeBody[0].posteriorCounts: missing; expected both conjugate views',
    ],
    [
      { netCounts: 5, anteriorCounts: 900, posteriorCounts: 400 },
      'wholeBody[0].netCounts: give either netCounts or anteriorCounts',
    ],
    [{}, 'wholeBody[0].netCounts: missing; expected background-corrected net counts (netCounts)'],
    [
      { anteriorCounts: 900, posteriorCounts: 400, posteriorBackgroundCounts: 500 },
      "wholeBody[0].posteriorBackgroundCounts: background above the view's counts (500 > 400)",
    ],
  ])('%j is refused', (given, expected) => {
    expect(() =>
      validate((raw) => {
        raw['wholeBody'][0] = { ...first, ...given };
      }),
    ).toThrow(`m.yaml: ${expected}`);
  });
});

describe('times after the administration', () => {
  it('more than 1000 h (ten 124I half-lives) after it is refused', () => {
    const ms = Date.UTC(2024, 2, 4, 9, 15);
    expect(() => hoursAfterAdministration('2024-05-04T09:15:00', ms, at, 'blood[2].at')).toThrow(
      'blood[2].at: 2024-05-04T09:15:00 is 1464 h after the administration',
    );
    expect(hoursAfterAdministration('2024-03-08T21:15:00', ms, at, 'x')).toBe(108);
  });
});
