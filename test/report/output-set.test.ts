// The output set (src/report/output/output-set.ts): a second set replaces the first and removes only the
// files the first set listed; user files, symlinks and inputs are never written; an interrupted
// switch is finished, an interrupted staging deleted, on the next open.
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { openOutputSet, recoverOutputs } from '../../src/report/output/output-set.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iodose-outset-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Writes a set of `files` (name -> text) into `out`. */
function writeSet(out: string, files: Record<string, string>): string[] {
  const set = openOutputSet(out);
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(set.file(name), text);
    return set.commit();
  } catch (error) {
    set.abandon();
    throw error;
  }
}

/** A process id that is not running (beyond Linux's largest pid, 2^22). */
const DEAD_PID = 99_999_999;

describe('output sets', () => {
  it('neither replaces nor removes an output the user edited after iodose wrote it', () => {
    const out = tempDir();
    writeSet(out, { 'results.json': 'A', 'report.html': 'A', 'voi-a.seg.dcm': 'A' });
    writeFileSync(join(out, 'report.html'), 'A, with my review notes');
    expect(() => writeSet(out, { 'results.json': 'B', 'report.html': 'B' })).toThrow(
      /report\.html: was changed after iodose wrote it/,
    );
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('A, with my review notes');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('A'); // the old set stays whole
    writeFileSync(join(out, 'report.html'), 'A');
    writeFileSync(join(out, 'voi-a.seg.dcm'), 'edited');
    expect(() => writeSet(out, { 'results.json': 'B', 'report.html': 'B' })).toThrow(
      /voi-a\.seg\.dcm: was changed after iodose wrote it/,
    );
    expect(readFileSync(join(out, 'voi-a.seg.dcm'), 'utf8')).toBe('edited');
  });

  it('replaces the previous set, removes its stale files, keeps the user files', () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'voi-x.seg.dcm'), 'mine too');
    writeSet(out, { 'results.json': 'A', 'voi-a.seg.dcm': 'A', 'studies/p/t/report.html': 'A' });
    const files = writeSet(out, { 'results.json': 'B', 'report.html': 'B' });
    expect(files).toEqual([join(out, 'results.json'), join(out, 'report.html')]);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('B');
    expect(existsSync(join(out, 'voi-a.seg.dcm'))).toBe(false);
    expect(existsSync(join(out, 'studies'))).toBe(false); // emptied folders go too
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'voi-x.seg.dcm'), 'utf8')).toBe('mine too');
    const manifest = JSON.parse(readFileSync(join(out, '.iodose-outputs.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual([
      'results.json',
      'report.html',
    ]);
    expect(manifest.files[0].sha256).toBe(sha(join(out, 'results.json')));
    expect(readdirSync(out).sort()).toEqual(
      ['.iodose-outputs.json', 'notes.txt', 'report.html', 'results.json', 'voi-x.seg.dcm'].sort(),
    );
  });

  it('never writes through a symlink nor replaces it (report.html -> a user file)', () => {
    const out = tempDir();
    const precious = join(tempDir(), 'precious.html');
    writeFileSync(precious, 'do not touch');
    symlinkSync(precious, join(out, 'report.html'));
    expect(() => writeSet(out, { 'results.json': 'A', 'report.html': 'A' })).toThrow(
      /report\.html: is a symlink/,
    );
    expect(readFileSync(precious, 'utf8')).toBe('do not touch');
    expect(readlinkSync(join(out, 'report.html'))).toBe(precious);
    expect(existsSync(join(out, 'results.json'))).toBe(false); // nothing of the set written
    expect(readdirSync(out)).toEqual(['report.html']); // staging folder removed
  });

  it('refuses a symlinked folder on the way (studies -> elsewhere)', () => {
    const out = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(out, 'studies'));
    expect(() => writeSet(out, { 'studies/p/results.json': 'A' })).toThrow(/studies: is a symlink/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses a file of the same name that iodose did not write', () => {
    const out = tempDir();
    writeFileSync(join(out, 'results.json'), 'user data');
    expect(() => writeSet(out, { 'results.json': 'A' })).toThrow(InputError);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('user data');
  });

  it('accepts --out as a symlink to a folder (resolved once)', () => {
    const real = tempDir();
    const link = join(tempDir(), 'out-link');
    symlinkSync(real, link);
    writeSet(link, { 'results.json': 'A' });
    expect(readFileSync(join(real, 'results.json'), 'utf8')).toBe('A');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('refuses an output that is an input (manifest named results.json), naming both', () => {
    const out = tempDir();
    writeSet(out, { 'results.json': 'A' }); // listed, so replaceable, but it is an input now
    const set = openOutputSet(out, {
      inputs: [{ path: join(out, 'results.json'), what: 'the study manifest' }],
    });
    writeFileSync(set.file('results.json'), 'B');
    expect(() => set.commit()).toThrow(
      new RegExp(`results.json: is the study manifest ${join(out, 'results.json')}`),
    );
    set.abandon();
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('A');
  });

  it('refuses an input folder (a DICOM series) as the output folder or its parent', () => {
    const dicom = tempDir();
    const input = [{ path: dicom, what: 'the PET folder of scan s1' }];
    expect(() => openOutputSet(dicom, { inputs: input })).toThrow(/is the PET folder of scan s1/);
    expect(() => openOutputSet(join(dicom, 'out'), { inputs: input })).toThrow(/inside the PET/);
  });

  it('finishes a switch killed after its commit point, on the next open', () => {
    const out = tempDir();
    writeFileSync(join(out, 'mine.txt'), 'mine');
    writeSet(out, { 'results.json': 'A', 'report.html': 'A', 'voi-old.seg.dcm': 'A' });
    // The state a kill leaves between two renames of step 3: results.json already moved.
    const set = openOutputSet(out);
    for (const name of ['results.json', 'report.html', 'voi-new.seg.dcm']) {
      writeFileSync(set.file(name), 'B');
    }
    const staging = readdirSync(out).find((n) => n.startsWith('.iodose-staging-')) ?? '';
    const commitDir = join(out, `.iodose-commit-${DEAD_PID}-cafe`);
    const manifest = {
      iodoseOutputs: 1,
      runId: `${DEAD_PID}-cafe`,
      createdAt: '2025-01-01T00:00:00Z',
      files: ['results.json', 'report.html', 'voi-new.seg.dcm'].map((path) => ({
        path,
        sha256: sha(join(out, staging, path)),
        bytes: 1,
      })),
    };
    writeFileSync(join(out, staging, '.iodose-outputs.json'), JSON.stringify(manifest));
    renameSync(join(out, staging), commitDir);
    renameSync(join(commitDir, 'results.json'), join(out, 'results.json'));
    recoverOutputs(out);
    for (const name of ['results.json', 'report.html', 'voi-new.seg.dcm']) {
      expect(readFileSync(join(out, name), 'utf8')).toBe('B');
    }
    expect(existsSync(join(out, 'voi-old.seg.dcm'))).toBe(false);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('mine');
    expect(JSON.parse(readFileSync(join(out, '.iodose-outputs.json'), 'utf8')).runId).toBe(
      manifest.runId,
    );
    expect(readdirSync(out).filter((n) => n.startsWith('.iodose-'))).toEqual([
      '.iodose-outputs.json',
    ]);
  });

  it('deletes a staging folder left by a killed process and keeps the old set', () => {
    const out = tempDir();
    writeSet(out, { 'results.json': 'A' });
    const staging = join(out, `.iodose-staging-${DEAD_PID}-beef`);
    mkdirSync(staging);
    writeFileSync(join(staging, 'results.json'), 'half-written');
    writeSet(out, { 'results.json': 'B' });
    expect(existsSync(staging)).toBe(false);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('B');
  });
});
