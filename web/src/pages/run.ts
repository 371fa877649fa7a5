/**
 * The timepoint overview and its run: what is entered (sessions, lesions and seeds, samples),
 * what is still missing, the run button (with "also PDF") and its progress, then the runs made
 * so far (each immutable; re-running makes a new one). A finished run opens its results.
 */
import type { JobStatus, RunRequest, TimepointDetail } from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { errorText } from '../errors.ts';
import { sig3 } from '../format.ts';
import { followJob } from '../job.ts';
import { navigate } from '../router.ts';
import { timepointHeader } from './timepoint-nav.ts';

function overview(detail: TimepointDetail): HTMLElement {
  const seedsDone = detail.lesions.reduce((n, l) => n + l.seeds.length, 0);
  const items: [string, string][] = [
    ['Series', `${detail.series.length}`],
    [
      'Sessions',
      detail.sessions
        .map(
          (s) =>
            `${s.label}${s.hoursAfterAdministration === null ? '' : ` (${sig3(s.hoursAfterAdministration)} h)`}`,
        )
        .join(', ') || '-',
    ],
    [
      'Lesions',
      `${detail.lesions.map((l) => l.label).join(', ') || '-'} (${seedsDone} of ${detail.lesions.length * detail.sessions.length} seeds)`,
    ],
    [
      'Tracer',
      detail.tracer === null
        ? '-'
        : `${detail.tracer.activityMBq ?? '(syringe)'} MBq at ${detail.tracer.administeredAt}`,
    ],
    ['Weight', detail.weightKg === null ? '-' : `${detail.weightKg} kg`],
    ['Blood samples', `${detail.blood.length}`],
    ['Whole-body counts', `${detail.wholeBody.length}`],
    ['Recovery file', detail.recovery?.name ?? '-'],
  ];
  return h(
    'table',
    { 'data-testid': 'tp-overview' },
    items.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))),
  );
}

function runsList(detail: TimepointDetail): HTMLElement {
  if (detail.runs.length === 0) return h('p', {}, 'No runs yet.');
  return h(
    'table',
    { 'data-testid': 'runs-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Run', 'Made (UTC)', 'Decision', 'Reviewed', 'Version'].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      [...detail.runs]
        .reverse()
        .map((run) =>
          h(
            'tr',
            {},
            h(
              'td',
              {},
              h(
                'a',
                { href: `#/runs/${run.id}`, 'data-testid': `run-link-${run.id}` },
                `run ${run.id}`,
              ),
            ),
            h('td', {}, run.createdAtUtc),
            h('td', {}, run.decision),
            h('td', {}, run.reviewed ? 'yes' : 'no'),
            h('td', {}, run.version),
          ),
        ),
    ),
  );
}

export async function renderRun(root: HTMLElement, [tid]: number[]): Promise<void> {
  const detail = await get<TimepointDetail>(`/timepoints/${tid}`);
  const pdf = h('input', { type: 'checkbox', id: 'run-pdf', 'data-testid': 'run-pdf' });
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'run-start' },
    'Run dosimetry',
  );
  const jobSlot = h('div', { 'data-testid': 'run-job' });
  const message = h('div', { 'aria-live': 'polite', 'data-testid': 'run-message' });
  button.addEventListener('click', () => {
    button.disabled = true;
    replace(message);
    const body: RunRequest = { pdf: pdf.checked };
    api<JobStatus>('POST', `/timepoints/${tid}/runs`, body).then(
      async (job) => {
        const end = await followJob(jobSlot, job);
        button.disabled = false;
        if (end.state === 'done' && end.result?.runId !== undefined)
          navigate(`#/runs/${end.result.runId}`);
        else if (end.state === 'failed' && end.error)
          replace(message, h('p', { class: 'error-box', role: 'alert' }, errorText(end.error)));
      },
      (error) => {
        button.disabled = false;
        replace(
          message,
          h('p', { class: 'error-box', role: 'alert' }, errorText(asApiError(error))),
        );
      },
    );
  });
  replace(
    root,
    timepointHeader(detail, 'run'),
    h('section', { class: 'card' }, h('h2', {}, 'What is entered'), overview(detail)),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Run'),
      detail.missing.length === 0
        ? h('p', {}, 'Everything a run needs is entered.')
        : h(
            'ul',
            { class: 'warnings' },
            detail.missing.map((m) => h('li', {}, m)),
          ),
      button,
      ' ',
      h('label', { for: pdf.id }, pdf, ' also make the PDF report (Chromium)'),
      jobSlot,
      message,
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Runs'), runsList(detail)),
  );
}
