/**
 * Writes the outputs of one iodose command into `--out` as a set: a run killed at any moment
 * (kill -9, power loss) leaves the previous complete set or the new one, never a new results.json
 * beside a stale report or stale SEG files. Files the user put into the folder are never removed
 * or replaced, and no write follows a symlink.
 *
 * Design. POSIX renames one directory entry at a time, so several real files in a folder cannot
 * all change in one step; a set switch needs a commit point and a journal:
 * 1. Stage: every file is written into a fresh `--out/.iodose-staging-<id>/` (same file system as
 *    the final names, so rename(2) is atomic), with the new set manifest `.iodose-outputs.json`
 *    (every file with its SHA-256), all fsynced. Up to here `--out` itself is untouched: a kill
 *    leaves the old set, and the next start deletes the staging folder.
 * 2. Commit point: one rename of the staging folder to `--out/.iodose-commit-<id>/` (then fsync of
 *    `--out`). From here on the new set is decided, and everything it needs is on disk.
 * 3. Switch: each file is renamed from the commit folder onto its final name (rename replaces an
 *    old file, or a symlink itself, never writes through it), files of the old set that are not
 *    in the new one are deleted (only those the old set manifest lists), and last the new set
 *    manifest is renamed onto `--out/.iodose-outputs.json`; the commit folder is removed.
 * A kill inside step 3 (a few renames after all data is on disk) leaves a commit folder: the next
 * iodose start on this folder (`openOutputSet`, before anything else) finishes the switch, which
 * is idempotent (files already moved are no longer in the commit folder). So the folder holds,
 * as iodose sees it, the old set until the commit point and the new set after it; a reader
 * outside iodose could see a mix only while a commit folder exists, and
 * `.iodose-outputs.json` (names and SHA-256 of the set) tells which files belong together.
 *
 * `--out` being a symlink to a folder is fine: it is resolved once (realpath) and everything
 * below it is checked with lstat, so no further link is followed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { assertNotInputs, type OutputInput } from './output-guard.ts';
import {
  assertReplaceable,
  assertUnchangedSinceWritten,
  COMMIT_PREFIX,
  entryKind,
  fsyncPath,
  hashFile,
  ownerPid,
  pidAlive,
  readSetManifest,
  SET_MANIFEST,
  STAGING_PREFIX,
  withOutputLock,
  writeFileAtomic,
  type SetManifest,
} from './output-set-files.ts';

/** A path of the set: "/"-separated names of safe characters, none starting with ".". */
const RELATIVE = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*$/;

/** An output set being written; `file(name)` gives where to write, `commit()` switches. */
export interface OutputSet {
  /** The output folder (real path). */
  readonly outDir: string;
  /** Where to write the set's file `relative` (created parent folders; a name only once). */
  file(relative: string): string;
  /** Adds files and folders the command reads: never overwritten, never the output folder. */
  protect(inputs: readonly OutputInput[]): void;
  /** Leaves `relative` out of the set (e.g. a PDF that could not be printed). */
  drop(relative: string): void;
  /** Switches the folder to the new set; returns the final paths, in the order given. */
  commit(): string[];
  /** Deletes the staging folder; the old set stays. */
  abandon(): void;
}

/** Options of openOutputSet. */
export interface OutputSetOptions {
  /** Files and folders the command reads: never overwritten, never the output folder. */
  inputs?: readonly OutputInput[];
}

/**
 * Finishes the switch recorded in the commit folder `commitDir` of `outDir` (step 3 above).
 * Idempotent: run again after a kill, it does what is left.
 */
function finishCommit(outDir: string, commitDir: string): void {
  const next = readSetManifest(join(commitDir, SET_MANIFEST));
  if (next !== null) {
    const previous = readSetManifest(join(outDir, SET_MANIFEST));
    const listed = new Set(previous?.files.map((f) => f.path) ?? []);
    for (const file of next.files) {
      const source = join(commitDir, file.path);
      if (entryKind(source) !== 'file') continue; // moved before the kill
      assertReplaceable(outDir, file.path, listed);
      mkdirSync(dirname(join(outDir, file.path)), { recursive: true });
      renameSync(source, join(outDir, file.path));
    }
    // Power loss: the renamed entries reach the disk before the manifest that lists them.
    for (const folder of new Set(next.files.map((f) => dirname(join(outDir, f.path))))) {
      fsyncPath(folder, true);
    }
    const kept = new Set(next.files.map((f) => f.path));
    for (const file of previous?.files ?? []) {
      if (kept.has(file.path)) continue;
      const path = join(outDir, file.path);
      if (entryKind(path) === 'file') rmSync(path);
      removeEmptyParents(outDir, dirname(path));
    }
    fsyncPath(outDir, true);
    renameSync(join(commitDir, SET_MANIFEST), join(outDir, SET_MANIFEST));
  }
  fsyncPath(outDir, true);
  rmSync(commitDir, { recursive: true, force: true });
}

