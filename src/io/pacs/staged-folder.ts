/**
 * The folder `iodose pull` fills: staged in a hidden folder beside --out (same file system, so
 * the final rename is atomic), renamed onto --out only when the pull is complete; abandoned
 * (deleted) on any failure, so --out is never left half-imported. --out must be new or an empty
 * folder: pull never mixes its series with other files. A staging folder left by a killed pull
 * (its name carries the pull's process id) is removed by the next pull into the same --out.
 */
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ArtefactSink } from '../../core/artefact.ts';
import { InputError } from '../../core/errors.ts';

/** A sink staging into a folder beside `out`; commit() renames it onto `out`. */
export interface StagedFolder extends ArtefactSink {
  readonly folder: string;
  /** Moves the staged files to `out`; returns `out`. */
  commit(): string;
  /** Deletes the staging folder; `out` stays as it was. */
  abandon(): void;
}

const RELATIVE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Checks that `out` can take a pull (new, or an empty folder), before the PACS is asked. */
export function checkPullTarget(out: string): string {
  const target = resolve(out);
  let entries: string[] | null = null;
  try {
    const stat = statSync(target);
    entries = stat.isDirectory() ? readdirSync(target) : ['(a file)'];
  } catch {
    entries = null; // does not exist: fine
  }
  if (entries !== null && entries.length > 0) {
    throw new InputError(
      { field: '--out', file: out },
      'already exists and is not an empty folder',
      'give a new folder: pull never writes into a folder that holds files',
    );
  }
  try {
    statSync(dirname(target));
  } catch {
    throw new InputError(
      { field: '--out', file: out },
      'its parent folder does not exist',
      'create it first',
    );
  }
  return target;
}

/** A staged folder for `out` (checked by checkPullTarget). */
export function stagedFolder(out: string): StagedFolder {
  const target = checkPullTarget(out);
  const prefix = `.${basename(target)}.iodose-pull-`;
  removeStale(dirname(target), prefix);
  const staging = join(
    dirname(target),
    `${prefix}${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  mkdirSync(staging);
  return {
    folder: target,
    put(artefact) {
      if (!RELATIVE.test(artefact.path)) throw new Error(`bad artefact path ${artefact.path}`);
      const path = join(staging, artefact.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, 'text' in artefact ? artefact.text : artefact.bytes, { flag: 'wx' });
    },
    commit() {
      checkPullTarget(out);
      try {
        rmdirSync(target); // an empty folder given as --out
      } catch {
        // did not exist
      }
      renameSync(staging, target);
      return target;
    },
    abandon() {
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

/** Deletes staging folders of `prefix` left by pulls whose process is gone (killed). */
function removeStale(parent: string, prefix: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
