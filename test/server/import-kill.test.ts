// A store killed with SIGKILL in the middle of an import loses nothing committed and keeps
// nothing of the killed import. A child process (node --import tsx) imports one series
// (committed), then a 600-file series file by file - by the store function directly, or as the
// server's import job started over HTTP; the test kills it once some of those files exist and
// reopens the store: the first series is intact (rows, files, audit), the second has no row and,
// after openStore's cleanOrphans, no file; the database passes its integrity check.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instanceHeader } from '../../src/app/import-dicom.ts';
import { closeStore, listAudit, openStore, seriesFiles } from '../../src/store/index.ts';
import { writeSeries } from '../fixtures/dicom/make-series.ts';
import { tempDir } from '../helpers/temp.ts';
import { count, CT_UID, ctSpec, PT_UID, ptSpec } from '../store/import-fixtures.ts';

const CHILD = join(import.meta.dirname, 'import-kill-child.ts');
const BIG_UID = '1.2.826.0.1.3680043.9.7433.20.9';

const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function folders(): { first: string; second: string } {
  const first = tempDir('iodose-kill-first-');
  writeSeries(join(first, 'pet'), ptSpec());
  writeSeries(join(first, 'ct'), ctSpec());
  const second = tempDir('iodose-kill-second-');
  writeSeries(second, {
    ...ctSpec(),
    seriesInstanceUid: BIG_UID,
    columns: 64,
    rows: 64,
    slices: 600,
    position: (k) => [0, 0, k],
  });
  return { first, second };
}

async function killMidImport(mode: 'store' | 'server'): Promise<string> {
  const data = tempDir('iodose-kill-data-');
  const { first, second } = folders();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, data, first, second], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // tsx keeps a cache in TMPDIR: the child's own, deleted with the test's folders.
    env: { ...process.env, TMPDIR: tempDir('iodose-kill-tmp-') },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const deadline = Date.now() + 60_000;
  const waitFor = async (done: () => boolean, what: string) => {
    while (!done()) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`the child did not get to ${what}: ${out} ${err}`);
      }
      await sleep(10);
    }
  };
  if (mode === 'server') {
    await waitFor(() => /port \d+\n/.test(out), 'listening');
    const port = /port (\d+)\n/.exec(out)?.[1] ?? '';
    const tid = /committed (\d+)\n/.exec(out)?.[1] ?? '';
    const answer = await fetch(`http://127.0.0.1:${port}/api/timepoints/${tid}/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ folder: second }),
    });
    expect(answer.status).toBe(200);
  }
  const bigDir = join(data, 'dicom', BIG_UID);
  // Killed once the second import has written a few of its files.
  await waitFor(
    () => filesIn(bigDir).filter((f) => f.endsWith('.dcm')).length >= 20,
    'the second import',
  );
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(out).toContain('committed');
  expect(out).not.toContain('second committed');
  const leftBehind = filesIn(bigDir).length;
  expect(leftBehind).toBeGreaterThanOrEqual(20);
  expect(leftBehind).toBeLessThan(600);
  return data;
}

function checkReopened(data: string): void {
  const store = openStore(data);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  // Committed: both series, all their instances and files, one audit row.
  expect(count(store, 'SELECT COUNT(*) FROM series')).toBe(2);
  expect(count(store, 'SELECT COUNT(*) FROM instances')).toBe(11);
  for (const [uid, n] of [
    [PT_UID, 5],
    [CT_UID, 6],
  ] as const) {
    const files = seriesFiles(
      store,
      count(store, 'SELECT id FROM series WHERE series_uid = ?', uid),
    );
    expect(files).toHaveLength(n);
    // Each file whole: it parses, and holds the SOP Instance UID its name says.
    for (const file of files) {
      const parsed = instanceHeader(readFileSync(file), file);
      expect('header' in parsed && `${parsed.header.sopInstanceUid}.dcm`).toBe(basename(file));
    }
  }
  expect(listAudit(store, { entity: 'timepoint' })).toHaveLength(1);
  // The killed import: no row, and its files (and temporaries) removed when the store opened.
  expect(count(store, 'SELECT COUNT(*) FROM series WHERE series_uid = ?', BIG_UID)).toBe(0);
  expect(existsSync(join(data, 'dicom', BIG_UID))).toBe(false);
  expect(readdirSync(join(data, 'dicom')).sort()).toEqual([PT_UID, CT_UID].sort());
  closeStore(store);
}

describe('import killed with SIGKILL', () => {
  it('store function: keeps the committed series and nothing of the killed import', async () => {
    checkReopened(await killMidImport('store'));
  }, 90_000);

  it('server import job: keeps the committed series and nothing of the killed import', async () => {
    checkReopened(await killMidImport('server'));
  }, 90_000);
});
