/**
 * "Import from PACS" on the import page: pick a node, search its studies by patient ID, name or
 * date (GET /api/pacs-nodes/:nid/studies), pick a study and its series (GET .../series), import
 * them (POST /api/timepoints/:tid/pacs-import, a job with progress and cancel); when it is done,
 * on to the sessions (the server proposes one for each PET series no session uses yet).
 */
import type {
  JobStatus,
  PacsNodeSummary,
  PacsSeries,
  PacsStudy,
} from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { followJob } from '../job.ts';
import { navigate } from '../router.ts';

const day = (d: string) =>
  /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;

export async function pacsImportSection(tid: number): Promise<HTMLElement> {
  // A server without the PACS routes (an API-only test server) shows no PACS section content.
  const nodes = await get<PacsNodeSummary[]>('/pacs-nodes').catch(() => []);
  if (nodes.length === 0) {
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Import from PACS'),
      h(
        'p',
        { class: 'note' },
        'No PACS node yet: ',
        h('a', { href: '#/settings' }, 'add one in Settings'),
        '.',
      ),
    );
  }
  const node = h(
    'select',
    { 'data-testid': 'pacs-node-select' },
    nodes.map((n) => h('option', { value: n.id }, `${n.name} (${n.url})`)),
  );
  const patientId = h('input', { type: 'text', size: 16, 'data-testid': 'pacs-patient-id' });
  const patientName = h('input', { type: 'text', size: 20, placeholder: 'DOE^JANE or DOE' });
  const studyDate = h('input', {
    type: 'text',
    size: 20,
    placeholder: '20240305 or 20240301-20240331',
  });
  const results = h('div', { 'data-testid': 'pacs-studies' });
  const jobSlot = h('div', { 'data-testid': 'pacs-import-job' });
  const form = h(
    'form',
    { 'aria-label': 'search a PACS' },
    labelled('PACS node', 'nodeId', node),
    labelled('Patient ID', 'patientId', patientId),
    labelled('Patient name', 'patientName', patientName),
    labelled('Study date', 'studyDate', studyDate),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'pacs-search' }, 'Search'),
    formErrorBox(),
  );

  const showSeries = async (study: PacsStudy, slot: HTMLElement): Promise<void> => {
    const series = await get<PacsSeries[]>(
      `/pacs-nodes/${node.value}/studies/${encodeURIComponent(study.studyInstanceUid)}/series`,
    );
    const boxes = series.map((s) => ({
      s,
      box: h('input', { type: 'checkbox', checked: true, 'data-testid': 'pacs-series-pick' }),
    }));
    const go = h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'pacs-import' },
      'Import the ticked series',
    );
    const errors = h('div', {}, formErrorBox());
    go.addEventListener('click', () => {
      clearErrors(errors);
      const picked = boxes.filter((b) => b.box.checked).map((b) => b.s.seriesInstanceUid);
      api<JobStatus>('POST', `/timepoints/${tid}/pacs-import`, {
        nodeId: Number(node.value),
        studyUid: study.studyInstanceUid,
        seriesUids: picked.length === series.length ? undefined : picked,
      }).then(
        async (job) => {
          go.disabled = true;
          const end = await followJob(jobSlot, job);
          go.disabled = false;
          if (end.state === 'done') navigate(`#/tp/${tid}/sessions`);
          else if (end.error) showError(errors, end.error);
        },
        (error) => showError(errors, asApiError(error)),
      );
    });
    replace(
      slot,
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['', 'Modality', 'No.', 'Description', 'Instances'].map((t) => h('th', {}, t)),
          ),
        ),
        h(
          'tbody',
          {},
          boxes.map(({ s, box }) =>
            h(
              'tr',
              {},
              h('td', {}, box),
              h('td', {}, s.modality),
              h('td', {}, s.seriesNumber ?? ''),
              h('td', {}, s.seriesDescription),
              h('td', {}, s.instances ?? '?'),
            ),
          ),
        ),
      ),
      go,
      errors,
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(results, h('p', { class: 'loading' }, 'Searching…'));
    const q = new URLSearchParams();
    for (const [key, input] of [
      ['patientId', patientId],
      ['patientName', patientName],
      ['studyDate', studyDate],
    ] as const) {
      if (input.value.trim() !== '') q.set(key, input.value.trim());
    }
    get<PacsStudy[]>(`/pacs-nodes/${node.value}/studies?${q.toString()}`).then(
      (studies) => {
        if (studies.length === 0) {
          replace(results, h('p', { class: 'note' }, 'No study matches.'));
          return;
        }
        const seriesSlot = h('div', { 'data-testid': 'pacs-series' });
        replace(
          results,
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Date', 'Patient ID', 'Name', 'Description', 'Modalities', 'Series', ''].map((t) =>
                  h('th', {}, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              studies.map((study) => {
                const pick = h(
                  'button',
                  { type: 'button', 'data-testid': 'pacs-study-pick' },
                  'Choose',
                );
                pick.addEventListener('click', () => {
                  showSeries(study, seriesSlot).catch((error) =>
                    replace(
                      seriesSlot,
                      h('p', { class: 'error-box', role: 'alert' }, asApiError(error).error),
                    ),
                  );
                });
                return h(
                  'tr',
                  { 'data-testid': 'pacs-study' },
                  h('td', {}, day(study.studyDate)),
                  h('td', {}, study.patientId),
                  h('td', {}, study.patientName),
                  h('td', {}, study.studyDescription),
                  h('td', {}, study.modalitiesInStudy.join(', ')),
                  h('td', {}, study.seriesCount ?? '?'),
                  h('td', {}, pick),
                );
              }),
            ),
          ),
          seriesSlot,
        );
      },
      (error) => {
        replace(results);
        showError(form, asApiError(error));
      },
    );
  });
  return h('section', { class: 'card' }, h('h2', {}, 'Import from PACS'), form, results, jobSlot);
}
