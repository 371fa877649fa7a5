// Inputs found by the CLI fuzz harness (scripts/fuzz-cli.ts) that crashed, hung or were met by a
// vague line: each is now refused with exit 2 and one line naming the file and the field.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'iodose-fuzz-regressions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Writes `text` as a manifest, runs it and returns the one stderr line (exit 2 asserted). */
async function refusedLine(text: string): Promise<{ line: string; path: string }> {
  counter += 1;
  const path = join(dir, `m${counter}.yaml`);
  writeFileSync(path, text);
  const result = await runCli(['run', path, '--out', join(dir, `out${counter}`), '--no-pdf']);
  expect(result.status).toBe(2);
  expect(result.err).toHaveLength(1);
  return { line: result.err[0] ?? '', path };
}

const demoText = (): string => stringify(demoManifest());

describe('YAML that the parser accepts but cannot expand', () => {
  it('an alias bomb is refused by the alias limit, not met by an internal error', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const name of ['b', 'c', 'd', 'e', 'f']) {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const { line, path } = await refusedLine(`${demoText()}${levels.join('\n')}\n`);
    expect(line).toBe(
      `iodose: ${path}: YAML aliases (*name) expand too far (more than 100 uses) (write the values out instead of repeating anchors)`,
    );
  });

  it('an alias without its anchor is named as such', async () => {
    const { line } = await refusedLine(demoText().replace(/patient:\n(  .*\n)+/, 'patient: *p\n'));
    expect(line).toContain('a YAML alias (*name) refers to no anchor (&name) defined before it');
  });
});

describe('empty paths and link loops', () => {
  it('an empty manifest path says so', async () => {
    const result = await runCli(['run', '', '--out', join(dir, 'o-empty'), '--no-pdf']);
    expect(result.status).toBe(2);
    expect(result.err).toEqual([
      'iodose: (empty path): is an empty path; expected a manifest file (give the path of a YAML or JSON manifest)',
    ]);
  });

  it('--out "" is refused, not read as the current folder', async () => {
    const path = join(dir, 'out-empty.yaml');
    writeFileSync(path, demoText());
    const result = await runCli(['run', path, '--out', '', '--no-pdf']);
    expect(result.status).toBe(2);
    expect(result.err).toEqual([
      'iodose: --out: "" is an empty path; expected a folder for results.json and the reports (give a new or existing folder)',
    ]);
  });

  it('an empty PET path in the manifest names the field', async () => {
    const manifest = { ...demoManifest(), scans: [{ id: 'pet24', pet: '' }] };
    const { line } = await refusedLine(stringify(manifest));
    expect(line).toContain('scans[0].pet: expected a folder path, not an empty path, got text ""');
  });

  it('a recovery file that is a symbolic link loop is named as one', async () => {
    const loop = join(dir, 'loop-a');
    symlinkSync(join(dir, 'loop-b'), loop);
    symlinkSync(loop, join(dir, 'loop-b'));
    const { line } = await refusedLine(stringify({ ...demoManifest(), recovery: loop }));
    expect(line).toContain(`recovery: ${loop}: is a symbolic link loop`);
    expect(line).not.toContain('ELOOP');
  });
});

describe('identifiers', () => {
  it('a 100,000-character lesion id is refused in a short line', async () => {
    const manifest = demoManifest();
    const lesion = manifest.lesions[1];
    if (lesion) lesion.id = 'x'.repeat(100_000);
    const { line } = await refusedLine(stringify(manifest));
    expect(line).toContain(
      'lesions[1].id: expected an identifier of at most 64 characters, got text "xxxx',
    );
    expect(line).toContain('... (100000 characters)');
    expect(line.length).toBeLessThan(400);
  });

  it('an id of a tab or with a NUL is refused', async () => {
    const manifest = demoManifest();
    manifest.patient.id = '\t';
    expect((await refusedLine(stringify(manifest))).line).toContain(
      'patient.id: expected an identifier, not only spaces, got text "\\t"',
    );
    manifest.patient.id = 'P\u0000';
    expect((await refusedLine(stringify(manifest))).line).toContain(
      'patient.id: expected an identifier without control characters (tab, newline, NUL)',
    );
  });
});

describe('measured values too small to be measurements', () => {
  it('a whole-body count of 1e-300 is refused with the range (it crashed the fitter)', async () => {
    const manifest = demoManifest();
    const last = manifest.wholeBody.length - 1;
    const count = manifest.wholeBody[last];
    if (count === undefined) throw new Error('demo without whole-body counts');
    manifest.wholeBody[last] = { ...count, netCounts: 1e-300 };
    const { line } = await refusedLine(stringify(manifest));
    expect(line).toContain(
      `wholeBody[${last}].netCounts: expected background-corrected net counts within 0, or 0.001 to 1e15 counts, got 1e-300`,
    );
  });

  it('a blood concentration of 1e-300 Bq/mL is refused with the range', async () => {
    const manifest = demoManifest();
    const sample = manifest.blood[0];
    if (sample === undefined) throw new Error('demo without blood samples');
    manifest.blood[0] = { ...sample, concBqPerMl: 1e-300 };
    const { line } = await refusedLine(stringify(manifest));
    expect(line).toContain('blood[0].concBqPerMl: expected');
    expect(line).toContain('within 0, or 0.001 to 1e10 Bq/mL, got 1e-300');
  });
});
