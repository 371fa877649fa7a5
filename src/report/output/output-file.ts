/**
 * Writes one output file (e.g. the recovery file of `iodose calibrate`) so that a kill leaves the
 * old file or the new one: the text goes to a temporary file beside it, is fsynced and renamed
 * over the final name (rename(2) is atomic). A symlink at the final name is refused rather than
 * replaced (the user named that path; iodose never makes links), and the file may not be an
 * input of the command (output-guard.ts).
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import { InputError } from '../../core/errors.ts';
import { assertNotInputs, type OutputInput } from './output-guard.ts';
import { entryKind, fsyncPath, writeFileAtomic } from './output-set-files.ts';

/** Writes `text` (or bytes) to `path` atomically; returns the absolute path. */
export function writeOutputFile(
  path: string,
  text: string | Uint8Array,
  inputs: readonly OutputInput[] = [],
): string {
  const out = resolve(path);
  mkdirSync(dirname(out), { recursive: true });
  const folder = realpathSync(dirname(out));
  const target = join(folder, basename(out));
  const kind = entryKind(target);
  if (kind === 'folder' || kind === 'other') {
    throw new InputError(
      { file: out },
      kind === 'folder'
        ? 'is a folder, expected the file to write (--out FILE.json)'
        : 'is a symlink or special file; iodose does not write through links nor replace them',
      'give the path of a regular file, e.g. recovery.json',
    );
  }
  assertNotInputs(folder, [target], inputs);
  writeFileAtomic(target, text);
  fsyncPath(folder, true);
  return out;
}
