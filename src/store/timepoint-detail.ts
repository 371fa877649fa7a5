/** A timepoint with everything entered for it (TimepointDetail), read from its rows. */
import { hoursBetween, parseLocalDateTimeMs } from '../core/time.ts';
import type {
  BloodSampleInput,
  LesionDetail,
  MeasurementsInput,
  PointLps,
  SessionDetail,
  TimepointDetail,
  TracerInput,
  WholeBodyCountInput,
} from './api-types.ts';
import { missingInputs } from './missing.ts';
import { runSummaries } from './runs.ts';
import { seriesOfTimepoint } from './series.ts';
import type { Store } from './open.ts';
import { stateOf, timepointRow } from './timepoint-rows.ts';
import { parseJson } from './validate.ts';

/** Hours from `administeredAt` to `acquiredAt`, or null when either is absent or unreadable. */
export function hoursAfter(administeredAt: string | undefined, acquiredAt: string | null) {
  if (administeredAt === undefined || acquiredAt === null) return null;
  try {
    return hoursBetween(
      parseLocalDateTimeMs(administeredAt, {}),
      parseLocalDateTimeMs(acquiredAt, {}),
    );
  } catch {
    return null;
  }
}

interface SessionRow {
  id: number;
  timepoint_id: number;
  label: string;
  pet_series_id: number;
  ct_series_id: number | null;
  acquired_at: string | null;
}

export const SESSION_SQL = `SELECT x.*, s.acquired_at FROM sessions x
  JOIN series s ON s.id = x.pet_series_id`;

export function sessionDetail(row: SessionRow, tracer: TracerInput | null): SessionDetail {
  return {
    id: row.id,
    label: row.label,
    petSeriesId: row.pet_series_id,
    ctSeriesId: row.ct_series_id,
    hoursAfterAdministration: hoursAfter(tracer?.administeredAt, row.acquired_at),
  };
}

export function sessionRows(store: Store, timepointId: number): SessionRow[] {
  return store.db
    .prepare(`${SESSION_SQL} WHERE x.timepoint_id = ? ORDER BY x.id`)
    .all(timepointId) as SessionRow[];
}

export function sessionRow(store: Store, sessionId: number): SessionRow | undefined {
  return store.db.prepare(`${SESSION_SQL} WHERE x.id = ?`).get(sessionId) as SessionRow | undefined;
}

interface LesionRow {
  id: number;
  timepoint_id: number;
  label: string;
  site: string | null;
  volume_ml: number | null;
}

export function lesionDetail(store: Store, row: LesionRow): LesionDetail {
  const seeds = store.db
    .prepare(
      'SELECT session_id, x_mm, y_mm, z_mm FROM seeds WHERE lesion_id = ? ORDER BY session_id',
    )
    .all(row.id) as { session_id: number; x_mm: number; y_mm: number; z_mm: number }[];
  return {
    id: row.id,
    label: row.label,
    site: row.site,
    volumeMl: row.volume_ml,
    seeds: seeds.map((s) => ({
      sessionId: s.session_id,
      pointLps: [s.x_mm, s.y_mm, s.z_mm] as PointLps,
    })),
  };
}

export function lesionRow(store: Store, lesionId: number): LesionRow | undefined {
  return store.db.prepare('SELECT * FROM lesions WHERE id = ?').get(lesionId) as
    LesionRow | undefined;
}

export function lesionsOf(store: Store, timepointId: number): LesionDetail[] {
  const rows = store.db
    .prepare('SELECT * FROM lesions WHERE timepoint_id = ? ORDER BY id')
    .all(timepointId) as LesionRow[];
  return rows.map((row) => lesionDetail(store, row));
}

export function bloodOf(store: Store, timepointId: number): BloodSampleInput[] {
  const rows = store.db
    .prepare('SELECT at, conc_bq_per_ml FROM blood_samples WHERE timepoint_id = ? ORDER BY ord')
    .all(timepointId) as { at: string; conc_bq_per_ml: number }[];
  return rows.map((row) => ({ at: row.at, concBqPerMl: row.conc_bq_per_ml }));
}

export function wholeBodyOf(store: Store, timepointId: number): WholeBodyCountInput[] {
  const rows = store.db
    .prepare('SELECT entry_json FROM whole_body_counts WHERE timepoint_id = ? ORDER BY ord')
    .pluck()
    .all(timepointId) as string[];
  return rows.map((text) => JSON.parse(text) as WholeBodyCountInput);
}

/** The timepoint's recovery file: the name it was uploaded under here, and its SHA-256. */
export function recoveryOf(
  store: Store,
  row: { recovery_id: number | null; recovery_name: string | null },
): { name: string; sha256: string } | null {
  if (row.recovery_id === null) return null;
  const file = store.db
    .prepare('SELECT name, sha256 FROM recovery WHERE id = ?')
    .get(row.recovery_id) as { name: string; sha256: string } | undefined;
  return file === undefined ? null : { name: row.recovery_name ?? file.name, sha256: file.sha256 };
}

/** The timepoint with its series, sessions, lesions, samples, runs, state and what is missing. */
export function getTimepoint(store: Store, timepointId: number): TimepointDetail {
  const row = timepointRow(store, timepointId);
  const patientCode = store.db
    .prepare('SELECT code FROM patients WHERE id = ?')
    .pluck()
    .get(row.patient_id) as string;
  const tracer = parseJson<TracerInput>(row.tracer_json);
  const detail = {
    id: row.id,
    patientId: row.patient_id,
    patientCode,
    label: row.label,
    weightKg: row.weight_kg,
    diffuseLungMetastases: row.diffuse_lung !== 0,
    tracer,
    therapy: parseJson<Record<string, unknown>>(row.therapy_json),
    settings: parseJson<Record<string, unknown>>(row.settings_json),
    overrides: parseJson<Record<string, boolean>>(row.overrides_json),
    measurements: parseJson<MeasurementsInput>(row.measurements_json),
    recovery: recoveryOf(store, row),
    series: seriesOfTimepoint(store, timepointId),
    sessions: sessionRows(store, timepointId).map((s) => sessionDetail(s, tracer)),
    lesions: lesionsOf(store, timepointId),
    blood: bloodOf(store, timepointId),
    wholeBody: wholeBodyOf(store, timepointId),
    runs: runSummaries(store, timepointId),
  };
  return {
    ...detail,
    state: stateOf(store, timepointId, row.inputs_rev),
    missing: missingInputs(detail),
  };
}
