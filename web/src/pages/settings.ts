/**
 * Settings: the PACS nodes the app knows (GET/POST/PATCH/DELETE /api/pacs-nodes): add one (a
 * DICOMweb root or dicom://AET@host:port, the calling AE title for DIMSE), edit, delete, and
 * "Test connection" (POST /api/pacs-nodes/:nid/echo). A URL's password is never shown back: an
 * edit that leaves the URL empty keeps the stored one.
 */
import type {
  PacsEchoResult,
  PacsNodeInput,
  PacsNodeSummary,
} from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, errorText, formErrorBox, labelled, showError } from '../errors.ts';
import { refresh } from '../router.ts';

function nodeForm(node: PacsNodeSummary | null): HTMLFormElement {
  const name = h('input', { type: 'text', size: 30, value: node?.name ?? '' });
  const url = h('input', {
    type: 'text',
    size: 50,
    value: node === null || node.hasCredentials ? '' : node.url,
    placeholder:
      node?.hasCredentials === true
        ? `${node.url} (with its credentials; leave empty to keep)`
        : 'http://127.0.0.1:8042/dicom-web or dicom://PACS@host:104',
  });
  const aet = h('input', { type: 'text', size: 16, maxlength: 16, value: node?.callingAet ?? '' });
  const form = h(
    'form',
    { 'aria-label': node === null ? 'add a PACS node' : `edit ${node.name}`, class: 'pacs-form' },
    labelled('Name', 'name', name),
    labelled(
      'URL',
      'url',
      url,
      'DICOMweb root (may carry user:password@) or dicom://AET@host:port',
    ),
    labelled('Calling AE title (DIMSE)', 'callingAet', aet, 'empty: IODOSE'),
    h(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': node === null ? 'pacs-add' : 'pacs-save' },
      node === null ? 'Add node' : 'Save',
    ),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body: Partial<PacsNodeInput> = {
      name: name.value,
      callingAet: aet.value.trim() === '' ? null : aet.value.trim(),
    };
    if (node === null || url.value.trim() !== '') body.url = url.value.trim();
    const request =
      node === null
        ? api<PacsNodeSummary>('POST', '/pacs-nodes', body)
        : api<PacsNodeSummary>('PATCH', `/pacs-nodes/${node.id}`, body);
    request.then(
      () => refresh(),
      (error) => showError(form, asApiError(error)),
    );
  });
  return form;
}

function nodeRow(node: PacsNodeSummary, editSlot: HTMLElement): HTMLElement {
  const result = h('span', { 'data-testid': 'pacs-echo-result', 'aria-live': 'polite' });
  const test = h('button', { type: 'button', 'data-testid': 'pacs-echo' }, 'Test connection');
  test.addEventListener('click', () => {
    test.disabled = true;
    replace(result, 'testing…');
    api<PacsEchoResult>('POST', `/pacs-nodes/${node.id}/echo`)
      .then(
        (echo) => replace(result, h('span', { class: 'ok' }, `answers (${echo.elapsedMs} ms)`)),
        (error) => replace(result, h('span', { class: 'error' }, errorText(asApiError(error)))),
      )
      .finally(() => {
        test.disabled = false;
      });
  });
  const edit = h('button', { type: 'button' }, 'Edit');
  edit.addEventListener('click', () =>
    replace(editSlot, h('h3', {}, `Edit ${node.name}`), nodeForm(node)),
  );
  const remove = h('button', { type: 'button', 'data-testid': 'pacs-delete' }, 'Delete');
  remove.addEventListener('click', () => {
    if (!window.confirm(`Delete the PACS node ${node.name}?`)) return;
    api('DELETE', `/pacs-nodes/${node.id}`).then(
      () => refresh(),
      (error) => replace(result, h('span', { class: 'error' }, errorText(asApiError(error)))),
    );
  });
  return h(
    'tr',
    { 'data-testid': 'pacs-node' },
    h('td', {}, node.name),
    h('td', {}, h('code', {}, node.url), node.hasCredentials ? ' (with credentials)' : ''),
    h(
      'td',
      {},
      node.kind === 'dimse' ? `DIMSE, calling ${node.callingAet ?? 'IODOSE'}` : 'DICOMweb',
    ),
    h('td', {}, test, ' ', edit, ' ', remove, ' ', result),
  );
}

export async function renderSettings(root: HTMLElement): Promise<void> {
  const nodes = await get<PacsNodeSummary[]>('/pacs-nodes');
  const editSlot = h('div', {});
  replace(
    root,
    h('h1', {}, 'Settings'),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'PACS nodes'),
      nodes.length === 0
        ? h('p', { class: 'note' }, 'No PACS node yet: add one below.')
        : h(
            'table',
            { 'data-testid': 'pacs-nodes' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Name', 'Address', 'Protocol', ''].map((t) => h('th', {}, t)),
              ),
            ),
            h(
              'tbody',
              {},
              nodes.map((n) => nodeRow(n, editSlot)),
            ),
          ),
      editSlot,
      h('h3', {}, 'Add a node'),
      nodeForm(null),
    ),
  );
}
