/** The audit log (GET /api/audit): who changed what, when, before and after. */
import type { AuditEntry } from '../../../src/server/api-types.ts';
import { get } from '../api.ts';
import { h, replace } from '../dom.ts';

function short(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** Entries newest first, duplicates (same id) once. */
export function auditTable(entries: AuditEntry[]): HTMLElement {
  const seen = new Set<number>();
  const rows = entries
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
    .sort((a, b) => b.id - a.id);
  if (rows.length === 0) return h('p', { 'data-testid': 'audit-table' }, 'No entries.');
  return h(
    'table',
    { 'data-testid': 'audit-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['When (UTC)', 'Action', 'What', 'Client', 'Before', 'After'].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((e) =>
        h(
          'tr',
          {},
          h('td', {}, e.atUtc),
          h('td', {}, e.action),
          h('td', {}, `${e.entity}${e.entityId === null ? '' : ` ${e.entityId}`}`),
          h('td', {}, e.client),
          h('td', {}, h('code', {}, short(e.before))),
          h('td', {}, h('code', {}, short(e.after))),
        ),
      ),
    ),
  );
}

export async function renderAudit(root: HTMLElement): Promise<void> {
  const entries = await get<AuditEntry[]>('/audit?limit=200');
  replace(
    root,
    h('h1', {}, 'Audit log'),
    h('p', { class: 'note' }, 'The latest 200 changes.'),
    auditTable(entries),
  );
}
