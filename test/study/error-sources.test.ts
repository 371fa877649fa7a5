// Errors from the chains name where each number came from (issue 7 item 9, issue 8 item 2): a
// point measured on a PET names scans[k].pet (its time is the PET's scan start) or the lesion's
// seed with the VOI it measured, a lesion fitted from images names lesions[i], a fit point names
// the sample it came from - never a row the user did not write or `blood.points[1].timeH`.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import type { LesionImaging } from '../../src/study/results.ts';
import { runStudy, type StudyContext } from '../../src/study/run-study.ts';

const context = { manifestPath: 'm.yaml', inputsSha256: '', createdAt: '2024-01-01T00:00:00Z' };

/** The demo with lesion L1 measured on (stand-in) PET scans at `times` instead of manifest rows. */
function withImageRows(times: string[]): { manifest: StudyManifest; ctx: StudyContext } {
  const manifest = demoManifest();
  const given = manifest.measurements?.lesions ?? [];
  const l1 = given.filter((row) => row.lesion === 'L1');
  manifest.measurements = { lesions: given.filter((row) => row.lesion !== 'L1') };
  manifest.scans = times.map((_, k) => ({ id: `pet${k}`, pet: `./pet${k}` }));
  // hours after administration, as the PET's scan start gives them (both naive local times)
  const administered = Date.parse(`${manifest.tracer.administeredAt}Z`);
  const scans = times.map((at, k) => ({
    scanId: `pet${k}`,
    scanIndex: k,
    seedField: `lesions[0].seedsLps.pet${k}`,
    at,
    timeH: (Date.parse(`${at}Z`) - administered) / 3_600_000,
    meanConcBqPerMl: (l1[k]?.meanConcBqPerMl ?? 1000) / (l1[k]?.recoveryCoefficient ?? 1),
  }));
  const imaging: LesionImaging = {
    scans: scans.map((scan) => scan as unknown as LesionImaging['scans'][number]),
    volumeMethod: 'lesions[0].volumeMl',
    warnings: [],
    notAssessableReasons: [],
  };
  const volume = {
    volumeMl: manifest.lesions[0]?.volumeMl ?? 1,
    source: { field: 'lesions[0].volumeMl' },
    volumesMl: [],
  };
  return {
    manifest,
    ctx: {
      ...context,
      images: { lesions: new Map([['L1', { scans, volume, imaging }]]), warnings: [] },
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
      /^scans\[1\]\.pet: the PET scan start \(DICOM header\): 2024-03-04T08:15:00 is 1\.00 h before the administration/,
    );
  });

  it('a lesion seeded on one scan only names lesions[i], not measurements.lesions', () => {
    const { manifest, ctx } = withImageRows(['2024-03-05T09:15:00']);
    const message = fieldOf(() => runStudy(manifest, ctx));
    expect(message).toMatch(/^lesions\[0\]\.points: too few points for any model: got 1/);
  });

  it('two scans at the same time name the second scan', () => {
    const { manifest, ctx } = withImageRows(['2024-03-05T09:15:00', '2024-03-05T09:15:00']);
    const message = fieldOf(() => runStudy(manifest, ctx));
    expect(message).toMatch(/^scans\[1\]\.pet: lesion L1: duplicate time 24 h/);
  });

  it('a recovery coefficient missing beside given ones names the VOI it is missing for', () => {
    const { manifest, ctx } = withImageRows(['2024-03-05T09:15:00']);
    // one typed row with an RC beside the image point without one
    manifest.measurements?.lesions.push({
      lesion: 'L1',
      at: '2024-03-08T21:15:00',
      meanConcBqPerMl: 500,
      recoveryCoefficient: 0.8,
    });
    const message = fieldOf(() => runStudy(manifest, ctx));
    expect(message).toMatch(
      /^lesions\[0\]\.seedsLps\.pet0: scans\[0\] \(pet0\): isocontour VOI of lesion L1: missing, while other/,
    );
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

describe('scan times from images', () => {
  it("a point's time is the PET's scan start in hours as measured, not re-read from its ISO text", () => {
    const times = ['2024-03-05T09:15:00.000', '2024-03-07T09:15:00.000', '2024-03-09T09:15:00.000'];
    const { manifest, ctx } = withImageRows(times);
    const lesion = ctx.images?.lesions.get('L1');
    // a scan start 0.4 ms after the whole millisecond the ISO text keeps (DICOM times carry us)
    const exact = lesion?.scans.map((scan) => scan.timeH + 0.0004 / 3600) ?? [];
    lesion?.scans.forEach((scan, k) => Object.assign(scan, { timeH: exact[k] }));
    const results = runStudy(manifest, ctx);
    const points = results.lesions.find((l) => l.id === 'L1')?.points ?? [];
    expect(points.map((p) => p.timeH)).toEqual(exact);
  });
});
