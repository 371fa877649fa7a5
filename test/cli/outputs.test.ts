// `iodose run --out`: the outputs replace the previous set and leave the user's files; an output
// that would overwrite an input, or an --out that is a file, is one line with exit status 2.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

const dirs: string[] = [];
function dir(): string {
  const made = tempDir('iodose-outputs-');
  dirs.push(made);
  return made;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('iodose run --out', () => {
  it('a second run replaces the first set and keeps a file the user put there', async () => {
    const folder = dir();
    const manifest = join(folder, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(demoManifest()));
    const out = join(folder, 'out');
    expect((await runCli(['run', manifest, '--out', out, '--no-pdf'])).status).toBe(0);
    writeFileSync(join(out, 'my-notes.txt'), 'keep me');
    const second = await runCli(['run', manifest, '--out', out, '--no-pdf']);
    expect(second.err).toEqual([]);
    expect(second.status).toBe(0);
    expect(readFileSync(join(out, 'my-notes.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a manifest named results.json in the output folder, naming both paths', async () => {
    const folder = dir();
    const manifest = join(folder, 'results.json');
    const text = JSON.stringify(demoManifest());
    writeFileSync(manifest, text);
    const run = await runCli(['run', manifest, '--out', folder, '--no-pdf']);
    expect(run.status).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(`${manifest}: is the study manifest ${manifest}`);
    expect(readFileSync(manifest, 'utf8')).toBe(text);
  });

  it('refuses an --out that is a file', async () => {
    const folder = dir();
    const manifest = join(folder, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(demoManifest()));
    const run = await runCli(['run', manifest, '--out', manifest, '--no-pdf']);
    expect(run.status).toBe(2);
    expect(run.err[0]).toMatch(
      /manifest\.json is a file; expected a folder for results\.json and the reports/,
    );
  });
});
