/** The audit log: one row per change, written inside the change's transaction. */
import type { AuditEntry } from './api-types.ts';
import type { Client, Store } from './open.ts';

export interface AuditRecord {
  action: string;
  entity: string;
  entityId: number | null;
  /** The timepoint the change belongs to, for its history (null for patients). */
  timepointId: number | null;
  before: unknown;
  after: unknown;
}

/** Writes one audit row; call inside the change's transaction. */
export function writeAudit(store: Store, record: AuditRecord, client: Client): void {
  store.db
    .prepare(
      `INSERT INTO audit (at_utc, client, action, entity, entity_id, timepoint_id, before_json, after_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      new Date().toISOString(),
      client,
      record.action,
      record.entity,
      record.entityId,
      record.timepointId,
      JSON.stringify(record.before ?? null),
      JSON.stringify(record.after ?? null),
    );
}

interface AuditRow {
  id: number;
  at_utc: string;
  client: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

/**
 * Audit entries, newest first. `entity` + `entityId` match exactly; `timepointId` gives every
 * change of one timepoint (its lesions, seeds, samples, runs too). `limit` defaults to 100.
 */
export function listAudit(
  store: Store,
  q: { entity?: string; entityId?: number; timepointId?: number; limit?: number },
): AuditEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.entity !== undefined) {
    where.push('entity = ?');
    args.push(q.entity);
  }
  if (q.entityId !== undefined) {
    where.push('entity_id = ?');
    args.push(q.entityId);
  }
  if (q.timepointId !== undefined) {
    where.push('timepoint_id = ?');
    args.push(q.timepointId);
  }
  const limit = Math.max(1, Math.min(10000, Math.floor(q.limit ?? 100)));
  const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY id DESC LIMIT ${limit}`;
  const rows = store.db.prepare(sql).all(...args) as AuditRow[];
  return rows.map((row) => ({
    id: row.id,
    atUtc: row.at_utc,
    client: row.client,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
  }));
}
