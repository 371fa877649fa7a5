/** Timepoints of a patient (work in progress: summaries only so far). */
import type { TimepointSummary } from './api-types.ts';
import type { Store } from './open.ts';
import { timepointState } from './state.ts';

const count = (store: Store, sql: string, id: number) =>
  store.db.prepare(sql).pluck().get(id) as number;

/** The summaries of a patient's timepoints, by label. */
export function timepointSummaries(store: Store, patientId: number): TimepointSummary[] {
  const rows = store.db
    .prepare('SELECT id, label, inputs_rev FROM timepoints WHERE patient_id = ? ORDER BY label')
    .all(patientId) as { id: number; label: string; inputs_rev: number }[];
  return rows.map((row) => {
    const sessionIds = store.db
      .prepare('SELECT id FROM sessions WHERE timepoint_id = ?')
      .pluck()
      .all(row.id) as number[];
    const lesionIds = store.db
      .prepare('SELECT id FROM lesions WHERE timepoint_id = ?')
      .pluck()
      .all(row.id) as number[];
    const run = store.db
      .prepare(
        `SELECT r.id, r.decision, r.inputs_rev, (SELECT COUNT(*) FROM reviews v WHERE v.run_id = r.id) AS reviewed
         FROM runs r WHERE r.timepoint_id = ? ORDER BY r.id DESC LIMIT 1`,
      )
      .get(row.id) as
      { id: number; decision: string; inputs_rev: number; reviewed: number } | undefined;
    const state = timepointState({
      seriesCount: count(store, 'SELECT COUNT(*) FROM series WHERE timepoint_id = ?', row.id),
      sessionIds,
      lesionSeedSessionIds: lesionIds.map(
        (id) =>
          store.db
            .prepare('SELECT session_id FROM seeds WHERE lesion_id = ?')
            .pluck()
            .all(id) as number[],
      ),
      bloodCount: count(store, 'SELECT COUNT(*) FROM blood_samples WHERE timepoint_id = ?', row.id),
      wholeBodyCount: count(
        store,
        'SELECT COUNT(*) FROM whole_body_counts WHERE timepoint_id = ?',
        row.id,
      ),
      latestRun:
        run === undefined
          ? null
          : { current: run.inputs_rev === row.inputs_rev, reviewed: run.reviewed > 0 },
    });
    return {
      id: row.id,
      label: row.label,
      state,
      latestRunId: run?.id ?? null,
      decision: run?.decision ?? null,
    };
  });
}
