/**
 * A timepoint's sessions: which PET (and CT) series make each scan of the manifest. PUT replaces
 * the list; a session keeps its id and seeds while its label stays and its PET series is the same.
 * Seeds of a removed session, or of one whose PET changed (placed on another image), are deleted
 * with it, and the audit row keeps them (`before.seeds`) so nothing entered is lost.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { MANIFEST_LIMITS } from '../core/plausible-ranges.ts';
import { limitedList } from '../core/quantity-schema.ts';
import { scanSchema } from '../io/manifest/manifest-schema.ts';
import type { SessionDetail, TimepointDetail } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { rowId } from './body.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import { getTimepoint, sessionDetail, sessionRow, sessionRows } from './timepoint-detail.ts';
import { bumpInputs, timepointRow } from './timepoint-rows.ts';
import { parseJson, validField } from './validate.ts';
import type { TracerInput } from './api-types.ts';

const sessionsSchema = limitedList(
  z.strictObject({
    label: scanSchema.shape.id,
    petSeriesId: rowId,
    ctSeriesId: rowId.nullable().optional(),
  }),
  MANIFEST_LIMITS.scans,
);

type Entry = z.output<typeof sessionsSchema>[number];

/** The series `id` of the timepoint with `modality`, or an InputError at `field`. */
function checkSeries(
  store: Store,
  timepointId: number,
  id: number,
  modality: 'PT' | 'CT',
  field: string,
): void {
  const row = store.db.prepare('SELECT timepoint_id, modality FROM series WHERE id = ?').get(id) as
    { timepoint_id: number; modality: string } | undefined;
  const what = modality === 'PT' ? 'a PET series (modality PT)' : 'a CT series (modality CT)';
  if (row === undefined || row.timepoint_id !== timepointId) {
    throw new InputError(
      { field },
      `expected ${what} of this timepoint, got series id ${id}, which ${row === undefined ? 'does not exist' : 'belongs to another timepoint'}`,
      "choose one of the timepoint's series (import its DICOM first)",
    );
  }
  if (row.modality !== modality) {
    throw new InputError(
      { field },
      `expected ${what}, got series ${id} of modality ${row.modality}`,
      modality === 'PT' ? 'choose the PET series of the scan' : 'choose its CT series, or none',
    );
  }
}

interface SeedRow {
  lesion: string;
  session: string;
  pointLps: [number, number, number];
}

/** The seeds on the sessions `ids`, labelled, for the audit row. */
function seedsOn(store: Store, ids: number[]): SeedRow[] {
  const read = store.db.prepare(
    `SELECT l.label AS lesion, x.label AS session, s.x_mm, s.y_mm, s.z_mm FROM seeds s
     JOIN lesions l ON l.id = s.lesion_id JOIN sessions x ON x.id = s.session_id
     WHERE s.session_id = ? ORDER BY l.id`,
  );
  return ids.flatMap((id) =>
    (
      read.all(id) as {
        lesion: string;
        session: string;
        x_mm: number;
        y_mm: number;
        z_mm: number;
      }[]
    ).map((r) => ({ lesion: r.lesion, session: r.session, pointLps: [r.x_mm, r.y_mm, r.z_mm] })),
  );
}

/** Replaces the timepoint's sessions with `sessions` (labels unique manifest ids). */
export function setSessions(
  store: Store,
  timepointId: number,
  sessions: unknown,
  client: Client,
): TimepointDetail {
  const entries = validField(sessionsSchema, sessions, 'sessions');
  entries.forEach((entry, index) => {
    const earlier = entries.findIndex((other) => other.label === entry.label);
    if (earlier !== index) {
      throw new ConflictError(
        `sessions[${index}].label`,
        `duplicate session label ${JSON.stringify(entry.label)} (also sessions[${earlier}].label)`,
        'give every session its own label (the manifest scan id)',
      );
    }
  });
  return inTransaction(store, () => {
    timepointRow(store, timepointId);
    const old = sessionRows(store, timepointId);
    const kept = (entry: Entry) =>
      old.find((row) => row.label === entry.label && row.pet_series_id === entry.petSeriesId);
    const dropped = old.filter((row) => !entries.some((entry) => kept(entry) === row));
    const before = {
      sessions: old.map((row) => ({
        label: row.label,
        petSeriesId: row.pet_series_id,
        ctSeriesId: row.ct_series_id,
      })),
      seeds: seedsOn(
        store,
        dropped.map((row) => row.id),
      ),
    };
    const remove = store.db.prepare('DELETE FROM sessions WHERE id = ?');
    for (const row of dropped) remove.run(row.id);
    entries.forEach((entry, index) => {
      const field = `sessions[${index}]`;
      checkSeries(store, timepointId, entry.petSeriesId, 'PT', `${field}.petSeriesId`);
      const ct = entry.ctSeriesId ?? null;
      if (ct !== null) checkSeries(store, timepointId, ct, 'CT', `${field}.ctSeriesId`);
      const same = kept(entry);
      if (same !== undefined) {
        store.db.prepare('UPDATE sessions SET ct_series_id = ? WHERE id = ?').run(ct, same.id);
      } else {
        store.db
          .prepare(
            'INSERT INTO sessions (timepoint_id, label, pet_series_id, ct_series_id) VALUES (?, ?, ?, ?)',
          )
          .run(timepointId, entry.label, entry.petSeriesId, ct);
      }
    });
    bumpInputs(store, timepointId);
    const after = entries.map((e) => ({ ...e, ctSeriesId: e.ctSeriesId ?? null }));
    writeAudit(
      store,
      { action: 'set', entity: 'sessions', entityId: timepointId, timepointId, before, after },
      client,
    );
    return getTimepoint(store, timepointId);
  });
}

/** One session with its timepoint's id; NotFoundError for an unknown id. */
export function getSession(
  store: Store,
  sessionId: number,
): SessionDetail & { timepointId: number } {
  const row = sessionRow(store, sessionId);
  if (row === undefined) throw new NotFoundError('session', sessionId);
  const tracer = parseJson<TracerInput>(timepointRow(store, row.timepoint_id).tracer_json);
  return { ...sessionDetail(row, tracer), timepointId: row.timepoint_id };
}
