// Helpers of the store record tests: a fresh store with a patient and timepoint, series rows
// inserted with SQL (the import is another module's), and the CLI's error for a manifest value.
import { InputError } from '../../src/core/errors.ts';
import { validateWith } from '../../src/io/manifest/load-manifest.ts';
import { studyManifestSchema } from '../../src/io/manifest/manifest-schema.ts';
import { createPatient, createTimepoint, openStore, type Store } from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

export const CLIENT = '127.0.0.1 vitest';

/** A store in a temporary folder (deleted after the file's last test) with P1 / baseline. */
export function storeWithTimepoint(): { store: Store; patientId: number; tid: number } {
  const store = openStore(tempDir());
  const patient = createPatient(store, { code: 'P1', sex: 'F', heightCm: 165 }, CLIENT);
  const tid = createTimepoint(store, patient.id, { label: 'baseline' }, CLIENT).id;
  return { store, patientId: patient.id, tid };
}

let uidCounter = 0;

/** A series row of the timepoint (as the import would make it); its id. */
export function addSeries(
  store: Store,
  tid: number,
  modality: 'PT' | 'CT',
  acquiredAt: string | null,
): number {
  uidCounter++;
  return Number(
    store.db
      .prepare(
        `INSERT INTO series (timepoint_id, series_uid, study_uid, frame_of_reference_uid, modality,
           description, acquired_at) VALUES (?, ?, '1.2.3', '1.2.4', ?, ?, ?)`,
      )
      .run(tid, `1.2.840.99.${uidCounter}`, modality, `${modality} ${uidCounter}`, acquiredAt)
      .lastInsertRowid,
  );
}

/** The error `fn` throws (the test fails when it throws none). */
export function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, none was thrown');
}

/** A valid minimal study manifest the CLI accepts. */
export function baseManifest(): Record<string, unknown> {
  return {
    iodose: 1,
    patient: { id: 'P1', weightKg: 70 },
    tracer: { nuclide: 'I-124', activityMBq: 74, administeredAt: '2024-03-04T09:00:00' },
  };
}

/** The CLI's error for `manifest` (validateWith on the study manifest schema, as `iodose run`). */
export function cliError(manifest: Record<string, unknown>): InputError {
  return errorOf(() => validateWith(studyManifestSchema, manifest, 'study.yaml'));
}

/** A valid recovery file (recovery-file.ts): a Hill curve with one point. */
export function recoveryFile(plateau = 0.9): Record<string, unknown> {
  return {
    iodoseRecovery: 1,
    nuclide: 'I-124',
    segmentation: 'isocontour 50%',
    curve: {
      model: 'hill-volume',
      plateau,
      halfVolumeMl: 1.2,
      slope: 1.5,
      converged: true,
      rangeMl: [0.5, 26.5],
      rmsResidual: 0.01,
      points: [{ volumeMl: 1, recoveryCoefficient: 0.4, fittedRc: 0.41, residual: -0.01 }],
    },
    scanner: { manufacturer: 'test' },
    spheres: [],
    warnings: [],
    provenance: {},
  };
}

export const TRACER = { nuclide: 'I-124', activityMBq: 74, administeredAt: '2024-03-04T09:00:00' };
