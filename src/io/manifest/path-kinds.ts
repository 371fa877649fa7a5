/**
 * Path-type checks before anything is read or written (issue 7, item 9): a folder where a file is
 * expected, a file where a folder is expected, a named pipe or device (reading one would block),
 * a missing path or a dangling link each get one line naming the field and the path.
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, type InputLocation } from '../../core/errors.ts';
import type { StudyManifest } from './manifest-schema.ts';

/** What a path is on disk (links followed); `dangling` is a link whose target is missing. */
export type PathKind = 'file' | 'folder' | 'missing' | 'dangling' | 'loop' | 'special' | 'empty';

export function pathKind(path: string): PathKind {
  // resolve('') is the current folder: an empty path must not silently name it.
  if (path === '') return 'empty';
  try {
    const stat = statSync(path);
    if (stat.isFile()) return 'file';
    if (stat.isDirectory()) return 'folder';
    return 'special';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return 'loop';
    try {
      return lstatSync(path).isSymbolicLink() ? 'dangling' : 'missing';
    } catch {
      return 'missing';
    }
  }
}

/** A path as shown in a message ("" for the empty path). */
function shown(path: string): string {
  return path === '' ? '""' : path;
}

const SAID: Record<PathKind, string> = {
  file: 'is a file',
  folder: 'is a folder',
  missing: 'not found',
  dangling: 'is a symbolic link to a path that does not exist',
  loop: 'is a symbolic link loop (links that lead back to themselves)',
  special: 'is a named pipe, socket or device, not a regular file or folder',
  empty: 'is an empty path',
};

/** An existing regular file (links followed), or an InputError at `where`. */
export function expectInputFile(path: string, where: InputLocation, what: string): void {
  const kind = pathKind(path);
  if (kind === 'file') return;
  throw new InputError(
    where,
    `${shown(path)} ${SAID[kind]}; expected ${what}`,
    fixFor(kind, 'file'),
  );
}

/** An existing folder (links followed), or an InputError at `where`. */
export function expectInputFolder(path: string, where: InputLocation, what: string): void {
  const kind = pathKind(path);
  if (kind === 'folder') return;
  throw new InputError(
    where,
    `${shown(path)} ${SAID[kind]}; expected ${what}`,
    fixFor(kind, 'folder'),
  );
}

/** A file to write: absent or a regular file, inside a folder (or a path that can become one). */
export function expectOutputFile(path: string, where: InputLocation, what: string): void {
  const kind = pathKind(path);
  if (kind !== 'file' && kind !== 'missing') {
    throw new InputError(
      where,
      `${shown(path)} ${SAID[kind]}; expected ${what}`,
      kind === 'folder' ? 'give a file name, e.g. DIR/recovery.json' : 'give another path',
    );
  }
  expectNoFileAbove(dirname(resolve(path)), where);
}

/** A folder to write into: absent (it is made) or an existing folder. */
export function expectOutputFolder(path: string, where: InputLocation, what: string): void {
  const kind = pathKind(path);
  if (kind === 'folder' || kind === 'missing') {
    if (kind === 'missing') expectNoFileAbove(dirname(resolve(path)), where);
    return;
  }
  throw new InputError(
    where,
    `${shown(path)} ${SAID[kind]}; expected ${what}`,
    'give a new or existing folder',
  );
}

/** No ancestor of a folder to be made may be a file (mkdir would fail with ENOTDIR). */
function expectNoFileAbove(folder: string, where: InputLocation): void {
  for (let current = folder; ; current = dirname(current)) {
    const kind = pathKind(current);
    if (kind === 'folder') return;
    if (kind !== 'missing') {
      throw new InputError(where, `${current} ${SAID[kind]}; expected a folder to write into`);
    }
    if (dirname(current) === current) return;
  }
}

function fixFor(kind: PathKind, expected: 'file' | 'folder'): string {
  if (kind === 'empty') return `give the path of the ${expected}`;
  if (kind === 'missing' || kind === 'dangling') return 'paths are relative to the manifest folder';
  if (expected === 'folder') return 'give the folder that holds the files, not one file';
  return 'give the path of the file itself';
}

/** The manifest's image paths (relative to `baseDir`) are of the kind each field expects. */
export function checkManifestPaths(manifest: StudyManifest, baseDir: string): void {
  (manifest.scans ?? []).forEach((scan, k) => {
    expectInputFolder(
      resolve(baseDir, scan.pet),
      { field: `scans[${k}].pet` },
      'the folder of the PET DICOM series',
    );
    if (scan.ct !== undefined) {
      expectInputFolder(
        resolve(baseDir, scan.ct),
        { field: `scans[${k}].ct` },
        'the folder of the CT DICOM series',
      );
    }
  });
  (manifest.extraCts ?? []).forEach((extra, k) => {
    expectInputFolder(
      resolve(baseDir, extra.ct),
      { field: `extraCts[${k}].ct` },
      'the folder of the CT DICOM series',
    );
  });
  manifest.lesions.forEach((lesion, i) => {
    (lesion.ctMasks ?? []).forEach((mask, j) => {
      expectInputFile(
        resolve(baseDir, mask.path),
        { field: `lesions[${i}].ctMasks[${j}].path` },
        'a mask file (NIfTI, DICOM SEG or RTSTRUCT)',
      );
    });
  });
}

/**
 * Runs a reader of the files a manifest field names; an InputError it throws without a field is
 * placed on that field, with the file it names kept in the message.
 */
export function readForField<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw inField(field, error);
  }
}

/** readForField for an asynchronous read. */
export async function readForFieldAsync<T>(field: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw inField(field, error);
  }
}

function inField(field: string, error: unknown): unknown {
  if (!(error instanceof InputError) || error.field?.match(/^(scans|extraCts|lesions)\[/)) {
    return error;
  }
  const where = [error.file, error.field].filter((part) => part !== undefined).join(': ');
  const Kind = error.constructor as typeof InputError;
  return new Kind(
    { field },
    where.length > 0 ? `${where}: ${error.expected}` : error.expected,
    error.hint,
  );
}
