/**
 * DICOM instances into a timepoint. Every file is checked, then written to
 * DIR/dicom/<SeriesInstanceUID>/<SOPInstanceUID>.dcm (temporary name, fsync, rename); only when
 * all are written does ONE transaction add the series and instance rows, the audit row and the
 * timepoint's inputs_rev. A failure, a cancel or a kill before that commit leaves files without
 * rows only: discard() removes them at once, openStore's cleanOrphans after a kill. Refused:
 * a SOP Instance UID stored under another series, a series stored under another timepoint, and
 * instances of another patient (Patient ID differing within the import or from the timepoint's
 * stored series). SOP Instance UIDs already stored in the same series are skipped.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { instanceHeader, type ImportInstance, type InstanceHeader } from '../app/import-dicom.ts';
import { InputError } from '../core/errors.ts';
import { writeAudit } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { checkUid, writeFileAtomic } from './files.ts';
import { inTransaction, type Client, type Store } from './open.ts';

export type { ImportInstance, InstanceHeader } from '../app/import-dicom.ts';

/** What an import did. */
export interface ImportOutcome {
  /** The series the import touched (new or grown, or whose instances were all stored already). */
  seriesIds: number[];
  instancesAdded: number;
  /** Instances skipped because their SOP Instance UID was stored already (same series). */
  instancesAlreadyStored: number;
}

/** An import in progress: add() checks and writes each instance, commit() records them all. */
export interface Importer {
  add(instance: ImportInstance, source: string): void;
  commit(client: Client): ImportOutcome;
  /** Removes the files this import wrote that have no row (after a failure or a cancel). */
  discard(): void;
}

const relativePath = (series: string, sop: string) => `dicom/${series}/${sop}.dcm`;

/** The Patient ID (0010,0020) of the timepoint's stored series, from one file of each. */
function storedPatient(store: Store, timepointId: number): { id: string; series: string } | null {
  const rows = store.db
    .prepare(
      `SELECT s.series_uid AS series, (SELECT i.path FROM instances i WHERE i.series_id = s.id
       ORDER BY i.id LIMIT 1) AS path FROM series s WHERE s.timepoint_id = ? ORDER BY s.id`,
    )
    .all(timepointId) as { series: string; path: string | null }[];
  for (const row of rows) {
    if (row.path === null) continue;
    const path = join(store.dataDir, row.path);
    const parsed = instanceHeader(readFileSync(path), path);
    if ('header' in parsed) return { id: parsed.header.patientId, series: row.series };
  }
  return null;
}

function differentPatient(series: string, other: string, where: string): InputError {
  return new InputError(
    { field: `series ${series}: (0010,0020) Patient ID` },
    `its Patient ID differs from that of series ${other} ${where}: one timepoint holds the images of one patient`,
    'import each patient into their own timepoint; nothing of this import was stored',
  );
}

