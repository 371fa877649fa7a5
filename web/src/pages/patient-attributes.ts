/**
 * A patient's cohort attributes (e.g. histology), edited as name/value rows in the patient list:
 * PATCH /api/patients/:pid with the patient's fields and the whole attribute mapping. A value
 * that reads as a plain number is sent as a number (the cohort groups by its text either way).
 * The store names a refused row's field ("attributes.histology"), shown at that row.
 */
import type { PatientSummary } from '../../../src/server/api-types.ts';
import { api, asApiError } from '../api.ts';
import { h } from '../dom.ts';
import { clearErrors, formErrorBox, showError } from '../errors.ts';
import { refresh } from '../router.ts';

const NUMBER = /^-?\d+(\.\d+)?$/;

function summaryText(attributes: Record<string, string | number>): string {
  const shown = Object.entries(attributes).map(([k, v]) => `${k}: ${String(v)}`);
  return shown.length === 0 ? 'none' : shown.join(', ');
}

function row(name: string, value: string): HTMLElement {
  const key = h('input', {
    type: 'text',
    value: name,
    placeholder: 'histology',
    'aria-label': 'attribute name',
    'data-testid': 'attr-name',
  });
  const val = h('input', {
    type: 'text',
    value,
    placeholder: 'papillary',
    'aria-label': 'attribute value',
    'data-testid': 'attr-value',
  });
  const slot = h('span', { 'data-error-for': `attributes.${name}` });
  key.addEventListener('input', () =>
    slot.setAttribute('data-error-for', `attributes.${key.value}`),
  );
  const remove = h('button', { type: 'button', 'aria-label': 'remove attribute' }, 'Remove');
  const line = h(
    'div',
    { class: 'attr-row', 'data-testid': 'attr-row' },
    key,
    ' ',
    val,
    ' ',
    remove,
    slot,
  );
  remove.addEventListener('click', () => line.remove());
  return line;
}

/** The attributes of `patient`, shown and editable (a details element). */
export function attributesEditor(patient: PatientSummary): HTMLElement {
  const attributes = patient.attributes ?? {};
  const rows = h(
    'div',
    {},
    Object.entries(attributes).map(([k, v]) => row(k, String(v))),
  );
  const add = h('button', { type: 'button', 'data-testid': 'attr-add' }, 'Add attribute');
  add.addEventListener('click', () => rows.append(row('', '')));
  const form = h(
    'form',
    { 'aria-label': `attributes of ${patient.code}`, 'data-testid': 'attr-form' },
    rows,
    add,
    ' ',
    h('button', { type: 'submit', 'data-testid': 'attr-save' }, 'Save attributes'),
    h('span', { 'data-error-for': 'attributes' }),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const next: Record<string, string | number> = {};
    for (const line of rows.querySelectorAll<HTMLElement>('[data-testid="attr-row"]')) {
      const [key, val] = [...line.querySelectorAll('input')].map((i) => i.value.trim());
      if ((key ?? '') === '' && (val ?? '') === '') continue;
      next[key ?? ''] = NUMBER.test(val ?? '') ? Number(val) : (val ?? '');
    }
    const body = {
      code: patient.code,
      sex: patient.sex,
      heightCm: patient.heightCm,
      attributes: next,
    };
    api<PatientSummary>('PATCH', `/patients/${patient.id}`, body).then(refresh, (error) =>
      showError(form, asApiError(error)),
    );
  });
  return h(
    'details',
    { 'data-testid': `attributes-${patient.code}` },
    h('summary', {}, summaryText(attributes)),
    form,
  );
}
