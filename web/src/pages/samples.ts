/**
 * Blood samples and whole-body counts as editable tables (PUT replaces the list; rows numbered as
 * the manifest's blood[i] / wholeBody[i], so an error lands in its cell), and the recovery file
 * upload (its JSON, validated by the server as the CLI does).
 */
import type {
  BloodSampleInput,
  RecoveryUpload,
  TimepointDetail,
  WholeBodyCountInput,
} from '../../../src/server/api-types.ts';
import { api } from '../api.ts';
import { h, replace } from '../dom.ts';
import { labelled } from '../errors.ts';
import { numberInput, numberOf, savingForm, textInput } from './forms.ts';

interface Column {
  key: string;
  title: string;
  kind: 'text' | 'number';
}

/** A table of rows of inputs with add/remove; `read()` gives the rows' values. */
function rowTable(
  list: string,
  columns: Column[],
  rows: Record<string, unknown>[],
): { element: HTMLElement; read: () => Record<string, string | number>[] } {
  const body = h('tbody');
  const inputs: HTMLInputElement[][] = [];
  const renumber = (): void => {
    inputs.forEach((row, i) =>
      row.forEach((input, c) => {
        const field = `${list}[${i}].${columns[c]?.key ?? ''}`;
        input.dataset['field'] = field;
        input.name = field;
        input.id = `f-${list}-${i}-${c}`;
        const slot = input.parentElement?.querySelector<HTMLElement>('[data-error-for]');
        if (slot) slot.dataset['errorFor'] = field;
        const label = input.parentElement?.querySelector('label');
        if (label) label.htmlFor = input.id;
      }),
    );
  };
  const addRow = (values: Record<string, unknown>): void => {
    const row = columns.map((c) => {
      const v = values[c.key];
      return c.kind === 'text'
        ? textInput(typeof v === 'string' ? v : '', `${list}-${c.key}`)
        : numberInput(typeof v === 'number' ? v : null, `${list}-${c.key}`);
    });
    inputs.push(row);
    const remove = h('button', { type: 'button', 'aria-label': 'remove this row' }, 'Remove');
    const tr = h(
      'tr',
      { 'data-testid': `${list}-row` },
      row.map((input, c) => h('td', {}, labelled(columns[c]?.title ?? '', `${list}[0].x`, input))),
      h('td', {}, remove),
    );
    remove.addEventListener('click', () => {
      inputs.splice(inputs.indexOf(row), 1);
      tr.remove();
      renumber();
    });
    body.appendChild(tr);
    renumber();
  };
  for (const r of rows) addRow(r);
  const add = h('button', { type: 'button', 'data-testid': `${list}-add` }, 'Add row');
  add.addEventListener('click', () => addRow({}));
  const read = () =>
    inputs.map((row) => {
      const out: Record<string, string | number> = {};
      row.forEach((input, c) => {
        const column = columns[c];
        if (column === undefined) return;
        const value = column.kind === 'text' ? input.value.trim() : numberOf(input);
        if (value !== undefined && value !== '') out[column.key] = value;
      });
      return out;
    });
  return { element: h('div', {}, h('table', {}, body), add), read };
}

export function bloodForm(detail: TimepointDetail): HTMLElement {
  const table = rowTable(
    'blood',
    [
      { key: 'at', title: 'Drawn at', kind: 'text' },
      { key: 'concBqPerMl', title: '124I in blood (Bq/mL, at counting)', kind: 'number' },
    ],
    detail.blood as unknown as Record<string, unknown>[],
  );
  return savingForm(
    'blood samples',
    [table.element],
    () =>
      api<TimepointDetail>(
        'PUT',
        `/timepoints/${detail.id}/blood`,
        table.read() as unknown as BloodSampleInput[],
      ),
    'blood',
  );
}

export function wholeBodyForm(detail: TimepointDetail): HTMLElement {
  const table = rowTable(
    'wholeBody',
    [
      { key: 'at', title: 'Counted at', kind: 'text' },
      { key: 'netCounts', title: 'Net counts', kind: 'number' },
      { key: 'anteriorCounts', title: 'Anterior', kind: 'number' },
      { key: 'posteriorCounts', title: 'Posterior', kind: 'number' },
      { key: 'anteriorBackgroundCounts', title: 'Ant. background', kind: 'number' },
      { key: 'posteriorBackgroundCounts', title: 'Post. background', kind: 'number' },
    ],
    detail.wholeBody as unknown as Record<string, unknown>[],
  );
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'note' },
      'Net counts, or anterior/posterior views with their backgrounds (geometric mean). The first count, before voiding, is 100%.',
    ),
    savingForm(
      'whole-body counts',
      [table.element],
      () =>
        api<TimepointDetail>(
          'PUT',
          `/timepoints/${detail.id}/whole-body`,
          table.read() as unknown as WholeBodyCountInput[],
        ),
      'wholebody',
    ),
  );
}

export function recoveryForm(detail: TimepointDetail): HTMLElement {
  const file = h('input', {
    type: 'file',
    accept: '.json,application/json',
    'data-testid': 'recovery-file',
  });
  const current = h(
    'p',
    { 'data-testid': 'recovery-current' },
    detail.recovery === null
      ? 'No recovery file: given coefficients or 1.'
      : `Using ${detail.recovery.name} (sha256 ${detail.recovery.sha256.slice(0, 12)}…)`,
  );
  const form = savingForm(
    'recovery file',
    [current, labelled('Recovery file from `iodose calibrate` (JSON)', 'recovery', file)],
    async () => {
      const chosen = file.files?.[0];
      if (chosen === undefined)
        throw new Error('recovery: choose the JSON file `iodose calibrate` wrote');
      let content: unknown;
      try {
        content = JSON.parse(await chosen.text());
      } catch {
        throw new Error(
          `recovery: ${chosen.name} is not JSON (expected the file \`iodose calibrate\` writes)`,
        );
      }
      const body: RecoveryUpload = { name: chosen.name, content };
      const next = await api<TimepointDetail>('PUT', `/timepoints/${detail.id}/recovery`, body);
      replace(
        current,
        next.recovery === null ? 'No recovery file.' : `Using ${next.recovery.name}`,
      );
      return next;
    },
    'recovery',
  );
  return form;
}
