/**
 * The files of a DICOM folder, recursively and sorted, without hanging or crashing on what a
 * folder can hold besides files: every entry is checked with lstat/stat before it is opened, so
 * a named pipe (FIFO), socket or device is refused instead of blocking a read; symbolic links
 * are followed, a dangling one or a loop is refused; the walk stops at MAX_FOLDER_FILES files.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../core/errors.ts';
import { fileKind, unreadable } from './instance-files.ts';
import type { SkippedFile } from './series-types.ts';

/**
 * Most files read from one series folder (our choice): a whole-body CT has about 2,000 slices
 * and a dynamic PET a few 10,000; 100,000 leaves room for both while refusing a wrong folder
 * (a PACS root or a home folder) before minutes of parsing.
 */
export const MAX_FOLDER_FILES = 100_000;

function statOrThrow(path: string, follow: boolean): Stats {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
}

export type { SkippedFile } from './series-types.ts';

/**
 * The regular files under `folder` (recursively, sorted by path); a file or folder reached a
 * second time through a symbolic link is skipped (listed with the reason), not read twice.
 */
export function listFolderFiles(
  folder: string,
  maxFiles = MAX_FOLDER_FILES,
): { files: string[]; skipped: SkippedFile[] } {
  const top = statOrThrow(folder, true);
  if (!top.isDirectory()) {
    throw new InputError(
      { file: folder },
      `expected a folder of DICOM files, found ${top.isFile() ? 'a file' : fileKind(top)}`,
      'point the manifest at the folder holding the exported series',
    );
  }
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const visiting = new Set<string>();
  const seen = new Map<string, string>();
  const once = (path: string, real = realpathSync(path)): boolean => {
    const earlier = seen.get(real);
    if (earlier !== undefined) {
      skipped.push({ path, reason: `the same as ${earlier} (symbolic link), read once` });
      return false;
    }
    seen.set(real, path);
    return true;
  };
  const visit = (dir: string): void => {
    const real = realpathSync(dir);
    if (visiting.has(real)) {
      throw new InputError(
        { file: dir },
        `symbolic link loop: this folder is ${real}, which contains it`,
        'remove the link that points back into the folder',
      );
    }
    visiting.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw unreadable(dir, error);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      // A regular file (as readdir's file type says): no stat, and its real path is known.
      if (entry.isFile()) {
        file(path, join(real, entry.name));
        continue;
      }
      const link = statOrThrow(path, false);
      if (link.isSymbolicLink()) {
        let target: Stats;
        try {
          target = statSync(path);
        } catch (error) {
          const code = (error as { code?: string }).code;
          throw new InputError(
            { file: path },
            code === 'ENOENT'
              ? 'dangling symbolic link: its target does not exist'
              : code === 'ELOOP'
                ? 'symbolic link loop: the link resolves to itself'
                : `symbolic link that cannot be followed (${code ?? 'unknown error'})`,
            'remove the link or restore its target',
          );
        }
        add(path, target);
      } else add(path, link);
    }
    visiting.delete(real);
  };
  const file = (path: string, real?: string): void => {
    if (once(path, real)) files.push(path);
    if (files.length > maxFiles) {
      throw new InputError(
        { file: folder },
        `more than ${maxFiles} files under the folder: not one series folder`,
        'point the manifest at the folder of the one PET or CT series',
      );
    }
  };
  const add = (path: string, stat: Stats): void => {
    if (stat.isDirectory()) {
      if (visiting.has(realpathSync(path)) || once(path)) visit(path);
      return;
    }
    if (!stat.isFile()) {
      throw new InputError(
        { file: path },
        `expected a DICOM file, found ${fileKind(stat)}`,
        'remove it from the DICOM folder',
      );
    }
    file(path);
  };
  visit(folder);
  return { files, skipped };
}
