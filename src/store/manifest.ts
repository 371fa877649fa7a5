/**
 * A timepoint as a study manifest (manifest-schema.ts, `iodose: 1`) with paths relative to the
 * data folder: scans[].pet = "dicom/<PET SeriesInstanceUID>", ct likewise, recovery =
 * "recovery/<sha256>.json", lesion seeds as seedsLps keyed by the session label (the scan id).
 * Values are the ones entered, as given; what is not entered is left out (the manifest is then
 * invalid where `missing` says so).
 */
import type { PatientSummary, TimepointDetail } from './api-types.ts';
import { NotFoundError } from './errors.ts';
import { missingInputs } from './missing.ts';
import type { Store } from './open.ts';
import { recoveryPath } from './recovery.ts';
import { getTimepoint } from './timepoint-detail.ts';
import { timepointRow } from './timepoint-rows.ts';

const present = <T>(key: string, value: T | null | undefined) =>
  value === null || value === undefined ? {} : { [key]: value };

/** The study manifest of a timepoint (pure): `detail` as getTimepoint gives it, and its patient. */
export function manifestOfTimepoint(
  detail: TimepointDetail,
  patient: Pick<PatientSummary, 'sex' | 'heightCm'>,
): Record<string, unknown> {
  const uid = new Map(detail.series.map((s) => [s.id, s.seriesInstanceUid]));
  const folder = (seriesId: number) => `dicom/${uid.get(seriesId) ?? `missing-series-${seriesId}`}`;
  const sessionLabel = new Map(detail.sessions.map((s) => [s.id, s.label]));
  const scans = detail.sessions.map((session) => ({
    id: session.label,
    pet: folder(session.petSeriesId),
    ...(session.ctSeriesId === null ? {} : { ct: folder(session.ctSeriesId) }),
  }));
  const lesions = detail.lesions.map((lesion) => {
    const seeds = lesion.seeds.flatMap((seed) => {
      const label = sessionLabel.get(seed.sessionId);
      return label === undefined ? [] : [[label, seed.pointLps] as const];
    });
    return {
      id: lesion.label,
      ...present('site', lesion.site),
      ...present('volumeMl', lesion.volumeMl),
      ...(seeds.length === 0 ? {} : { seedsLps: Object.fromEntries(seeds) }),
    };
  });
  return {
    iodose: 1,
    patient: {
      id: detail.patientCode,
      ...present('weightKg', detail.weightKg),
      ...present('heightCm', patient.heightCm),
      ...present('sex', patient.sex),
      diffuseLungMetastases: detail.diffuseLungMetastases,
    },
    ...present('tracer', detail.tracer),
    ...present('therapy', detail.therapy),
    ...present('settings', detail.settings),
    ...present('recovery', detail.recovery === null ? null : recoveryPath(detail.recovery.sha256)),
    ...(scans.length === 0 ? {} : { scans }),
    lesions,
    ...present('measurements', detail.measurements),
    blood: detail.blood,
    wholeBody: detail.wholeBody,
    ...present('overrides', detail.overrides),
  };
}

/**
 * The timepoint's manifest with its base folder (the data folder), the inputs revision it was
 * made from (timepoints.inputs_rev) and what is still missing for a run. Read in one transaction
 * so the revision matches the manifest.
 */
export function timepointManifest(
  store: Store,
  timepointId: number,
): { manifest: Record<string, unknown>; baseDir: string; inputsRev: number; missing: string[] } {
  return store.db.transaction(() => {
    const row = timepointRow(store, timepointId);
    const detail = getTimepoint(store, timepointId);
    const patient = store.db
      .prepare('SELECT sex, height_cm FROM patients WHERE id = ?')
      .get(row.patient_id) as { sex: 'F' | 'M' | null; height_cm: number | null } | undefined;
    if (patient === undefined) throw new NotFoundError('patient', row.patient_id);
    return {
      manifest: manifestOfTimepoint(detail, { sex: patient.sex, heightCm: patient.height_cm }),
      baseDir: store.dataDir,
      inputsRev: row.inputs_rev,
      missing: missingInputs(detail),
    };
  })();
}
