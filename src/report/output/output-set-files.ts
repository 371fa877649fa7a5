/**
 * The pieces of an output set on disk (output-set.ts): the set manifest `.iodose-outputs.json`
 * (the files iodose wrote into a folder, with their SHA-256), fsync helpers, and the checks that
 * a path in the output folder may be replaced: never through a symlink, never a file iodose did
 * not write.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.ts';

/** The set manifest's file name in the output folder (and in a staging folder). */
export const SET_MANIFEST = '.iodose-outputs.json';
/** Staging folders: written, not yet committed; removed on the next start. */
export const STAGING_PREFIX = '.iodose-staging-';
/** Committed folders: the switch to this set is under way; finished on the next start. */
export const COMMIT_PREFIX = '.iodose-commit-';

/** One file of a set: its path relative to the output folder ("/"-separated). */
export interface SetFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** The set manifest: which files of the folder iodose wrote, in one run. */
export interface SetManifest {
  iodoseOutputs: 1;
  runId: string;
  createdAt: string;
  files: SetFile[];
}

/** The set manifest at `path`, or null when there is none; a malformed one is an InputError. */
export function readSetManifest(path: string): SetManifest | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const manifest = parsed as Partial<SetManifest> | null;
  if (manifest?.iodoseOutputs !== 1 || !Array.isArray(manifest.files)) {
    throw new InputError(
      { file: path },
      'is not an iodose output list (iodoseOutputs: 1)',
      'iodose keeps the list of the files it wrote there; move the file away or choose another --out',
    );
  }
  return manifest as SetManifest;
}

/** SHA-256 (hex) and size of a file. */
export function hashFile(path: string): { sha256: string; bytes: number } {
  const data = readFileSync(path);
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

/** Flushes a file or folder to disk (folders: best effort, not every platform allows it). */
export function fsyncPath(path: string, folder = false): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (folder) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!folder) throw error;
  } finally {
    closeSync(fd);
  }
}

/** Writes `text` to `path` through a temporary file, fsync and rename (atomic replacement). */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const temp = `${path}.iodose-tmp-${process.pid}`;
  writeFileSync(temp, text, { flag: 'w' });
  fsyncPath(temp);
  renameSync(temp, path);
}

/** What sits at `path`: nothing, a regular file, a folder, or something else (link, pipe). */
export function entryKind(path: string): 'none' | 'file' | 'folder' | 'other' {
  try {
    const stat = lstatSync(path);
    if (stat.isFile()) return 'file';
    if (stat.isDirectory()) return 'folder';
    return 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
}

/**
 * Refuses to put a file of the set at `outDir/relative` unless every folder on the way is a real
 * folder (or missing) and the place is empty or holds a regular file iodose wrote (listed in the
 * previous set manifest). A symlink is never written through nor replaced: iodose never makes
 * one, so it is the user's.
 */
export function assertReplaceable(
  outDir: string,
  relative: string,
  previous: ReadonlySet<string>,
): void {
  const parts = relative.split('/');
  let at = outDir;
  for (const [index, part] of parts.entries()) {
    at = join(at, part);
    const kind = entryKind(at);
    if (kind === 'none') return;
    const last = index === parts.length - 1;
    if (!last && kind === 'folder') continue;
    if (last && kind === 'file' && previous.has(relative)) return;
    const what =
      kind === 'other'
        ? 'a symlink or special file'
        : kind === 'folder'
          ? 'a folder'
          : last
            ? `a file iodose did not write (not listed in ${SET_MANIFEST})`
            : 'a file';
    throw new InputError(
      { file: at },
      `is ${what}, where iodose would write its output ${relative}`,
      'iodose never writes through links nor replaces files it did not write: move it away or choose another --out',
    );
  }
}

/**
 * Refuses to replace or remove an output of the previous set that was changed since iodose wrote
 * it (its SHA-256 differs from the previous set manifest): an edited report is the user's now.
 */
export function assertUnchangedSinceWritten(
  outDir: string,
  relatives: readonly string[],
  previous: readonly SetFile[],
): void {
  const written = new Map(previous.map((file) => [file.path, file.sha256]));
  for (const relative of relatives) {
    const sha256 = written.get(relative);
    const path = join(outDir, relative);
    if (sha256 === undefined || entryKind(path) !== 'file') continue;
    if (hashFile(path).sha256 === sha256) continue;
    throw new InputError(
      { file: path },
      `was changed after iodose wrote it (its SHA-256 is not the one in ${SET_MANIFEST}), so iodose neither replaces nor removes it`,
      'move or rename the edited file, or choose another --out',
    );
  }
}

/** True when process `pid` is running (on this machine). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process id in a staging or commit folder name (`<prefix><pid>-<random>`), or NaN. */
export function ownerPid(name: string): number {
  return Number(/^\.iodose-[a-z]+-(\d+)-/.exec(name)?.[1] ?? NaN);
}

/**
 * Runs `work` holding `outDir/.iodose-lock` (a file made with O_EXCL holding our pid), so two
 * iodose processes never switch sets in one folder at once. A lock left by a killed process is
 * taken over; one held by a running process is an InputError.
 */
export function withOutputLock<T>(outDir: string, work: () => T): T {
  const lock = join(outDir, '.iodose-lock');
  for (let attempt = 0; ; attempt += 1) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = NaN;
      try {
        pid = Number(readFileSync(lock, 'utf8'));
      } catch {
        // removed meanwhile: try again
      }
      if (attempt < 2 && !pidAlive(pid)) {
        rmSync(lock, { force: true });
        continue;
      }
      throw new InputError(
        { file: outDir },
        `another iodose (process ${pid}) is writing its outputs into this folder`,
        'wait for it to finish, or choose another --out',
      );
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}
