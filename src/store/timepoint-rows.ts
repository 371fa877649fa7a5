/**
 * A timepoint's row and what every change to its inputs does besides its own writes: the 404 for
 * an unknown id, and the increment of `inputs_rev` (so a run can be told from the current inputs).
 */
import type { MeasurementsInput, TimepointState } from './api-types.ts';
import { NotFoundError } from './errors.ts';
import type { Store } from './open.ts';
import { timepointState } from './state.ts';
import { parseJson } from './validate.ts';

export interface TimepointRow {
  id: number;
  patient_id: number;
  label: string;
  weight_kg: number | null;
  diffuse_lung: number;
  tracer_json: string | null;
  therapy_json: string | null;
  settings_json: string | null;
  overrides_json: string | null;
  measurements_json: string | null;
  recovery_id: number | null;
  /** The name the recovery file was uploaded under for this timepoint. */
  recovery_name: string | null;
  inputs_rev: number;
}

/** The timepoint's row, or a NotFoundError. */
export function timepointRow(store: Store, timepointId: number): TimepointRow {
  const row = store.db.prepare('SELECT * FROM timepoints WHERE id = ?').get(timepointId) as
    TimepointRow | undefined;
  if (row === undefined) throw new NotFoundError('timepoint', timepointId);
  return row;
}

/** One more change of the timepoint's inputs; call inside the change's transaction. */
export function bumpInputs(store: Store, timepointId: number): void {
  store.db
    .prepare('UPDATE timepoints SET inputs_rev = inputs_rev + 1 WHERE id = ?')
    .run(timepointId);
}

/** The latest run of a timepoint, whether it was made from `inputsRev`, and its review. */
export function latestRunOf(
  store: Store,
  timepointId: number,
  inputsRev: number,
): { id: number; decision: string; current: boolean; reviewed: boolean } | null {
  const run = store.db
    .prepare(
      `SELECT r.id, r.decision, r.inputs_rev,
         EXISTS (SELECT 1 FROM reviews v WHERE v.run_id = r.id) AS reviewed
       FROM runs r WHERE r.timepoint_id = ? ORDER BY r.id DESC LIMIT 1`,
    )
    .get(timepointId) as
    { id: number; decision: string; inputs_rev: number; reviewed: number } | undefined;
  if (run === undefined) return null;
  return {
    id: run.id,
    decision: run.decision,
    current: run.inputs_rev === inputsRev,
    reviewed: run.reviewed > 0,
  };
}

/** The state of the timepoint (state.ts) from its rows. */
export function stateOf(store: Store, timepointId: number, inputsRev: number): TimepointState {
  const ids = (sql: string) => store.db.prepare(sql).pluck().all(timepointId) as number[];
  const count = (sql: string) => store.db.prepare(sql).pluck().get(timepointId) as number;
  const seedSessions = store.db.prepare('SELECT session_id FROM seeds WHERE lesion_id = ?').pluck();
  const lesions = store.db
    .prepare('SELECT id, label FROM lesions WHERE timepoint_id = ? ORDER BY id')
    .all(timepointId) as { id: number; label: string }[];
  const measurements = store.db
    .prepare('SELECT measurements_json FROM timepoints WHERE id = ?')
    .pluck()
    .get(timepointId) as string | null;
  const rows = parseJson<MeasurementsInput>(measurements)?.lesions ?? [];
  const run = latestRunOf(store, timepointId, inputsRev);
  return timepointState({
    seriesCount: count('SELECT COUNT(*) FROM series WHERE timepoint_id = ?'),
    sessionIds: ids('SELECT id FROM sessions WHERE timepoint_id = ?'),
    lesionSeedSessionIds: lesions.map((lesion) => seedSessions.all(lesion.id) as number[]),
    lesionMeasured: lesions.map((lesion) => rows.some((row) => row.lesion === lesion.label)),
    bloodCount: count('SELECT COUNT(*) FROM blood_samples WHERE timepoint_id = ?'),
    wholeBodyCount: count('SELECT COUNT(*) FROM whole_body_counts WHERE timepoint_id = ?'),
    latestRun: run === null ? null : { current: run.current, reviewed: run.reviewed },
  });
}
