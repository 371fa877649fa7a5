/**
 * "Send results to PACS" on the results page: pick a node, POST /api/runs/:rid/send (a job with
 * progress), then what the PACS stored per modality. The send is in the run's audit trail.
 */
import type { JobStatus, PacsNodeSummary, RunDetail } from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { followJob } from '../job.ts';

export async function pacsSendSection(run: RunDetail): Promise<HTMLElement | null> {
  const dicom = run.files.filter((f) => f.toLowerCase().endsWith('.dcm'));
  if (dicom.length === 0) return null;
  const nodes = await get<PacsNodeSummary[]>('/pacs-nodes').catch(() => []);
  const title = h('h2', {}, 'Send results to PACS');
  if (nodes.length === 0) {
    return h(
      'section',
      { class: 'card' },
      title,
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
    { 'data-testid': 'pacs-send-node' },
    nodes.map((n) => h('option', { value: n.id }, `${n.name} (${n.url})`)),
  );
  const jobSlot = h('div', {});
  const outcome = h('p', { 'data-testid': 'pacs-send-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { 'aria-label': 'send results to a PACS' },
    h('p', {}, `The run's DICOM results (${dicom.join(', ')}).`),
    labelled('PACS node', 'nodeId', node),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'pacs-send' }, 'Send'),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(outcome);
    api<JobStatus>('POST', `/runs/${run.id}/send`, { nodeId: Number(node.value) }).then(
      async (job) => {
        const end = await followJob(jobSlot, job);
        if (end.state === 'done') {
          const by = Object.entries(end.result?.sentByModality ?? {})
            .map(([m, n]) => `${n} ${m}`)
            .join(', ');
          replace(outcome, `Stored ${end.result?.sent ?? 0} instances (${by}).`);
        } else if (end.error) showError(form, end.error);
      },
      (error) => showError(form, asApiError(error)),
    );
  });
  return h('section', { class: 'card' }, title, form, jobSlot, outcome);
}
