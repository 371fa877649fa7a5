// The layer picture of design/architecture.md (issue 8, item 6), checked by dependency-cruiser
// with .dependency-cruiser.cjs: the real src/ has no violation, and a small planted tree shows
// that each rule fires, type-only imports included (eslint's import-x/no-cycle skips those).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** dependency-cruiser's violations for src/ under `cwd` (JSON output; exit code ignored). */
function violations(cwd: string): Violation[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CRUISE, 'src', '--config', CONFIG, '-T', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const report = JSON.parse(out) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

const planted = mkdtempSync(join(tmpdir(), 'iodose-deps-'));
afterAll(() => rmSync(planted, { recursive: true, force: true }));

function plant(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(planted, path)), { recursive: true });
    writeFileSync(join(planted, path), text);
  }
}

describe('the dependency rules', () => {
  it('hold for src/', () => {
    expect(violations(ROOT)).toEqual([]);
  }, 120_000);

  it('fire on each kind of violation in a planted tree', () => {
    plant({
      'tsconfig.json':
        '{ "compilerOptions": { "allowImportingTsExtensions": true, "noEmit": true } }',
      // a type-only cycle
      'src/kinetics/a.ts': "import type { B } from './b.ts';\nexport type A = B | 1;\n",
      'src/kinetics/b.ts': "import type { A } from './a.ts';\nexport type B = A | 2;\n",
      // an upward arrow: imaging imports dosimetry
      'src/imaging/up.ts': "import { d } from '../dosimetry/d.ts';\nexport const u = d;\n",
      'src/dosimetry/d.ts': 'export const d = 1;\n',
      // file I/O in a domain layer
      'src/physics/reads.ts':
        "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      // the CLI importing the server
      'src/cli/c.ts': "import { s } from '../server/s.ts';\nexport const c = s;\n",
      'src/server/s.ts': 'export const s = 1;\n',
      // a domain layer importing the demo data
      'src/study/uses-demo.ts': "import { p } from '../demo/p.ts';\nexport const x = p;\n",
      'src/demo/p.ts': 'export const p = 1;\n',
    });
    const found = violations(planted).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'no-circular: src/kinetics/a.ts -> src/kinetics/b.ts',
        'layer-imaging: src/imaging/up.ts -> src/dosimetry/d.ts',
        'io-only-in-adapters: src/physics/reads.ts -> fs',
        'cli-not-server: src/cli/c.ts -> src/server/s.ts',
        'demo-is-a-leaf: src/study/uses-demo.ts -> src/demo/p.ts',
      ]),
    );
  }, 120_000);
});
