/**
 * The one transaction of an import (import.ts): series rows (created, or grown: size cleared,
 * acquisition time the earliest), instance rows, the timepoint's inputs_rev and the audit row.
 * Conflicts are checked again inside it, since another import may have committed meanwhile.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceHeader } from '../app/import-dicom.ts';
import { InputError } from '../core/errors.ts';
import { writeAudit } from './audit.ts';
import { ConflictError } from './errors.ts';
import { inTransaction, type Client, type Store } from './open.ts';

/** An instance's path relative to the data folder. */
export const relativePath = (series: string, sop: string) => `dicom/${series}/${sop}.dcm`;

/** The one transaction of an import: series rows, instance rows, inputs_rev, the audit row. */
export function commitRows(
  store: Store,
  timepointId: number,
  pending: readonly InstanceHeader[],
  client: Client,
): InstanceHeader[] {
  return inTransaction(store, () => {
    const db = store.db;
    const findSeries = db.prepare('SELECT id, timepoint_id FROM series WHERE series_uid = ?');
    const insertSeries = db.prepare(
      `INSERT INTO series (timepoint_id, series_uid, study_uid, frame_of_reference_uid, modality,
       description, acquired_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const findSop = db.prepare(
      'SELECT s.series_uid FROM instances i JOIN series s ON s.id = i.series_id WHERE i.sop_uid = ?',
    );
    const insertInstance = db.prepare(
      'INSERT INTO instances (series_id, sop_uid, path) VALUES (?, ?, ?)',
    );
    const grown = db.prepare(
      `UPDATE series SET size_json = NULL, acquired_at = CASE WHEN acquired_at IS NULL OR
       (? IS NOT NULL AND ? < acquired_at) THEN coalesce(?, acquired_at) ELSE acquired_at END
       WHERE id = ?`,
    );
    const added: InstanceHeader[] = [];
    const perSeries = new Map<string, number>();
    for (const h of pending) {
      // Checked again inside the transaction: another import may have committed meanwhile.
      let series = findSeries.get(h.seriesInstanceUid) as
        { id: number; timepoint_id: number } | undefined;
      if (series !== undefined && series.timepoint_id !== timepointId) {
        throw new ConflictError(
          `series ${h.seriesInstanceUid}`,
          'this series was stored under another timepoint while this import ran',
          'import it into that timepoint',
        );
      }
      if (series === undefined) {
        const id = insertSeries.run(
          timepointId,
          h.seriesInstanceUid,
          h.studyInstanceUid,
          h.frameOfReferenceUid,
          h.modality,
          h.description,
          h.acquiredAt,
        ).lastInsertRowid;
        series = { id: Number(id), timepoint_id: timepointId };
      }
      const storedIn = findSop.pluck().get(h.sopInstanceUid) as string | undefined;
      if (storedIn !== undefined) {
        if (storedIn === h.seriesInstanceUid) continue;
        throw new ConflictError(
          `series ${h.seriesInstanceUid}: (0008,0018) SOP Instance UID ${h.sopInstanceUid}`,
          `this instance was stored in another series (${storedIn}) while this import ran`,
          'export the files again',
        );
      }
      // A concurrent import of the same file that was cancelled may have removed it meanwhile.
      const path = relativePath(h.seriesInstanceUid, h.sopInstanceUid);
      if (!existsSync(join(store.dataDir, path))) {
        throw new InputError(
          {
            field: `series ${h.seriesInstanceUid}: (0008,0018) SOP Instance UID ${h.sopInstanceUid}`,
          },
          'the file written for this instance is gone (another import of it was cancelled)',
          'import the files again; nothing of this import was stored',
        );
      }
      insertInstance.run(series.id, h.sopInstanceUid, path);
      grown.run(h.acquiredAt, h.acquiredAt, h.acquiredAt, series.id);
      perSeries.set(h.seriesInstanceUid, (perSeries.get(h.seriesInstanceUid) ?? 0) + 1);
      added.push(h);
    }
    if (added.length > 0) {
      db.prepare('UPDATE timepoints SET inputs_rev = inputs_rev + 1 WHERE id = ?').run(timepointId);
      writeAudit(
        store,
        {
          action: 'import',
          entity: 'timepoint',
          entityId: timepointId,
          timepointId,
          before: null,
          after: {
            series: [...perSeries].map(([uid, instances]) => ({
              seriesInstanceUid: uid,
              modality: pending.find((p) => p.seriesInstanceUid === uid)?.modality ?? '',
              instancesAdded: instances,
            })),
          },
        },
        client,
      );
    }
    return added;
  });
}