/** Removes `folder` and its parents below `outDir` while they are empty. */
function removeEmptyParents(outDir: string, folder: string): void {
  for (let at = folder; at.startsWith(`${outDir}${sep}`); at = dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return; // not empty (the user's files stay), or gone
    }
  }
}

/**
 * Brings `outDir` back to one complete set after an interrupted command: a commit folder is
 * finished (the new set), a staging folder deleted (the old set stays). Folders of a process
 * still running (its pid is in the name) are its own business and left alone.
 */
export function recoverOutputs(outDir: string): void {
  withOutputLock(outDir, () => recoverLocked(outDir));
}

function recoverLocked(outDir: string): void {
  for (const name of readdirSync(outDir).sort()) {
    const path = join(outDir, name);
    const interrupted = entryKind(path) === 'folder' && !pidAlive(ownerPid(name));
    if (interrupted && name.startsWith(COMMIT_PREFIX)) finishCommit(outDir, path);
    else if (interrupted && name.startsWith(STAGING_PREFIX)) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

/** The output folder, created when missing; a file or special file there is an InputError. */
function outputFolder(out: string): string {
  const path = resolve(out);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
  }
  const real = realpathSync(path);
  if (entryKind(real) !== 'folder') {
    throw new InputError(
      { file: path },
      'is a file, expected the output folder (--out)',
      'give a folder: iodose writes several files into it',
    );
  }
  return real;
}

/** Opens `out` for a new set: finishes any interrupted one first, then stages the new files. */
export function openOutputSet(out: string, options: OutputSetOptions = {}): OutputSet {
  const inputs = [...(options.inputs ?? [])];
  const outDir = outputFolder(out);
  assertNotInputs(outDir, [], inputs);
  recoverOutputs(outDir);
  const runId = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const staging = join(outDir, `${STAGING_PREFIX}${runId}`);
  mkdirSync(staging);
  const names: string[] = [];
  const folded = new Set<string>();
  return {
    outDir,
    file(relative) {
      if (!RELATIVE.test(relative)) throw new Error(`output name ${relative} is not a safe path`);
      const key = relative.toLowerCase();
      if (folded.has(key)) throw new Error(`output ${relative} written twice in one set`);
      folded.add(key);
      names.push(relative);
      mkdirSync(dirname(join(staging, relative)), { recursive: true });
      return join(staging, relative);
    },
    protect(more) {
      assertNotInputs(outDir, [], more);
      inputs.push(...more);
    },
    drop(relative) {
      const index = names.indexOf(relative);
      if (index >= 0) names.splice(index, 1);
      folded.delete(relative.toLowerCase());
      rmSync(join(staging, relative), { force: true });
    },
    commit() {
      const files = names.map((path) => {
        const staged = join(staging, path);
        if (entryKind(staged) !== 'file') throw new Error(`output ${path} was not written`);
        fsyncPath(staged);
        return { path, ...hashFile(staged) };
      });
      for (const folder of new Set(names.map((path) => dirname(join(staging, path))))) {
        fsyncPath(folder, true);
      }
      withOutputLock(outDir, () => {
        recoverLocked(outDir); // a set interrupted meanwhile comes first
        const previous = readSetManifest(join(outDir, SET_MANIFEST));
        const listed = new Set(previous?.files.map((f) => f.path) ?? []);
        // Everything that could refuse the switch is checked before the commit point.
        const removed = [...listed].filter((path) => !names.includes(path));
        const touched = [...names, ...removed, SET_MANIFEST].map((path) => join(outDir, path));
        assertNotInputs(outDir, touched, inputs);
        for (const file of files) assertReplaceable(outDir, file.path, listed);
        assertUnchangedSinceWritten(outDir, [...names, ...removed], previous?.files ?? []);
        const manifest: SetManifest = {
          iodoseOutputs: 1,
          runId,
          createdAt: new Date().toISOString(),
          files,
        };
        writeFileAtomic(join(staging, SET_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        fsyncPath(staging, true);
        const commitDir = join(outDir, `${COMMIT_PREFIX}${runId}`);
        renameSync(staging, commitDir); // the commit point
        fsyncPath(outDir, true);
        finishCommit(outDir, commitDir);
      });
      return names.map((path) => join(outDir, path));
    },
    abandon() {
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

/** Runs `stage` on a new set of `out` and commits it; the staging folder is removed on error. */
export async function writeOutputSet<T>(
  out: string,
  options: OutputSetOptions,
  stage: (set: OutputSet) => Promise<T> | T,
): Promise<{ value: T; files: string[] }> {
  const set = openOutputSet(out, options);
  try {
    const value = await stage(set);
    return { value, files: set.commit() };
  } catch (error) {
    set.abandon();
    throw error;
  }
}