/** Starts an import into the timepoint (NotFoundError when it does not exist). */
export function beginImport(store: Store, timepointId: number): Importer {
  const exists = store.db.prepare('SELECT 1 FROM timepoints WHERE id = ?').get(timepointId);
  if (exists === undefined) throw new NotFoundError('timepoint', timepointId);
  const stored = storedPatient(store, timepointId);
  let patient = stored === null ? null : { ...stored, where: 'stored in this timepoint' };
  const seriesRow = store.db.prepare('SELECT id, timepoint_id FROM series WHERE series_uid = ?');
  const sopRow = store.db.prepare(
    'SELECT s.series_uid AS series FROM instances i JOIN series s ON s.id = i.series_id WHERE i.sop_uid = ?',
  );
  const pending: InstanceHeader[] = [];
  const seen = new Map<string, string>();
  const written: string[] = [];
  const touched = new Set<string>();
  let alreadyStored = 0;

  const refuseOtherTimepoint = (series: string): void => {
    const row = seriesRow.get(series) as { id: number; timepoint_id: number } | undefined;
    if (row !== undefined && row.timepoint_id !== timepointId) {
      throw new ConflictError(
        `series ${series}`,
        'this series is stored already under another timepoint',
        'a series belongs to one timepoint: import it there, or remove it from this folder',
      );
    }
  };
  const refuseOtherSeries = (sop: string, series: string, otherSeries: string): void => {
    throw new ConflictError(
      `series ${series}: (0008,0018) SOP Instance UID ${sop}`,
      `this instance is stored already in another series (${otherSeries})`,
      'the files are inconsistent (one SOP Instance UID in two series): export them again',
    );
  };

  const add = (instance: ImportInstance, source: string): void => {
    const series = checkUidIn(instance.seriesInstanceUid, 'SeriesInstanceUID', source);
    const sop = checkUidIn(instance.sopInstanceUid, 'SOPInstanceUID', source);
    checkUidIn(instance.studyInstanceUid, 'StudyInstanceUID', source);
    if (patient === null) patient = { id: instance.patientId, series, where: 'in this import' };
    else if (patient.id !== instance.patientId) {
      throw differentPatient(series, patient.series, patient.where);
    }
    refuseOtherTimepoint(series);
    const earlier = seen.get(sop);
    if (earlier !== undefined) {
      if (earlier !== series) refuseOtherSeries(sop, series, earlier);
      return; // the same instance twice in one import (a copy in another folder)
    }
    const storedIn = (sopRow.get(sop) as { series: string } | undefined)?.series;
    if (storedIn !== undefined && storedIn !== series) refuseOtherSeries(sop, series, storedIn);
    seen.set(sop, series);
    touched.add(series);
    if (storedIn !== undefined) {
      alreadyStored++;
      return;
    }
    const dir = join(store.dataDir, 'dicom', series);
    mkdirSync(dir, { recursive: true });
    written.push(relativePath(series, sop));
    writeFileAtomic(dir, `${sop}.dcm`, instance.bytes);
    pending.push({
      sopInstanceUid: sop,
      seriesInstanceUid: series,
      studyInstanceUid: instance.studyInstanceUid,
      frameOfReferenceUid: instance.frameOfReferenceUid,
      modality: instance.modality,
      description: instance.description,
      acquiredAt: instance.acquiredAt,
      patientId: instance.patientId,
    });
  };

  const discard = (): void => {
    const hasRow = store.db.prepare('SELECT 1 FROM instances WHERE path = ?').pluck();
    const folders = new Set<string>();
    for (const path of written.splice(0)) {
      if (hasRow.get(path) !== undefined) continue;
      rmSync(join(store.dataDir, path), { force: true });
      folders.add(join(store.dataDir, path, '..'));
    }
    for (const folder of folders) {
      try {
        if (readdirSync(folder).length === 0) rmdirSync(folder);
      } catch {
        // Another import may be writing into it; cleanOrphans removes it later if it stays empty.
      }
    }
  };

  const commit = (client: Client): ImportOutcome => {
    try {
      const added = pending.length === 0 ? [] : commitRows(store, timepointId, pending, client);
      const ids = [...touched].map((uid) => (seriesRow.get(uid) as { id: number }).id);
      written.length = 0;
      return {
        seriesIds: ids,
        instancesAdded: added.length,
        instancesAlreadyStored: alreadyStored,
      };
    } catch (error) {
      discard();
      throw error;
    }
  };
  return { add, commit, discard };
}

function checkUidIn(uid: string, keyword: string, source: string): string {
  try {
    return checkUid(uid, keyword);
  } catch (error) {
    throw error instanceof InputError ? error.inFile(source) : error;
  }
}

/** The one transaction of an import: series rows, instance rows, inputs_rev, the audit row. */
function commitRows(
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
      insertInstance.run(
        series.id,
        h.sopInstanceUid,
        relativePath(h.seriesInstanceUid, h.sopInstanceUid),
      );
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

/**
 * Imports instances held in memory (STORE-API.md importInstances): checked and written one by
 * one, then committed in one transaction; a refused one removes what was written before it.
 */
export function importInstances(
  store: Store,
  timepointId: number,
  instances: readonly ImportInstance[],
  client: Client,
): { seriesIds: number[] } {
  const importer = beginImport(store, timepointId);
  try {
    for (const [n, instance] of instances.entries()) importer.add(instance, `instance ${n + 1}`);
  } catch (error) {
    importer.discard();
    throw error;
  }
  return { seriesIds: importer.commit(client).seriesIds };
}
