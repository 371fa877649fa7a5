/**
 * The PACS nodes the web app knows (table pacs_nodes, schema v4): a name, a URL parsed by the
 * CLI's own parser (io/pacs/pacs-url.ts: a DICOMweb root or dicom://AET@host:port) and the
 * calling AE title for DIMSE. Each change is one transaction with its audit row. A URL may carry
 * user:password for a DICOMweb root: it is stored as given (the server needs it to connect) but
 * never shown: listings, the audit log and messages carry the URL without credentials.
 */
import { InputError } from '../core/errors.ts';
import { isAeTitle, parsePacsAddress, redactUrl } from '../io/pacs/pacs-url.ts';
import type { PacsNodeInput, PacsNodePatch, PacsNodeSummary } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { inTransaction, type Client, type Store } from './open.ts';

interface PacsNodeRow {
  id: number;
  name: string;
  url: string;
  calling_aet: string | null;
  created_at_utc: string;
}

/** What the server needs to connect (the URL with its credentials): never send it to a client. */
export interface PacsNodeConnection {
  id: number;
  name: string;
  url: string;
  callingAet: string | null;
}

const NAME_MAX = 64;

function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

function summary(row: PacsNodeRow): PacsNodeSummary {
  const address = parsePacsAddress(row.url, 'url');
  return {
    id: row.id,
    name: row.name,
    url: address.label,
    kind: address.kind,
    callingAet: row.calling_aet,
    hasCredentials: hasCredentials(row.url),
    createdAtUtc: row.created_at_utc,
  };
}

/** What the audit keeps of a node: no credentials. */
function audited(row: { name: string; url: string; calling_aet: string | null }) {
  return { name: row.name, url: redactUrl(row.url), callingAet: row.calling_aet };
}

function nodeRow(store: Store, id: number): PacsNodeRow {
  const row = store.db.prepare('SELECT * FROM pacs_nodes WHERE id = ?').get(id) as
    PacsNodeRow | undefined;
  if (row === undefined) throw new NotFoundError('PACS node', id);
  return row;
}

function validName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length === 0 || name.length > NAME_MAX || /[\x00-\x1f\x7f]/.test(name)) {
    throw new InputError(
      { field: 'name' },
      `expected a name of 1-${NAME_MAX} characters${typeof value === 'string' ? '' : ` (got ${typeof value})`}`,
      'e.g. "Hospital PACS"',
    );
  }
  return name;
}

function validUrl(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(
      { field: 'url' },
      'expected the PACS address as text',
      'give a DICOMweb root such as http://127.0.0.1:8042/dicom-web or dicom://AET@host:104',
    );
  }
  const url = value.trim();
  parsePacsAddress(url, 'url');
  return url;
}

function validAet(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !isAeTitle(value)) {
    throw new InputError(
      { field: 'callingAet' },
      `expected an AE title of 1-16 characters without backslash${typeof value === 'string' ? `, got "${value}"` : ''}`,
      'the calling AE title the PACS knows iodose by (default IODOSE); leave empty for the default',
    );
  }
  return value.trim();
}

function refuseUnknownKeys(body: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError({}, `expected a PACS node as an object { ${keys.join(', ')} }`);
  }
  const extra = Object.keys(body).find((key) => !keys.includes(key));
  if (extra !== undefined) {
    throw new InputError({ field: extra }, `unknown key (expected only ${keys.join(', ')})`);
  }
  return body as Record<string, unknown>;
}

function refuseTakenName(store: Store, name: string, except: number): void {
  const taken = store.db
    .prepare('SELECT id FROM pacs_nodes WHERE name = ? AND id != ?')
    .get(name, except);
  if (taken !== undefined) {
    throw new ConflictError(
      'name',
      `a PACS node named ${JSON.stringify(name)} exists already`,
      'choose another name, or edit that node',
    );
  }
}

const KEYS = ['name', 'url', 'callingAet'] as const;

