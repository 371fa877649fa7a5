// Errors from the computation name the manifest field the user wrote (issue 7, item 9): a row
// measured on a PET names scans[k].pet or lesions[i].seedsLps.<scan>, a lesion fitted from images
// names lesions[i], a fit point names the sample it came from - never `measurements.lesions[7]`
// (a row the user did not write) or `blood.points[1].timeH`.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import type { LesionImaging } from '../../src/study/results.ts';
import { runStudy, type StudyContext } from '../../src/study/run-study.ts';

const context = { manifestPath: 'm.yaml', inputsSha256: '', createdAt: '2024-01-01T00:00:00Z' };

/** The demo with lesion L1 measured from two (stand-in) PET scans instead of manifest rows. */
function withImageRows(times: string[]): { manifest: StudyManifest; ctx: StudyContext } {
  const manifest = demoManifest();
  const given = manifest.measurements?.lesions ?? [];
  const l1 = given.filter((row) => row.lesion === 'L1');
  manifest.measurements = { lesions: given.filter((row) => row.lesion !== 'L1') };
  manifest.scans = times.map((_, k) => ({ id: `pet${k}`, pet: `./pet${k}` }));
  const rows = times.map((at, k) => ({
    lesion: 'L1',
    at,
    meanConcBqPerMl: l1[k]?.meanConcBqPerMl ?? 1000,
    recoveryCoefficient: l1[k]?.recoveryCoefficient ?? 1,
  }));
  const imaging = new Map<string, LesionImaging>([
    [
      'L1',
      {
        scans: times.map((at, k) => ({ scanId: `pet${k}`, at }) as LesionImaging['scans'][number]),
        volumeMethod: 'given',
        warnings: [],
        notAssessableReasons: [],
      },
    ],
  ]);
  return {
    manifest,
    ctx: {
      ...context,
      images: { measurements: rows, volumesMl: new Map(), imaging, warnings: [] },
    },
  };
}

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('errors from image measurements name the scans and lesions', () => {
  it('a PET scan starting before the administration names scans[k].pet', () => {
    const { manifest, ctx } = withImageRows(['2024-03-05T09:15:00', '2024-03-04T08:15:00']);
    const message = fieldOf(() => runStudy(manifest, ctx));
    expect(message).toMatch(
      /^scans\[1\]\.pet: the PET scan start \(DICOM header\) 2024-03-04T08:15:00 is 1\.00 h before the administration/,
    );
  });

  it('a lesion seeded on one scan only names lesions[i], not measurements.lesions', () => {
    const { manifest, ctx } = withImageRows(['2024-03-05T09:15:00']);
    const message = fieldOf(() => runStudy(manifest, ctx));
    expect(message).toMatch(/^lesions\[0\]: too few points for any model: got 1/);
  });

  it('two scans at the same time name the second scan', () => {
    const { manifest, ctx } = withImageRows(['2024-03-05T09:15:00', '2024-03-05T09:15:00']);
    const message = fieldOf(() => runStudy(manifest, ctx));
    expect(message).toMatch(/^scans\[1\]\.pet: lesion L1: duplicate time 24 h/);
  });

  it('a mix of given and missing recovery coefficients names the scan', () => {
    const { manifest, ctx } = withImageRows(['2024-03-05T09:15:00', '2024-03-08T21:15:00']);
    const rows = ctx.images?.measurements ?? [];
    const second = rows[1];
    if (second !== undefined) delete second.recoveryCoefficient;
    const message = fieldOf(() => runStudy(manifest, ctx));
    expect(message).toMatch(/^lesions\[0\]\.seedsLps\.pet1: scan pet1: missing, while other/);
  });
});

describe('fit points name the sample they came from', () => {
  it('a repeated blood time names blood[j].at of the manifest', () => {
    const manifest = demoManifest();
    const blood = manifest.blood;
    const first = blood[0];
    const third = blood[2];
    if (first === undefined || third === undefined) throw new Error('demo blood');
    third.at = first.at;
    const message = fieldOf(() => runStudy(manifest, context));
    expect(message).toMatch(/^blood\[2\]\.at: duplicate time/);
  });
});
