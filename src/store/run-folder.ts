/**
 * A run's folder: the artefacts of a run are written into DIR/runs/.tmp-<uuid>/ (a sink the use
 * case writes into), fsynced and renamed to DIR/runs/<uuid>/ by insertRun just before its row
 * commits. A failed or cancelled run's tmp folder is removed (abandonRun); one a killed server
 * left is removed at the next open (files.ts cleanOrphans). Run folders are flat: one file per
 * artefact, plain names only (checked before a name becomes a path).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { artefactBytes, type ArtefactSink } from '../core/artefact.ts';
import { InputError } from '../core/errors.ts';
import type { Store } from './open.ts';

/** A run file name: letters, digits and ._~- (not starting with "."); no folders, no "..". */
const FILE_NAME = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$/;

/** A run folder's uuid (randomUUID's form), checked before it becomes a path. */
export const RUN_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const TMP_PREFIX = '.tmp-';

/** True when `name` is a plain run file name (what runFilePath and the sink accept). */
export function isRunFileName(name: string): boolean {
  return FILE_NAME.test(name) && !name.includes('..');
}

/** A sink writing each artefact as one file of `folder`; `files` lists the names in order. */
export interface RunFolderSink extends ArtefactSink {
  readonly folder: string;
  readonly files: string[];
}

/** The sink of a run folder: each artefact one new file (insertRun fsyncs and renames). */
export function runFolderSink(folder: string): RunFolderSink {
  const files: string[] = [];
  return {
    folder,
    files,
    put(artefact) {
      if (!isRunFileName(artefact.path) || files.includes(artefact.path)) {
        throw new Error(`run artefact ${JSON.stringify(artefact.path)}: not a new plain file name`);
      }
      // fsynced with the whole folder by insertRun (fsyncTree) before the rename.
      writeFileSync(join(folder, artefact.path), artefactBytes(artefact), { flag: 'wx' });
      files.push(artefact.path);
    },
  };
}

/** A fresh, empty DIR/runs/.tmp-<uuid>/ and the sink that writes into it. */
export function beginRunFolder(store: Store): {
  uuid: string;
  folder: string;
  sink: RunFolderSink;
} {
  const uuid = randomUUID();
  const runs = join(store.dataDir, 'runs');
  mkdirSync(runs, { recursive: true });
  const folder = join(runs, `${TMP_PREFIX}${uuid}`);
  mkdirSync(folder);
  return { uuid, folder, sink: runFolderSink(folder) };
}

/** The uuid of a tmp run folder of `store`, or an Error (never a path elsewhere). */
export function tmpFolderUuid(store: Store, folder: string): string {
  const path = resolve(folder);
  const name = basename(path);
  const uuid = name.slice(TMP_PREFIX.length);
  if (
    dirname(path) !== join(store.dataDir, 'runs') ||
    !name.startsWith(TMP_PREFIX) ||
    !RUN_UUID.test(uuid)
  ) {
    throw new Error(`${folder} is not a tmp run folder of the store ${store.dataDir}`);
  }
  return uuid;
}

/** Removes the tmp folder of a failed or cancelled run (nothing of it is kept). */
export function abandonRun(store: Store, folder: string): void {
  tmpFolderUuid(store, folder);
  rmSync(folder, { recursive: true, force: true });
}

/** The folder of a committed run. */
export function runFolder(store: Store, uuid: string): string {
  if (!RUN_UUID.test(uuid)) throw new Error(`run uuid ${JSON.stringify(uuid)} is not a uuid`);
  return join(store.dataDir, 'runs', uuid);
}

/** A name given for a run file, refused unless plain (400 naming the field `name`). */
export function checkRunFileName(name: string, files: readonly string[]): string {
  if (!isRunFileName(name)) {
    throw new InputError(
      { field: 'name' },
      `expected the name of one of the run's files (${files.join(', ')}), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}
