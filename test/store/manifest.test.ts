import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeResults } from '../../src/app/study/compute-results.ts';
import { loadStudySource } from '../../src/app/study/study-source.ts';
import { DEMO_COHORT_DIR } from '../../src/demo/demo-cohort.ts';
import {
  loadStudyManifest,
  parseManifestText,
  validateWith,
} from '../../src/io/manifest/load-manifest.ts';
import { studyManifestSchema, type StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import {
  createLesion,
  createPatient,
  createTimepoint,
  getTimepoint,
  manifestOfTimepoint,
  openStore,
  patchTimepoint,
  putBlood,
  putRecovery,
  putSeed,
  putWholeBody,
  setSessions,
  timepointManifest,
  type Store,
} from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';
import { addSeries, CLIENT, recoveryFile, storeWithTimepoint, TRACER } from './records-fixture.ts';

/** Enters a manifest file's values (as written in the file) into a new timepoint, as the UI would. */
function enterManifest(store: Store, path: string): number {
  const raw = parseManifestText(readFileSync(path, 'utf8'), path) as Record<string, unknown> &
    Pick<StudyManifest, 'patient' | 'lesions'>;
  const { id, sex, heightCm, weightKg, diffuseLungMetastases } = raw.patient;
  const patient = createPatient(store, { code: id, sex, heightCm }, CLIENT);
  const tid = createTimepoint(store, patient.id, { label: 'wk0' }, CLIENT).id;
  patchTimepoint(
    store,
    tid,
    {
      weightKg,
      diffuseLungMetastases,
      tracer: raw['tracer'],
      therapy: raw['therapy'],
      measurements: raw['measurements'],
    },
    CLIENT,
  );
  for (const { id: label, site, volumeMl } of raw.lesions) {
    createLesion(store, tid, { label, site, volumeMl }, CLIENT);
  }
  putBlood(store, tid, raw['blood'], CLIENT);
  putWholeBody(store, tid, raw['wholeBody'], CLIENT);
  return tid;
}

describe('timepoint manifest', () => {
  it('a measurement-level demo study entered in the store: the same manifest, the same results', async () => {
    const store = openStore(tempDir());
    const file = join(DEMO_COHORT_DIR, 'P01', 'wk0.yaml');
    const tid = enterManifest(store, file);
    const built = timepointManifest(store, tid);
    expect(built.missing).toEqual([]);
    expect(getTimepoint(store, tid).missing).toEqual([]);
    // No series, yet complete: a measurement-level timepoint is measured, not empty.
    expect(getTimepoint(store, tid).state).toBe('measured');
    expect(built.baseDir).toBe(store.dataDir);
    const rev = store.db.prepare('SELECT inputs_rev FROM timepoints WHERE id = ?').pluck().get(tid);
    expect(built.inputsRev).toBe(rev);
    const fromStore = validateWith(studyManifestSchema, built.manifest, 'store');
    const fromFile = loadStudyManifest(file).manifest;
    expect(fromStore).toEqual(fromFile);
    // Run both as `iodose run` would: the same decision and doses.
    const createdAt = '2026-12-03T12:00:00Z';
    const run = async (source: Parameters<typeof loadStudySource>[0]) =>
      (await computeResults(loadStudySource(source), createdAt)).results;
    const a = await run({ manifest: fromStore, baseDir: built.baseDir });
    const b = await run({ manifestPath: file });
    expect(JSON.stringify(a.therapy)).toBe(JSON.stringify(b.therapy));
    expect(JSON.stringify(a.lesions)).toBe(JSON.stringify(b.lesions));
    expect(JSON.stringify(a.mta)).toBe(JSON.stringify(b.mta));
    expect(a.therapy.decision).not.toBe('not assessable');
  }, 60_000);

  it('a fully filled image-level timepoint: a valid manifest with the store paths', () => {
    const { store, tid } = storeWithTimepoint();
    const pet24 = addSeries(store, tid, 'PT', '2024-03-05T09:00:00');
    const ct24 = addSeries(store, tid, 'CT', '2024-03-05T08:55:00');
    const pet72 = addSeries(store, tid, 'PT', '2024-03-07T09:00:00');
    const uid = (id: number) =>
      store.db.prepare('SELECT series_uid FROM series WHERE id = ?').pluck().get(id) as string;
    patchTimepoint(
      store,
      tid,
      { weightKg: 70, tracer: TRACER, therapy: { plannedActivityGBq: 7.4 } },
      CLIENT,
    );
    const sessions = setSessions(
      store,
      tid,
      [
        { label: 'pet24', petSeriesId: pet24, ctSeriesId: ct24 },
        { label: 'pet72', petSeriesId: pet72 },
      ],
      CLIENT,
    ).sessions;
    let detail = createLesion(store, tid, { label: 'L1', site: 'neck' }, CLIENT);
    const lesionId = detail.lesions[0]?.id ?? -1;
    expect(detail.missing).toEqual([
      'lesion L1 has no seed in session pet24',
      'lesion L1 has no seed in session pet72',
      'no blood samples',
      'no whole-body counts',
      'no recovery file (iodose calibrate) for the lesions measured on images',
    ]);
    putSeed(store, lesionId, sessions[0]?.id ?? -1, { pointLps: [1, 2, 3] }, CLIENT);
    putSeed(store, lesionId, sessions[1]?.id ?? -1, { pointLps: [1.5, 2, 3] }, CLIENT);
    putBlood(store, tid, [{ at: '2024-03-04T11:00:00', concBqPerMl: 900 }], CLIENT);
    putWholeBody(store, tid, [{ at: '2024-03-04T11:00:00', netCounts: 1e5 }], CLIENT);
    detail = putRecovery(store, tid, { name: 'r.json', content: recoveryFile() }, CLIENT);
    expect(detail.state).toBe('measured');
    const { manifest, missing, baseDir } = timepointManifest(store, tid);
    expect(missing).toEqual([]);
    const valid = validateWith(studyManifestSchema, manifest, 'store');
    expect(valid.patient).toEqual({
      id: 'P1',
      weightKg: 70,
      heightCm: 165,
      sex: 'F',
      diffuseLungMetastases: false,
    });
    expect(valid.scans).toEqual([
      { id: 'pet24', pet: `dicom/${uid(pet24)}`, ct: `dicom/${uid(ct24)}` },
      { id: 'pet72', pet: `dicom/${uid(pet72)}` },
    ]);
    expect(valid.lesions).toEqual([
      { id: 'L1', site: 'neck', seedsLps: { pet24: [1, 2, 3], pet72: [1.5, 2, 3] } },
    ]);
    const sha = detail.recovery?.sha256 ?? '';
    expect(valid.recovery).toBe(`recovery/${sha}.json`);
    expect(existsSync(join(baseDir, valid.recovery ?? ''))).toBe(true);
    expect(valid.therapy).toEqual({ plannedActivityGBq: 7.4 });
    expect(manifestOfTimepoint(detail, { sex: 'F', heightCm: 165 })).toEqual(manifest);
  });

  it('lists what an empty or half-entered timepoint misses', () => {
    const { store, tid, patientId } = storeWithTimepoint();
    expect(getTimepoint(store, tid).missing).toEqual([
      'no body weight (weightKg)',
      'no tracer (administered activity and time)',
      'no sessions (assign the PET series to sessions)',
      'no lesions',
      'no blood samples',
      'no whole-body counts',
    ]);
    const other = createTimepoint(store, patientId, { label: 'wk6' }, CLIENT).id;
    createLesion(store, other, { label: 'L1' }, CLIENT);
    const measured = patchTimepoint(
      store,
      other,
      {
        measurements: {
          lesions: [{ lesion: 'L9', at: '2024-03-05T09:00:00', meanConcBqPerMl: 50 }],
        },
      },
      CLIENT,
    );
    expect(measured.missing).toContain('measurements name lesion L9, which is not entered');
    expect(measured.missing).toContain('lesion L1 has no measurements');
    expect(measured.state).toBe('empty');
    const both = createLesion(store, other, { label: 'L9' }, CLIENT);
    expect(both.missing).not.toContain('measurements name lesion L9, which is not entered');
    expect(both.state).toBe('imported');
    expect(measured.missing).not.toContain('no sessions (assign the PET series to sessions)');
    // The built manifest is refused by the CLI exactly where `missing` says (no weight first).
    const { manifest } = timepointManifest(store, other);
    expect(() => validateWith(studyManifestSchema, manifest, 'store')).toThrow(/patient\.weightKg/);
  });
});
