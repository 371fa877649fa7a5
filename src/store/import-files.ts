/**
 * The import jobs' work: a folder on this machine (walked recursively) or uploaded files, each
 * read as bytes, its header parsed (src/app/import-dicom.ts), checked and written by the store's
 * importer; non-DICOM files are counted and skipped. Progress per file (stage "import"), the
 * abort signal checked before every file and before the commit: a cancel commits nothing and
 * removes the files written. After the commit each touched series' size is measured from the
 * stored headers (stage "size").
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { instanceHeader } from '../app/import-dicom.ts';
import { stages, type RunControl } from '../app/progress.ts';
import { InputError } from '../core/errors.ts';
import { listFolderFiles } from '../io/dicom/read/folder-walk.ts';
import { beginImport, type ImportOutcome } from './import.ts';
import type { Client, Store } from './open.ts';
import { measureSeriesSize, setSeriesSize } from './series.ts';

/** What an import job made: the store's outcome and the files that were not DICOM. */
export interface FileImportOutcome extends ImportOutcome {
  skippedFiles: number;
}

/** One file to import: a name for messages and a way to get its bytes. */
interface Source {
  name: string;
  bytes(): Promise<Uint8Array>;
}

async function importSources(
  store: Store,
  timepointId: number,
  sources: readonly Source[],
  client: Client,
  control: RunControl,
): Promise<FileImportOutcome> {
  const run = stages(control, 'import');
  const importer = beginImport(store, timepointId);
  let skippedFiles = 0;
  let outcome: ImportOutcome;
  try {
    const step = run.begin('import', sources.length);
    // About a hundred progress events per import, not one per file.
    const every = Math.max(1, Math.floor(sources.length / 100));
    for (const [n, source] of sources.entries()) {
      run.check('import');
      const bytes = await source.bytes();
      const parsed = instanceHeader(bytes, source.name);
      if ('header' in parsed) importer.add({ ...parsed.header, bytes }, source.name);
      else skippedFiles++;
      if ((n + 1) % every === 0 || n + 1 === sources.length) step(n + 1);
    }
    run.check('commit');
    outcome = importer.commit(client);
  } catch (error) {
    importer.discard();
    throw error;
  }
  // Committed: from here on a cancel is too late, and sizes are derived data.
  const sized = stages({ onProgress: control.onProgress }, 'import');
  await sized.each('size', outcome.seriesIds, async (id) => {
    setSeriesSize(store, id, await measureSeriesSize(store, id));
  });
  return { ...outcome, skippedFiles };
}

/** Imports every file under `folder` (an absolute path on this machine) into the timepoint. */
export async function importFolder(
  store: Store,
  timepointId: number,
  folder: string,
  client: Client,
  control: RunControl = {},
): Promise<FileImportOutcome> {
  if (typeof folder !== 'string' || !isAbsolute(folder)) {
    throw new InputError(
      { field: 'folder' },
      `expected an absolute folder path on this machine, got ${JSON.stringify(folder)}`,
      'give the full path, e.g. /home/me/exports/patient-01',
    );
  }
  let files: string[];
  try {
    files = listFolderFiles(folder).files;
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError({ field: 'folder', file: error.file }, error.expected, error.hint);
    }
    throw error;
  }
  const sources = files.map((path) => ({
    name: path,
    bytes: async () => new Uint8Array(await readFile(path)),
  }));
  return importSources(store, timepointId, sources, client, control);
}

/** Imports uploaded files (held in memory; `name` is the browser's relative path, for messages). */
export async function importUploads(
  store: Store,
  timepointId: number,
  files: readonly { name: string; bytes: Uint8Array }[],
  client: Client,
  control: RunControl = {},
): Promise<FileImportOutcome> {
  const sources = files.map((file) => ({
    name: `upload ${file.name}`,
    bytes: () => Promise.resolve(file.bytes),
  }));
  return importSources(store, timepointId, sources, client, control);
}
