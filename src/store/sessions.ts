/**
 * A timepoint's sessions: which PET (and CT) series make each scan of the manifest. PUT replaces
 * the list. An entry continues a stored session (same id, its seeds kept) when it has the
 * session's label, or else, as a rename, when it is the only entry on that session's PET series.
 * Seeds of a removed session, or of one whose PET changed (placed on another image), are deleted,
 * and the audit row keeps them (`before.seeds`) so nothing entered is lost.
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
type SessionRowLike = ReturnType<typeof sessionRows>[number];

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

/**
 * Which stored session each entry continues (by entry index): the one with its label; else, for
 * a rename, the one on its PET series when exactly one unmatched session and one unmatched entry
 * have that series.
 */
function matchSessions(old: SessionRowLike[], entries: Entry[]): Map<number, SessionRowLike> {
  const continued = new Map<number, SessionRowLike>();
  entries.forEach((entry, index) => {
    const row = old.find((r) => r.label === entry.label);
    if (row !== undefined) continued.set(index, row);
  });
  const taken = () => new Set([...continued.values()].map((row) => row.id));
  const open = entries.flatMap((entry, index) => (continued.has(index) ? [] : [{ entry, index }]));
  for (const { entry, index } of open) {
    const rows = old.filter((r) => !taken().has(r.id) && r.pet_series_id === entry.petSeriesId);
    const rivals = open.filter((o) => o.entry.petSeriesId === entry.petSeriesId);
    const row = rows[0];
    if (rows.length === 1 && rivals.length === 1 && row !== undefined) continued.set(index, row);
  }
  return continued;
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
    const continued = matchSessions(old, entries);
    const kept = new Set([...continued.values()].map((row) => row.id));
    const dropped = old.filter((row) => !kept.has(row.id));
    const moved = entries.flatMap((entry, index) => {
      const row = continued.get(index);
      return row !== undefined && row.pet_series_id !== entry.petSeriesId ? [row] : [];
    });
    const before = {
      sessions: old.map((row) => ({
        label: row.label,
        petSeriesId: row.pet_series_id,
        ctSeriesId: row.ct_series_id,
      })),
      seeds: seedsOn(
        store,
        [...dropped, ...moved].map((row) => row.id),
      ),
    };
    const run = (sql: string, ...args: (string | number | null)[]) =>
      store.db.prepare(sql).run(...args);
    for (const row of dropped) run('DELETE FROM sessions WHERE id = ?', row.id);
    for (const row of moved) run('DELETE FROM seeds WHERE session_id = ?', row.id);
    // Renamed sessions step aside first, so that swapping two labels meets no UNIQUE conflict.
    for (const row of continued.values()) {
      run('UPDATE sessions SET label = ? WHERE id = ?', `\u0000renaming ${row.id}`, row.id);
    }
    entries.forEach((entry, index) => {
      const field = `sessions[${index}]`;
      checkSeries(store, timepointId, entry.petSeriesId, 'PT', `${field}.petSeriesId`);
      const ct = entry.ctSeriesId ?? null;
      if (ct !== null) checkSeries(store, timepointId, ct, 'CT', `${field}.ctSeriesId`);
      const row = continued.get(index);
      if (row !== undefined) {
        run(
          'UPDATE sessions SET label = ?, pet_series_id = ?, ct_series_id = ? WHERE id = ?',
          entry.label,
          entry.petSeriesId,
          ct,
          row.id,
        );
      } else {
        run(
          'INSERT INTO sessions (timepoint_id, label, pet_series_id, ct_series_id) VALUES (?, ?, ?, ?)',
          timepointId,
          entry.label,
          entry.petSeriesId,
          ct,
        );
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
