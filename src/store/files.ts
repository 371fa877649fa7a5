/**
 * The data folder's files: DICOM instances, recovery files and run folders. Every file is written
 * to a temporary name, fsynced and renamed, and only then does its row commit; so a kill leaves at
 * most a file without a row, which cleanOrphans() removes. Nothing with a row is ever removed.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type Database from 'better-sqlite3';

const UID = /^[0-9.]{1,64}$/;

/** A DICOM UID, checked before it becomes part of a path (digits and dots only: no traversal). */
export function checkUid(uid: unknown, field: string): string {
  if (typeof uid !== 'string' || !UID.test(uid)) {
    throw new InputError(
      { field },
      `expected a DICOM UID (digits and dots, at most 64), got ${JSON.stringify(uid)}`,
    );
  }
  return uid;
}

/** fsync of a folder, so a rename into it survives a crash (ignored where folders cannot be opened). */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms refuse fsync on folders; the rename is still atomic.
  }
}

/** Writes `bytes` to `path` through `.tmp-<uuid>` + fsync + rename (the folder must exist). */
export function writeFileAtomic(dir: string, name: string, bytes: Uint8Array): void {
  const tmp = join(dir, `.tmp-${randomUUID()}`);
  const fd = openSync(tmp, 'wx');
  try {
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
}

/** fsyncs every file below `dir` and the folders themselves (a run folder before its rename). */
export function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else if (entry.isFile()) {
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
  fsyncDir(dir);
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Removes what a killed writer left: temporary files and folders, files and run folders without rows. */
export function cleanOrphans(db: Database.Database, dataDir: string): string[] {
  const removed: string[] = [];
  const remove = (path: string) => {
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  };
  // Work folders of a killed demo import or cohort view (DIR/.tmp-*): never user data.
  for (const entry of entries(dataDir)) {
    if (entry.name.startsWith('.tmp-')) remove(join(dataDir, entry.name));
  }
  const runsDir = join(dataDir, 'runs');
  const hasRun = db.prepare('SELECT 1 FROM runs WHERE uuid = ?').pluck();
  for (const entry of entries(runsDir)) {
    if (entry.name.startsWith('.tmp-') || hasRun.get(entry.name) === undefined) {
      remove(join(runsDir, entry.name));
    }
  }
  const dicomDir = join(dataDir, 'dicom');
  const hasInstance = db.prepare('SELECT 1 FROM instances WHERE path = ?').pluck();
  for (const folder of entries(dicomDir)) {
    const dir = join(dicomDir, folder.name);
    if (!folder.isDirectory()) {
      remove(dir);
      continue;
    }
    let kept = 0;
    for (const file of entries(dir)) {
      const relative = `dicom/${folder.name}/${file.name}`;
      if (file.name.startsWith('.tmp-') || hasInstance.get(relative) === undefined) {
        remove(join(dir, file.name));
      } else kept++;
    }
    if (kept === 0) remove(dir);
  }
  const recoveryDir = join(dataDir, 'recovery');
  const hasRecovery = db.prepare('SELECT 1 FROM recovery WHERE sha256 = ?').pluck();
  for (const file of entries(recoveryDir)) {
    const sha = file.name.replace(/\.json$/, '');
    if (file.name.startsWith('.tmp-') || hasRecovery.get(sha) === undefined) {
      remove(join(recoveryDir, file.name));
    }
  }
  return removed;
}

/** The store's folders (mkdir -p). */
export function makeFolders(dataDir: string): void {
  for (const sub of ['dicom', 'recovery', 'runs'])
    mkdirSync(join(dataDir, sub), { recursive: true });
}
