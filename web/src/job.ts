/**
 * A long job (import, run, demo) on the page: a progress bar fed by the server's event stream
 * (GET /api/jobs/:jid/events, text/event-stream of JobStatus) and a cancel button (DELETE).
 * Resolves with the final status; falls back to polling when the stream is unavailable.
 */
import type { JobStatus } from '../../src/server/api-types.ts';
import { api, get } from './api.ts';
import { h, replace } from './dom.ts';
import { errorText } from './errors.ts';

const FINISHED = new Set(['done', 'failed', 'cancelled']);

function describe(status: JobStatus): string {
  const p = status.progress;
  const stage = p === null ? 'starting' : `${p.stage} ${p.done}/${p.total}`;
  if (status.state === 'running') return `${status.kind}: ${stage}`;
  if (status.state === 'failed')
    return `${status.kind} failed: ${status.error ? errorText(status.error) : 'unknown error'}`;
  return `${status.kind} ${status.state}`;
}

/** Renders the job into `slot` and follows it until it ends. */
export function followJob(slot: HTMLElement, first: JobStatus): Promise<JobStatus> {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': `${first.kind} progress` });
  const text = h('span', { 'data-testid': 'job-status', 'aria-live': 'polite' }, describe(first));
  const cancel = h('button', { type: 'button', 'data-testid': 'job-cancel' }, 'Cancel');
  replace(
    slot,
    h(
      'div',
      { class: 'job', 'data-testid': 'job', 'data-state': first.state },
      bar,
      ' ',
      text,
      ' ',
      cancel,
    ),
  );
  const box = slot.firstElementChild as HTMLElement;

  const show = (status: JobStatus): void => {
    const p = status.progress;
    if (p !== null && p.total > 0) {
      bar.max = p.total;
      bar.value = p.done;
    } else if (status.state === 'running') bar.removeAttribute('value');
    if (status.state === 'done') {
      bar.max = 1;
      bar.value = 1;
    }
    replace(text, describe(status));
    box.setAttribute('data-state', status.state);
    cancel.disabled = FINISHED.has(status.state);
    if (status.state === 'failed') text.classList.add('error');
  };
  show(first);
  if (FINISHED.has(first.state)) return Promise.resolve(first);

  return new Promise((resolve) => {
    let ended = false;
    let poller: number | undefined;
    const end = (status: JobStatus): void => {
      show(status);
      if (!FINISHED.has(status.state) || ended) return;
      ended = true;
      source.close();
      if (poller !== undefined) window.clearInterval(poller);
      resolve(status);
    };
    const source = new EventSource(`api/jobs/${encodeURIComponent(first.id)}/events`);
    source.onmessage = (event: MessageEvent<string>) => {
      try {
        end(JSON.parse(event.data) as JobStatus);
      } catch {
        /* a keep-alive or partial line: the next event or the poll brings the status */
      }
    };
    source.onerror = () => {
      // The stream ended or is unavailable: poll until the job finishes.
      source.close();
      if (poller === undefined && !ended) {
        poller = window.setInterval(() => {
          get<JobStatus>(`/jobs/${encodeURIComponent(first.id)}`).then(end, () => undefined);
        }, 500);
      }
    };
    cancel.addEventListener('click', () => {
      cancel.disabled = true;
      api<JobStatus>('DELETE', `/jobs/${encodeURIComponent(first.id)}`).then(end, () => undefined);
    });
  });
}
