// A server killed with SIGKILL in the middle of a run leaves no half-written run: a child process
// (run-kill-child.ts) runs studies through the run route in a loop; each trial waits for a run
// of its own to commit, then kills the child while the next run's tmp folder exists. Reopened,
// the store has every committed run intact (row, folder, files, results.json equal to the
// row's results), no row and no folder of the killed run, and no .tmp-* folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeStore, getRun, openStore, runFilePath } from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

const CHILD = join(import.meta.dirname, 'run-kill-child.ts');
/** Delays after the tmp folder appears (ms): early in the run and later (a run takes ~1 s). */
const KILL_DELAYS_MS = [30, 250, 600];

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Trial {
  committed: number[];
  /** The tmp folder that existed when the child was killed. */
  killedTmp: string | null;
}

/** Starts a child on `dataDir`; after one run of its own commits, kills it `delayMs` into the next. */
function trial(dataDir: string, delayMs: number, tmpDir: string): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // tsx keeps its cache in TMPDIR: one of this test's folders, deleted after it.
      env: { ...process.env, TMPDIR: tmpDir },
    });
    children.push(child);
    const committed: number[] = [];
    let killedTmp: string | null = null;
    let stderr = '';
    const runs = join(dataDir, 'runs');
    let watcher: ReturnType<typeof watch> | null = null;
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const match = /^committed (\d+)$/.exec(line);
        if (match === null) continue;
        committed.push(Number(match[1]));
        if (watcher !== null) continue;
        // A run of this child is committed: kill it during the next one.
        watcher = watch(runs, (_event, name) => {
          const tmp = join(runs, String(name));
          if (killedTmp !== null || !String(name).startsWith('.tmp-') || !existsSync(tmp)) return;
          killedTmp = tmp;
          setTimeout(() => {
            if (!existsSync(tmp)) killedTmp = null; // too late: the run finished first
            child.kill('SIGKILL');
          }, delayMs);
        });
      }
    });
    child.on('exit', (_code, signal) => {
      watcher?.close();
      if (signal !== 'SIGKILL') reject(new Error(`child ended without a kill: ${stderr}`));
      else resolve({ committed, killedTmp });
    });
  });
}

describe('SIGKILL during a run', () => {
  it('leaves the committed runs intact and nothing of the killed run', async () => {
    const dataDir = tempDir('iodose-kill-');
    const tmpDir = tempDir('iodose-kill-tmp-');
    const committed: number[] = [];
    let killedInTmp = 0;
    for (const delay of KILL_DELAYS_MS) {
      const result = await trial(dataDir, delay, tmpDir);
      committed.push(...result.committed);
      // What the kill left, before anything reopens the store.
      const left = readdirSync(join(dataDir, 'runs'));
      if (result.killedTmp !== null) {
        killedInTmp += 1;
        const name = result.killedTmp.split('/').pop() ?? '';
        // (or, when the kill met the rename, the renamed folder without its row yet)
        expect(left.includes(name) || left.includes(name.slice('.tmp-'.length))).toBe(true);
      }
      const store = openStore(dataDir);
      try {
        const rows = store.db.prepare('SELECT id, uuid FROM runs ORDER BY id').all() as {
          id: number;
          uuid: string;
        }[];
        // A kill right after a commit, before the child printed it, would add one complete run.
        expect(rows.length - committed.length).toBeGreaterThanOrEqual(0);
        expect(rows.length - committed.length).toBeLessThanOrEqual(1);
        expect(rows.map((r) => r.id).slice(0, committed.length)).toEqual(committed);
        expect(readdirSync(join(dataDir, 'runs')).sort()).toEqual(rows.map((r) => r.uuid).sort());
        for (const row of rows) {
          const run = getRun(store, row.id);
          expect(run.files).toEqual(['results.json', 'report.html', 'report.sr.dcm']);
          const results = readFileSync(runFilePath(store, row.id, 'results.json'), 'utf8');
          expect(JSON.parse(results)).toEqual(run.results);
          expect(readFileSync(runFilePath(store, row.id, 'report.html'), 'utf8')).toMatch(
            /<\/html>\s*$/,
          );
        }
        if (rows.length > committed.length) committed.push(rows.at(-1)?.id ?? 0);
      } finally {
        closeStore(store);
      }
    }
    // Every trial but a too-late one killed the child while its tmp run folder existed.
    expect(killedInTmp).toBeGreaterThanOrEqual(KILL_DELAYS_MS.length - 1);
    expect(committed.length).toBeGreaterThanOrEqual(KILL_DELAYS_MS.length);
  });
});
