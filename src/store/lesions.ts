/**
 * A timepoint's lesions (manifest `lesions[]`: id = label, site, volumeMl) and their seeds, one
 * per session (manifest `seedsLps` keyed by the session's label), each change one transaction
 * with its audit row. Deleting a lesion deletes its seeds; the audit row keeps them.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { lesionSchema } from '../io/manifest/manifest-schema.ts';
import type { LesionDetail, TimepointDetail } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { pointLpsSchema, validBody } from './body.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import { getTimepoint, lesionDetail, lesionRow, sessionRow } from './timepoint-detail.ts';
import { bumpInputs, timepointRow } from './timepoint-rows.ts';

const lesionInputSchema = z.strictObject({
  label: lesionSchema.shape.id,
  site: lesionSchema.shape.site.unwrap().nullable().optional(),
  volumeMl: lesionSchema.shape.volumeMl.unwrap().nullable().optional(),
});

const seedInputSchema = z.strictObject({ pointLps: pointLpsSchema });

function validLesion(input: unknown) {
  const value = validBody(lesionInputSchema, input);
  return { label: value.label, site: value.site ?? null, volumeMl: value.volumeMl ?? null };
}

function refuseTakenLabel(store: Store, timepointId: number, label: string, except: number) {
  const taken = store.db
    .prepare('SELECT 1 FROM lesions WHERE timepoint_id = ? AND label = ? AND id != ?')
    .get(timepointId, label, except);
  if (taken !== undefined) {
    throw new ConflictError(
      'label',
      `the timepoint has a lesion ${JSON.stringify(label)} already`,
      'give every lesion its own label (the manifest lesion id)',
    );
  }
}

function lesionOrThrow(store: Store, lesionId: number) {
  const row = lesionRow(store, lesionId);
  if (row === undefined) throw new NotFoundError('lesion', lesionId);
  return row;
}

/** One lesion with its seeds and its timepoint's id; NotFoundError for an unknown id. */
export function getLesion(store: Store, lesionId: number): LesionDetail & { timepointId: number } {
  const row = lesionOrThrow(store, lesionId);
  return { ...lesionDetail(store, row), timepointId: row.timepoint_id };
}

export function createLesion(
  store: Store,
  timepointId: number,
  input: unknown,
  client: Client,
): TimepointDetail {
  const value = validLesion(input);
  return inTransaction(store, () => {
    timepointRow(store, timepointId);
    refuseTakenLabel(store, timepointId, value.label, -1);
    const id = Number(
      store.db
        .prepare('INSERT INTO lesions (timepoint_id, label, site, volume_ml) VALUES (?, ?, ?, ?)')
        .run(timepointId, value.label, value.site, value.volumeMl).lastInsertRowid,
    );
    bumpInputs(store, timepointId);
    const audit = { entity: 'lesion', entityId: id, timepointId };
    writeAudit(store, { ...audit, action: 'create', before: null, after: value }, client);
    return getTimepoint(store, timepointId);
  });
}

export function updateLesion(
  store: Store,
  lesionId: number,
  input: unknown,
  client: Client,
): TimepointDetail {
  const value = validLesion(input);
  return inTransaction(store, () => {
    const row = lesionOrThrow(store, lesionId);
    refuseTakenLabel(store, row.timepoint_id, value.label, row.id);
    store.db
      .prepare('UPDATE lesions SET label = ?, site = ?, volume_ml = ? WHERE id = ?')
      .run(value.label, value.site, value.volumeMl, row.id);
    bumpInputs(store, row.timepoint_id);
    const before = { label: row.label, site: row.site, volumeMl: row.volume_ml };
    const audit = { entity: 'lesion', entityId: row.id, timepointId: row.timepoint_id };
    writeAudit(store, { ...audit, action: 'update', before, after: value }, client);
    return getTimepoint(store, row.timepoint_id);
  });
}

export function deleteLesion(store: Store, lesionId: number, client: Client): TimepointDetail {
  return inTransaction(store, () => {
    const row = lesionOrThrow(store, lesionId);
    const before = lesionDetail(store, row);
    store.db.prepare('DELETE FROM lesions WHERE id = ?').run(row.id);
    bumpInputs(store, row.timepoint_id);
    const audit = { entity: 'lesion', entityId: row.id, timepointId: row.timepoint_id };
    writeAudit(store, { ...audit, action: 'delete', before, after: null }, client);
    return getTimepoint(store, row.timepoint_id);
  });
}

/** The lesion and the session, which must belong to the lesion's timepoint. */
function lesionAndSession(store: Store, lesionId: number, sessionId: number) {
  const lesion = lesionOrThrow(store, lesionId);
  const session = sessionRow(store, sessionId);
  if (session === undefined) throw new NotFoundError('session', sessionId);
  if (session.timepoint_id !== lesion.timepoint_id) {
    throw new InputError(
      { field: 'sessionId' },
      `session ${sessionId} belongs to another timepoint than lesion ${lesion.label} (id ${lesionId})`,
      "place the seed on one of the lesion's timepoint's sessions",
    );
  }
  return { lesion, session };
}

function seedAt(store: Store, lesionId: number, sessionId: number) {
  const row = store.db
    .prepare('SELECT x_mm, y_mm, z_mm FROM seeds WHERE lesion_id = ? AND session_id = ?')
    .get(lesionId, sessionId) as { x_mm: number; y_mm: number; z_mm: number } | undefined;
  return row === undefined ? null : { pointLps: [row.x_mm, row.y_mm, row.z_mm] };
}

/** Sets (or replaces) the lesion's seed in the session, LPS mm. */
export function putSeed(
  store: Store,
  lesionId: number,
  sessionId: number,
  seed: unknown,
  client: Client,
): TimepointDetail {
  const { pointLps } = validBody(seedInputSchema, seed);
  return inTransaction(store, () => {
    const { lesion, session } = lesionAndSession(store, lesionId, sessionId);
    const before = seedAt(store, lesion.id, session.id);
    store.db
      .prepare(
        `INSERT INTO seeds (lesion_id, session_id, x_mm, y_mm, z_mm) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (lesion_id, session_id) DO UPDATE SET x_mm = excluded.x_mm,
           y_mm = excluded.y_mm, z_mm = excluded.z_mm`,
      )
      .run(lesion.id, session.id, ...pointLps);
    bumpInputs(store, lesion.timepoint_id);
    writeAudit(
      store,
      {
        action: before === null ? 'create' : 'update',
        entity: 'seed',
        entityId: lesion.id,
        timepointId: lesion.timepoint_id,
        before: before === null ? null : { session: session.label, ...before },
        after: { session: session.label, pointLps },
      },
      client,
    );
    return getTimepoint(store, lesion.timepoint_id);
  });
}

export function deleteSeed(
  store: Store,
  lesionId: number,
  sessionId: number,
  client: Client,
): TimepointDetail {
  return inTransaction(store, () => {
    const { lesion, session } = lesionAndSession(store, lesionId, sessionId);
    const before = seedAt(store, lesion.id, session.id);
    if (before === null) throw new NotFoundError('seed', `${lesionId}/${sessionId}`);
    store.db
      .prepare('DELETE FROM seeds WHERE lesion_id = ? AND session_id = ?')
      .run(lesion.id, session.id);
    bumpInputs(store, lesion.timepoint_id);
    writeAudit(
      store,
      {
        action: 'delete',
        entity: 'seed',
        entityId: lesion.id,
        timepointId: lesion.timepoint_id,
        before: { session: session.label, ...before },
        after: null,
      },
      client,
    );
    return getTimepoint(store, lesion.timepoint_id);
  });
}
