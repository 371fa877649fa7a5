// Inputs found by the CLI fuzz harness (scripts/fuzz-cli.ts) that crashed, hung or were met by a
// vague line: each is now refused with exit 2 and one line naming the file and the field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoManifest } from '../../src/study/demo-patient.ts';
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
