/**
 * Undoing an import that did not finish (the demo import, issue 10: "if it fails or is cancelled
 * part way, nothing of it stays"): removes exactly the patients the import made, with their
 * timepoints, sessions, lesions, seeds, series, instances, samples and counts, the recovery rows
 * it added, and the audit rows it wrote (told by their client, which names the import), in one
 * transaction; then the DICOM and recovery files of the rows removed. One audit row records the
 * rollback. Rows the user made are never touched: a user's run on one of the import's timepoints
 * (runs are immutable) makes the rollback refuse with a ConflictError, removing nothing.
 * A kill between the commit and the file removal leaves files without rows: cleanOrphans.
 */
import { rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAudit } from './audit.ts';
import { ConflictError } from './errors.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import { recoveryPath } from './recovery.ts';

/** What an import made, as it recorded it while it ran. */
export interface ImportRecord {
  /** The patients it created. */
  patientIds: readonly number[];
  /** The client string of every audit row it wrote (unique to this import). */
  auditClient: string;
  /** MAX(recovery.id) before it began: recovery rows at or below are not its own. */
  recoveryIdBefore: number;
}

/** The largest recovery row id now (0 for none), for ImportRecord.recoveryIdBefore. */
export function lastRecoveryId(store: Store): number {
  const id = store.db.prepare('SELECT MAX(id) FROM recovery').pluck().get() as number | null;
  return id ?? 0;
}

const ids = (values: readonly number[]) => `(${values.map(() => '?').join(',')})`;

/** Removes what `record` names (see the file comment); counts of what was removed. */
export function removeImported(
  store: Store,
  record: ImportRecord,
  why: string,
  client: Client,
): { patients: number; timepoints: number; instances: number; auditRows: number } {
  const { db } = store;
  const patientIds = [...record.patientIds];
  const files: string[] = [];
  const folders = new Set<string>();
  const counts = inTransaction(store, () => {
    const timepointIds =
      patientIds.length === 0
        ? []
        : (db
            .prepare(`SELECT id FROM timepoints WHERE patient_id IN ${ids(patientIds)}`)
            .pluck()
            .all(...patientIds) as number[]);
    let instances = 0;
    if (timepointIds.length > 0) {
      const tp = ids(timepointIds);
      const runs = db.prepare(`SELECT COUNT(*) FROM runs WHERE timepoint_id IN ${tp}`).pluck();
      if ((runs.get(...timepointIds) as number) > 0) {
        throw new ConflictError(
          'runs',
          'no run of a timepoint the import made, to undo the import',
          'a run was started on a timepoint of the unfinished import; remove its patients by hand',
        );
      }
      const paths = db
        .prepare(
          `SELECT i.path FROM instances i JOIN series s ON s.id = i.series_id
           WHERE s.timepoint_id IN ${tp}`,
        )
        .pluck()
        .all(...timepointIds) as string[];
      instances = paths.length;
      files.push(...paths);
      const uids = db
        .prepare(`SELECT series_uid FROM series WHERE timepoint_id IN ${tp}`)
        .pluck()
        .all(...timepointIds) as string[];
      for (const uid of uids) folders.add(join('dicom', uid));
      const recoveryIds = db
        .prepare(
          `SELECT DISTINCT recovery_id FROM timepoints WHERE id IN ${tp} AND recovery_id > ?`,
        )
        .pluck()
        .all(...timepointIds, record.recoveryIdBefore) as number[];
      db.prepare(
        `DELETE FROM seeds WHERE lesion_id IN (SELECT id FROM lesions WHERE timepoint_id IN ${tp})`,
      ).run(...timepointIds);
      for (const table of ['lesions', 'sessions', 'blood_samples', 'whole_body_counts']) {
        db.prepare(`DELETE FROM ${table} WHERE timepoint_id IN ${tp}`).run(...timepointIds);
      }
      db.prepare(
        `DELETE FROM instances WHERE series_id IN (SELECT id FROM series WHERE timepoint_id IN ${tp})`,
      ).run(...timepointIds);
      db.prepare(`DELETE FROM series WHERE timepoint_id IN ${tp}`).run(...timepointIds);
      db.prepare(`DELETE FROM timepoints WHERE id IN ${tp}`).run(...timepointIds);
      for (const id of recoveryIds) {
        const used = db.prepare('SELECT 1 FROM timepoints WHERE recovery_id = ?').get(id);
        if (used !== undefined) continue;
        const sha = db.prepare('SELECT sha256 FROM recovery WHERE id = ?').pluck().get(id);
        db.prepare('DELETE FROM recovery WHERE id = ?').run(id);
        if (typeof sha === 'string') files.push(recoveryPath(sha));
      }
    }
    if (patientIds.length > 0) {
      db.prepare(`DELETE FROM patients WHERE id IN ${ids(patientIds)}`).run(...patientIds);
    }
    const auditRows = db.prepare('DELETE FROM audit WHERE client = ?').run(record.auditClient);
    const removed = {
      patients: patientIds.length,
      timepoints: timepointIds.length,
      instances,
      auditRows: auditRows.changes,
    };
    writeAudit(
      store,
      {
        action: 'rollback',
        entity: 'import',
        entityId: null,
        timepointId: null,
        before: null,
        after: { why, removed },
      },
      client,
    );
    return removed;
  });
  for (const file of files) rmSync(join(store.dataDir, file), { force: true });
  for (const folder of folders) {
    try {
      rmdirSync(join(store.dataDir, folder));
    } catch {
      // Not empty or gone: cleanOrphans at the next open removes what has no row.
    }
  }
  return counts;
}
