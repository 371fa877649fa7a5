/**
 * The DICOM files of a results folder for `iodose push`: every *.dcm below it (SEG, RT Dose,
 * ...), sorted, symlinks not followed; read one at a time, when sent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../../core/errors.ts';

/** A file to send: its path (for messages) and how to read it. */
export interface LocalFile {
  path: string;
  /** Path relative to the folder given. */
  name: string;
  read(): Uint8Array;
}

/** The *.dcm files below `folder` (an InputError when it is not a folder or has none). */
export function listDicomFiles(folder: string): LocalFile[] {
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new InputError(
      { file: folder },
      'is not a folder',
      'give the results folder of a run (--out of iodose run or export)',
    );
  }
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.dcm')) found.push(path);
    }
  };
  walk(folder);
  if (found.length === 0) {
    throw new InputError(
      { file: folder },
      'holds no .dcm files to send',
      'give the folder of a run with SEG or RT Dose output',
    );
  }
  return found
    .sort()
    .map((path) => ({ path, name: relative(folder, path), read: () => readFileSync(path) }));
}
