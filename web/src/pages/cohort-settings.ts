/**
 * The cohort settings form of the cohort page (GET/PUT /api/cohort/settings): what a cohort file
 * gives `iodose cohort` besides its patients - the name, the timepoints in order, the attributes
 * to group by (the patients' attributes are edited in the patient list) and the stopping rule.
 * An empty field is left out (its default: see the notes); lists are comma separated.
 */
import type { CohortSettings } from '../../../src/server/api-types.ts';
import { api, asApiError } from '../api.ts';
import { h } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { refresh } from '../router.ts';

const list = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);

function text(value: string, testid: string, placeholder: string): HTMLInputElement {
  return h('input', { type: 'text', value, placeholder, 'data-testid': testid });
}

/** The settings form, filled with `settings`. */
export function cohortSettingsForm(settings: CohortSettings): HTMLElement {
  const name = text(
    settings.name ?? '',
    'cohort-name',
    'iodose serve: latest run of each timepoint',
  );
  const timepoints = text(
    (settings.timepoints ?? []).join(', '),
    'cohort-timepoints',
    'wk0, wk6, wk12',
  );
  const groupBy = text((settings.groupBy ?? []).join(', '), 'cohort-group-by', 'histology');
  const number = (value: number | undefined, testid: string) =>
    h('input', { type: 'number', min: 0, step: 1, value: value ?? '', 'data-testid': testid });
  const maxEligible = number(settings.stoppingRule?.maxEligible, 'cohort-max-eligible');
  const afterPatients = number(settings.stoppingRule?.afterPatients, 'cohort-after-patients');
  const form = h(
    'form',
    { 'aria-label': 'cohort settings', 'data-testid': 'cohort-settings' },
    labelled('Name', 'name', name),
    labelled(
      'Timepoints, baseline first',
      'timepoints',
      timepoints,
      'empty: ordered by administration time',
    ),
    labelled(
      'Group by (patient attributes)',
      'groupBy',
      groupBy,
      'empty: every attribute the patients carry',
    ),
    labelled('Stop when at most this many are eligible', 'stoppingRule.maxEligible', maxEligible),
    labelled(
      '... among the first patients',
      'stoppingRule.afterPatients',
      afterPatients,
      'both empty: 0 of 9',
    ),
    h('button', { type: 'submit', 'data-testid': 'cohort-settings-save' }, 'Save settings'),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body: CohortSettings = {};
    if (name.value.trim() !== '') body.name = name.value.trim();
    if (timepoints.value.trim() !== '') body.timepoints = list(timepoints.value);
    // An empty groupBy is kept as given: a cohort file's `groupBy: []` groups by nothing.
    if (groupBy.value.trim() !== '' || settings.groupBy !== undefined) {
      body.groupBy = list(groupBy.value);
    }
    if (maxEligible.value !== '' || afterPatients.value !== '') {
      body.stoppingRule = {
        maxEligible: Number(maxEligible.value),
        afterPatients: Number(afterPatients.value),
      };
    }
    api<CohortSettings>('PUT', '/cohort/settings', body).then(refresh, (error) =>
      showError(form, asApiError(error)),
    );
  });
  return h('details', { class: 'card' }, h('summary', {}, 'Cohort settings'), form);
}
