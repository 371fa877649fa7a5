/**
 * Import DICOM into a timepoint: drop a folder (or choose one) and its files go up as multipart
 * (POST /api/timepoints/:tid/upload), or type a folder path on this machine (POST .../import).
 * Either gives a job whose progress is shown; when it is done, on to the sessions.
 */
import type { JobStatus, TimepointDetail } from '../../../src/server/api-types.ts';
import { api, asApiError, get, upload } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { followJob } from '../job.ts';
import { navigate } from '../router.ts';
import { pacsImportSection } from './pacs-import.ts';
import { timepointHeader } from './timepoint-nav.ts';

/** Files per upload request: the server bounds a request's count and size. */
const BATCH_FILES = 400;
const BATCH_BYTES = 200 * 1024 * 1024;

interface NamedFile {
  file: File;
  name: string;
}

/** Every file under a dropped entry (folders walked), with its relative path. */
async function walk(entry: FileSystemEntry): Promise<NamedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    return [{ file, name: entry.fullPath.replace(/^\//, '') }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in pieces (about 100 at a time) until it gives an empty list.
  for (;;) {
    const piece = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (piece.length === 0) break;
    children.push(...piece);
  }
  return (await Promise.all(children.map(walk))).flat();
}

function batches(files: NamedFile[]): NamedFile[][] {
  const out: NamedFile[][] = [];
  let current: NamedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    if (
      current.length > 0 &&
      (current.length >= BATCH_FILES || bytes + f.file.size > BATCH_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += f.file.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export async function renderImport(root: HTMLElement, [tid]: number[]): Promise<void> {
  const detail = await get<TimepointDetail>(`/timepoints/${tid}`);
  const fromPacs = await pacsImportSection(tid ?? 0);
  const jobSlot = h('div', { 'data-testid': 'import-job' });
  const message = h('div', { 'aria-live': 'polite' });

  /** Uploads the files batch after batch, each batch one import job followed to its end. */
  const sendFiles = async (files: NamedFile[]): Promise<void> => {
    replace(message);
    if (files.length === 0) {
      replace(message, h('p', { class: 'error-box' }, 'No files in what was dropped.'));
      return;
    }
    const parts = batches(files);
    for (const [index, part] of parts.entries()) {
      replace(
        message,
        h('p', {}, `Uploading part ${index + 1} of ${parts.length} (${part.length} files)…`),
      );
      try {
        const job = await upload<JobStatus>(`/timepoints/${tid}/upload`, part);
        const end = await followJob(jobSlot, job);
        if (end.state !== 'done') return;
      } catch (error) {
        replace(message, h('p', { class: 'error-box', role: 'alert' }, asApiError(error).error));
        return;
      }
    }
    navigate(`#/tp/${tid}/sessions`);
  };

  const drop = h(
    'div',
    { class: 'dropzone', 'data-testid': 'dropzone', tabindex: 0 },
    'Drop a DICOM folder (or its files) here',
  );
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const items = [...(event.dataTransfer?.items ?? [])];
    const entries = items
      .map((item) => item.webkitGetAsEntry())
      .filter((e): e is FileSystemEntry => e !== null);
    void Promise.all(entries.map(walk)).then((lists) => sendFiles(lists.flat()));
  });

  const picker = h('input', {
    type: 'file',
    multiple: true,
    webkitdirectory: true,
    'data-testid': 'folder-picker',
  });
  picker.addEventListener('change', () => {
    const files = [...(picker.files ?? [])].map((file) => ({
      file,
      name: file.webkitRelativePath || file.name,
    }));
    void sendFiles(files);
  });

  const path = h('input', {
    type: 'text',
    size: 60,
    placeholder: '/home/me/exports/patient-01',
    'data-testid': 'import-path',
  });
  const pathForm = h(
    'form',
    { 'aria-label': 'import a folder on this machine' },
    labelled('Folder on this machine (read by the server)', 'folder', path),
    h(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': 'import-path-submit' },
      'Import folder',
    ),
    formErrorBox(),
  );
  pathForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(pathForm);
    api<JobStatus>('POST', `/timepoints/${tid}/import`, { folder: path.value.trim() }).then(
      async (job) => {
        const end = await followJob(jobSlot, job);
        if (end.state === 'done') navigate(`#/tp/${tid}/sessions`);
        else if (end.error) showError(pathForm, end.error);
      },
      (error) => showError(pathForm, asApiError(error)),
    );
  });

  replace(
    root,
    timepointHeader(detail, 'import'),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Import DICOM'),
      h(
        'p',
        {},
        `${detail.series.length} series imported so far. Files already stored are skipped.`,
      ),
      drop,
      h('p', {}, labelled('…or choose a folder', 'files', picker)),
      pathForm,
      message,
      jobSlot,
    ),
    fromPacs,
  );
}
