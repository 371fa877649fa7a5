/**
 * The patient list: each patient's cohort attributes (patient-attributes.ts), each timepoint's
 * state and latest decision; new patient and new timepoint forms; on an empty store, the offer to import the demo patient (POST /api/demo/import).
 */
import type {
  JobStatus,
  PatientSummary,
  TimepointDetail,
  TimepointSummary,
} from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { followJob } from '../job.ts';
import { navigate, refresh } from '../router.ts';
import { attributesEditor } from './patient-attributes.ts';

function timepointCell(tp: TimepointSummary): HTMLElement {
  return h(
    'li',
    { 'data-testid': `tp-${tp.id}` },
    h('a', { href: `#/tp/${tp.id}` }, tp.label),
    ' ',
    h('span', { class: `state state-${tp.state}` }, tp.state),
    tp.decision === null
      ? null
      : [
          ' ',
          h('a', { href: `#/runs/${tp.latestRunId ?? ''}`, class: 'decision-link' }, tp.decision),
        ],
  );
}

function newTimepointForm(patient: PatientSummary): HTMLElement {
  const label = h('input', {
    type: 'text',
    placeholder: 'baseline',
    required: true,
    'data-testid': 'new-tp-label',
  });
  label.id = `new-tp-${patient.id}`;
  const form = h(
    'form',
    { class: 'inline', 'aria-label': `new timepoint for ${patient.code}` },
    labelled('New timepoint', 'label', label),
    h('button', { type: 'submit', 'data-testid': 'new-tp-submit' }, 'Add timepoint'),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    api<TimepointDetail>('POST', `/patients/${patient.id}/timepoints`, {
      label: label.value.trim(),
    }).then(
      (tp) => navigate(`#/tp/${tp.id}/import`),
      (error) => showError(form, asApiError(error)),
    );
  });
  return form;
}

function newPatientForm(): HTMLElement {
  const code = h('input', {
    type: 'text',
    required: true,
    placeholder: 'PT-001',
    'data-testid': 'new-patient-code',
  });
  const sex = h(
    'select',
    { 'data-testid': 'new-patient-sex' },
    h('option', { value: '' }, '-'),
    h('option', { value: 'F' }, 'F'),
    h('option', { value: 'M' }, 'M'),
  );
  const height = h('input', {
    type: 'number',
    step: 'any',
    min: 0,
    'data-testid': 'new-patient-height',
  });
  const form = h(
    'form',
    { 'aria-label': 'new patient' },
    labelled('Patient code (pseudonym)', 'code', code, 'no names: the code goes into every report'),
    labelled('Sex', 'sex', sex),
    labelled('Height (cm)', 'heightCm', height),
    h(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': 'new-patient-submit' },
      'Add patient',
    ),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      code: code.value.trim(),
      sex: sex.value === '' ? null : sex.value,
      heightCm: height.value === '' ? null : Number(height.value),
    };
    api<PatientSummary>('POST', '/patients', body).then(refresh, (error) =>
      showError(form, asApiError(error)),
    );
  });
  return form;
}

function demoOffer(): HTMLElement {
  const slot = h('div');
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'demo-import' },
    'Import the demo patient',
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    api<JobStatus>('POST', '/demo/import').then(
      async (job) => {
        const end = await followJob(slot, job);
        if (end.state === 'done') refresh();
        else button.disabled = false;
      },
      (error) => {
        button.disabled = false;
        replace(slot, h('p', { class: 'error-box' }, asApiError(error).error));
      },
    );
  });
  return h(
    'section',
    { class: 'card', 'data-testid': 'demo-offer' },
    h('h2', {}, 'The store is empty'),
    h(
      'p',
      {},
      'Import the synthetic demo patient (two 124I PET/CT sessions with known truth) to try every step, or add your own patient below.',
    ),
    button,
    slot,
  );
}

export async function renderPatients(root: HTMLElement): Promise<void> {
  const patients = await get<PatientSummary[]>('/patients');
  const rows = patients.map((p) =>
    h(
      'tr',
      { 'data-testid': `patient-${p.code}` },
      h('td', {}, p.code),
      h('td', {}, p.sex ?? '-'),
      h('td', { class: 'num' }, p.heightCm ?? '-'),
      h('td', {}, attributesEditor(p)),
      h('td', {}, h('ul', { class: 'tp-list' }, p.timepoints.map(timepointCell))),
      h('td', {}, newTimepointForm(p)),
    ),
  );
  replace(
    root,
    h('h1', {}, 'Patients'),
    patients.length === 0 ? demoOffer() : null,
    patients.length === 0
      ? null
      : h(
          'table',
          { 'data-testid': 'patient-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                'Patient',
                'Sex',
                'Height cm',
                'Cohort attributes',
                'Timepoints (state, latest decision)',
                '',
              ].map((t) => h('th', {}, t)),
            ),
          ),
          h('tbody', {}, rows),
        ),
    h('section', { class: 'card' }, h('h2', {}, 'New patient'), newPatientForm()),
  );
}