export function listPacsNodes(store: Store): PacsNodeSummary[] {
  const rows = store.db.prepare('SELECT * FROM pacs_nodes ORDER BY name').all() as PacsNodeRow[];
  return rows.map(summary);
}

export function getPacsNode(store: Store, id: number): PacsNodeSummary {
  return summary(nodeRow(store, id));
}

/** The node with its URL as stored, credentials included (for the server to connect). */
export function pacsNodeConnection(store: Store, id: number): PacsNodeConnection {
  const row = nodeRow(store, id);
  return { id: row.id, name: row.name, url: row.url, callingAet: row.calling_aet };
}

export function createPacsNode(store: Store, input: unknown, client: Client): PacsNodeSummary {
  const body = refuseUnknownKeys(input, KEYS) as Partial<PacsNodeInput>;
  const value = {
    name: validName(body.name),
    url: validUrl(body.url),
    calling_aet: validAet(body.callingAet),
  };
  return inTransaction(store, () => {
    refuseTakenName(store, value.name, -1);
    const id = Number(
      store.db
        .prepare(
          'INSERT INTO pacs_nodes (name, url, calling_aet, created_at_utc) VALUES (?, ?, ?, ?)',
        )
        .run(value.name, value.url, value.calling_aet, new Date().toISOString()).lastInsertRowid,
    );
    const record = { action: 'create', entity: 'pacs_node', entityId: id, timepointId: null };
    writeAudit(store, { ...record, before: null, after: audited(value) }, client);
    return getPacsNode(store, id);
  });
}

export function updatePacsNode(
  store: Store,
  id: number,
  patch: unknown,
  client: Client,
): PacsNodeSummary {
  const body = refuseUnknownKeys(patch, KEYS) as PacsNodePatch;
  return inTransaction(store, () => {
    const before = nodeRow(store, id);
    const after = {
      name: body.name === undefined ? before.name : validName(body.name),
      url: body.url === undefined ? before.url : validUrl(body.url),
      calling_aet: body.callingAet === undefined ? before.calling_aet : validAet(body.callingAet),
    };
    refuseTakenName(store, after.name, id);
    store.db
      .prepare('UPDATE pacs_nodes SET name = ?, url = ?, calling_aet = ? WHERE id = ?')
      .run(after.name, after.url, after.calling_aet, id);
    const record = { action: 'update', entity: 'pacs_node', entityId: id, timepointId: null };
    writeAudit(store, { ...record, before: audited(before), after: audited(after) }, client);
    return getPacsNode(store, id);
  });
}

export function deletePacsNode(store: Store, id: number, client: Client): PacsNodeSummary {
  return inTransaction(store, () => {
    const before = nodeRow(store, id);
    const shown = summary(before);
    store.db.prepare('DELETE FROM pacs_nodes WHERE id = ?').run(id);
    const record = { action: 'delete', entity: 'pacs_node', entityId: id, timepointId: null };
    writeAudit(store, { ...record, before: audited(before), after: null }, client);
    return shown;
  });
}

/** What a send of a run's results to a PACS did, for the audit log. */
export interface PacsSendRecord {
  nodeId: number;
  stored: number;
  byModality: Record<string, number>;
  files: string[];
}

/** Writes the audit row of a send (entity run; no change to the run, which is immutable). */
export function recordPacsSend(
  store: Store,
  runId: number,
  send: PacsSendRecord,
  client: Client,
): void {
  inTransaction(store, () => {
    const run = store.db.prepare('SELECT timepoint_id FROM runs WHERE id = ?').get(runId) as
      { timepoint_id: number } | undefined;
    if (run === undefined) throw new NotFoundError('run', runId);
    const node = nodeRow(store, send.nodeId);
    writeAudit(
      store,
      {
        action: 'send',
        entity: 'run',
        entityId: runId,
        timepointId: run.timepoint_id,
        before: null,
        after: { node: node.name, url: redactUrl(node.url), ...send },
      },
      client,
    );
  });
}
