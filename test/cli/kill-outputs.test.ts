// A real kill -9 during `iodose run`'s write phase: afterwards the output folder holds the previous
// complete set or the new complete set (report/output-set.ts), never a mix, and a file the user
// put there is untouched. A kill inside the switch itself leaves a commit folder, which the next
// start finishes (recoverOutputs, as every iodose command does before writing): counted apart.
// Measurement-level manifest (no images), so a run takes seconds; 4 folders run side by side.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { recoverOutputs } from '../../src/report/output/output-set.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { tempDir } from '../helpers/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'iodose');
const LANES = 4;
const TRIALS_PER_LANE = 5;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Seeded uniform [0, 1) (mulberry32), so the kill delays are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Runs iodose into `out`; with `killAfterMs`, kills it (SIGKILL) that long after its staging
 * folder appears. Resolves to the ms from staging to exit (or kill) and whether it was killed.
 */
function runIodose(
  manifest: string,
  out: string,
  killAfterMs: number | null,
): Promise<{ writeMs: number; killed: boolean }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [BIN, 'run', manifest, '--out', out, '--no-pdf'], {
      stdio: 'ignore',
    });
    let stagedAt: number | null = null;
    const watcher = watch(out, (_event, name) => {
      if (stagedAt !== null || !String(name).startsWith('.iodose-staging-')) return;
      stagedAt = performance.now();
      if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('exit', (_code, signal) => {
      watcher.close();
      resolveRun({
        writeMs: stagedAt === null ? 0 : performance.now() - stagedAt,
        killed: signal === 'SIGKILL',
      });
    });
  });
}

/** The set in `out`: its run id, createdAt of results.json, and file hashes; checks it whole. */
function completeSet(out: string): { runId: string; createdAt: string; hashes: string } {
  const manifest = JSON.parse(readFileSync(join(out, '.iodose-outputs.json'), 'utf8')) as {
    runId: string;
    files: { path: string; sha256: string }[];
  };
  expect(manifest.files.map((f) => f.path).sort()).toEqual([
    'report.html',
    'report.sr.dcm',
    'results.json',
  ]);
  for (const file of manifest.files) expect(sha(join(out, file.path))).toBe(file.sha256);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const createdAt = String(results.provenance.createdAt);
  // The report shows the results' creation time (to the minute at least): same run.
  expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
    `${createdAt.slice(0, 10)} ${createdAt.slice(11, 16)}`,
  );
  const names = readdirSync(out).filter((n) => !n.startsWith('.iodose-outputs'));
  expect(names.sort()).toEqual(['mine.txt', 'report.html', 'report.sr.dcm', 'results.json']);
  return { runId: manifest.runId, createdAt, hashes: manifest.files.map((f) => f.sha256).join() };
}

async function lane(seed: number): Promise<{ old: number; new: number; switching: number }> {
  const dir = tempDir('iodose-kill-');
  dirs.push(dir);
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(manifest, stringify(demoManifest()));
  const out = join(dir, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'mine.txt'), 'the user wrote this');
  const mine = statSync(join(out, 'mine.txt'));
  const first = await runIodose(manifest, out, null);
  let previous = completeSet(out);
  const rand = random(seed);
  const counts = { old: 0, new: 0, switching: 0 };
  for (let trial = 0; trial < TRIALS_PER_LANE; trial += 1) {
    // Kill anywhere from the staging folder's appearance to a little after a full write phase.
    await runIodose(manifest, out, rand() * 1.3 * first.writeMs);
    if (readdirSync(out).some((n) => n.startsWith('.iodose-commit-'))) {
      counts.switching += 1; // killed inside the switch: the next start finishes it
      recoverOutputs(out);
    }
    recoverOutputs(out); // what the next start does first: staging leftovers go
    const now = completeSet(out);
    if (now.runId === previous.runId) {
      expect(now.hashes).toBe(previous.hashes);
      counts.old += 1;
    } else {
      expect(now.createdAt > previous.createdAt).toBe(true);
      counts.new += 1;
    }
    const after = statSync(join(out, 'mine.txt'));
    expect([after.ino, after.mtimeMs]).toEqual([mine.ino, mine.mtimeMs]);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('the user wrote this');
    previous = now;
  }
  return counts;
}

describe('iodose run killed with SIGKILL during its write phase', () => {
  it(`leaves the old or the new complete set (${LANES * TRIALS_PER_LANE} trials)`, async () => {
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(7919 * (i + 1))));
    const total = lanes.reduce(
      (sum, c) => ({
        old: sum.old + c.old,
        new: sum.new + c.new,
        switching: sum.switching + c.switching,
      }),
      { old: 0, new: 0, switching: 0 },
    );
    console.info(
      `kill trials: ${LANES * TRIALS_PER_LANE}; old set ${total.old}, new set ${total.new} ` +
        `(of which ${total.switching} killed inside the switch and finished on the next start)`,
    );
    expect(total.old + total.new).toBe(LANES * TRIALS_PER_LANE);
  }, 300_000);
});
