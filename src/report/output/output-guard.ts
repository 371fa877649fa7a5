/**
 * Never overwrite an input: the files a command reads (manifest, recovery file, results.json of a
 * cohort, DICOM files) are compared with every path an output set replaces or removes by device
 * and inode (so a second name, a hard link or a symlinked folder is caught too), and the output
 * folder may not be, or lie inside, an input folder (a DICOM series folder would gain non-DICOM
 * and SEG files and hold "several series" at the next run).
 */
import { realpathSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import { InputError } from '../../core/errors.ts';

/** A file or folder a command reads, and what it is (said in the error). */
export interface OutputInput {
  path: string;
  /** e.g. "the study manifest", "the PET folder of scan s1". */
  what: string;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Refuses when `outDir` is or lies inside an input folder, or when a path in `touched` (an
 * output about to be replaced or removed) is an input file.
 */
export function assertNotInputs(
  outDir: string,
  touched: readonly string[],
  inputs: readonly OutputInput[],
): void {
  const files = new Map<string, OutputInput>();
  for (const input of inputs) {
    const stat = statOrNull(input.path);
    if (stat === null) continue;
    if (stat.isDirectory()) {
      const folder = realpathSync(input.path);
      if (outDir === folder || outDir.startsWith(`${folder}${sep}`)) {
        throw new InputError(
          { file: outDir },
          `the output folder is ${outDir === folder ? '' : 'inside '}${input.what} ${input.path}`,
          'choose an --out outside the input folders: iodose would write its files among the inputs',
        );
      }
    } else {
      files.set(`${stat.dev}:${stat.ino}`, input);
    }
  }
  for (const path of touched) {
    const stat = statOrNull(path);
    const input = stat === null ? undefined : files.get(`${stat.dev}:${stat.ino}`);
    if (input !== undefined) {
      throw new InputError(
        { file: path },
        `is ${input.what} ${input.path}, an input of this command, and iodose would overwrite it with an output`,
        'choose another --out, or rename the input',
      );
    }
  }
}
