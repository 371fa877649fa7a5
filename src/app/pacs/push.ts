/**
 * Use case "push": a run's DICOM results (SEG, RT Dose, ...) to a PACS (io/pacs PacsNode), in
 * batches of at most 50 files or 64 MB per store request. Each file must parse as Part 10 before
 * anything is sent (a damaged file is named and nothing is sent). A PACS that refuses some
 * instances is an InputError naming the first; what it stored stays stored (a PACS has no undo),
 * and the message says how many.
 */
import { InputError } from '../../core/errors.ts';
import { parseInstance } from '../../io/dicom/read/parse-instance.ts';
import type { PacsNode } from '../../io/pacs/pacs-port.ts';
import { stages, type RunControl } from '../progress.ts';

/** A file to push: its path and its bytes on demand. */
export interface PushFile {
  path: string;
  read(): Uint8Array;
}

/** Options of pushResults. */
export interface PushOptions extends RunControl {
  pacs: PacsNode;
  files: readonly PushFile[];
}

/** What a push did: per SOP class (Modality) the count sent. */
export interface PushRun {
  stored: number;
  bytes: number;
  byModality: Record<string, number>;
  studies: string[];
}

const BATCH_FILES = 50;
const BATCH_BYTES = 64 * 1024 * 1024;

/** Pushes the files (see the file comment). */
export async function pushResults(options: PushOptions): Promise<PushRun> {
  const run = stages(options, `push to ${options.pacs.label}`);
  const byModality: Record<string, number> = {};
  const studies = new Set<string>();
  const sizes = await run.each('check', options.files, (file) => {
    const bytes = file.read();
    const instance = parseInstance({ bytes, source: file.path }, { sha256: false });
    if (instance === null) {
      throw new InputError(
        { file: file.path },
        'is not a DICOM Part 10 file',
        'nothing was sent; remove it or write it again',
      );
    }
    const modality = String(instance.dataset['Modality'] ?? 'OT');
    byModality[modality] = (byModality[modality] ?? 0) + 1;
    studies.add(String(instance.dataset['StudyInstanceUID'] ?? ''));
    return bytes.byteLength;
  });
  let stored = 0;
  let bytes = 0;
  await run.each('store', batchesOf(options.files, sizes), async (batch) => {
    const contents = batch.map((f) => f.read());
    const report = await options.pacs.store(contents);
    bytes += contents.reduce((sum, c) => sum + c.byteLength, 0);
    if (report.failed.length > 0 || report.stored < batch.length) {
      const first = report.failed[0];
      throw new InputError(
        { field: 'URL' },
        `${options.pacs.label} refused ${batch.length - report.stored} of ${batch.length} ` +
          `instances${first === undefined ? '' : ` (first ${first.sopInstanceUid}: ${first.reason})`}` +
          `; ${stored + report.stored} of ${options.files.length} are stored`,
        'see the PACS log; what it stored stays there',
      );
    }
    stored += report.stored;
  });
  return { stored, bytes, byModality, studies: [...studies].sort() };
}

/** Consecutive batches of at most BATCH_FILES files and BATCH_BYTES bytes (one file at least). */
function batchesOf(files: readonly PushFile[], sizes: readonly number[]): PushFile[][] {
  const batches: PushFile[][] = [];
  let current: PushFile[] = [];
  let bytes = 0;
  files.forEach((file, i) => {
    const size = sizes[i] ?? 0;
    if (current.length > 0 && (current.length >= BATCH_FILES || bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
