// iodose as a library (issue "The house for the next stage", item: a real package): another
// project imports it by name on plain Node 20, without tsx, from the JavaScript and declarations
// that `npm run build` (run by `npm ci` through `prepare`) writes into dist/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const consumer = mkdtempSync(join(tmpdir(), 'iodose-consumer-'));
afterAll(() => rmSync(consumer, { recursive: true, force: true }));

beforeAll(() => {
  // Build from the sources as they are now, so the test never checks a stale dist/.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(ROOT, join(consumer, 'node_modules', 'iodose'), 'dir');
  writeFileSync(join(consumer, 'package.json'), '{ "type": "module", "private": true }\n');
}, 180_000);

describe('import("iodose") from another project', () => {
  it('runs the demo study on plain Node and gives the decision', () => {
    const script = [
      "import { runStudy, demoManifest, I131 } from 'iodose';",
      'const r = runStudy(demoManifest(), { manifestPath: null, inputsSha256: "x", createdAt: "2024-01-01T00:00:00Z" });',
      'console.log(JSON.stringify({ decision: r.therapy.decision, lesions: r.lesions.length, halfLifeH: I131.halfLifeH }));',
    ].join('\n');
    writeFileSync(join(consumer, 'use.mjs'), script);
    // No --import tsx: the package must stand on its compiled JavaScript.
    const out = execFileSync(process.execPath, ['use.mjs'], { cwd: consumer, encoding: 'utf8' });
    const parsed = JSON.parse(out) as { decision: string; lesions: number; halfLifeH: number };
    expect(parsed.decision).toBe('eligible');
    expect(parsed.lesions).toBe(3);
    // ICRP-107: 8.0207 d = 192.4968 h, read from the data file through the compiled module.
    expect(parsed.halfLifeH).toBeCloseTo(192.497, 2);
  });

  it('runs the study use case from the package into a memory sink, with its stages', () => {
    const script = [
      "import { computeStudy, memorySink, demoManifest } from 'iodose';",
      'const sink = memorySink();',
      'const stages = [];',
      "const run = await computeStudy({ manifest: demoManifest(), baseDir: '.' }, { sink, onProgress: (p) => stages.push(p.stage) });",
      'console.log(JSON.stringify({ decision: run.results.therapy.decision, artefacts: sink.artefacts.map((a) => a.path), stages: [...new Set(stages)] }));',
    ].join('\n');
    writeFileSync(join(consumer, 'use-case.mjs'), script);
    const out = execFileSync(process.execPath, ['use-case.mjs'], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      decision: 'eligible',
      artefacts: ['results.json', 'report.html'],
      stages: ['load', 'compute', 'report', 'output'],
    });
  });

  it('ships type declarations that a TypeScript consumer resolves through exports', () => {
    writeFileSync(
      join(consumer, 'typed.ts'),
      [
        "import { runStudy, computeStudy, type StudyResults, type StudyRun } from 'iodose';",
        'export const run: typeof runStudy = runStudy;',
        'export const useCase: typeof computeStudy = computeStudy;',
        'export const resultsOf = (r: StudyRun): StudyResults => r.results;',
        'export const decision = (r: StudyResults): string => r.therapy.decision;',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext'];
    // Throws (test fails) with tsc's diagnostics if 'iodose' or its types do not resolve.
    execFileSync(process.execPath, [tsc, ...args, '--skipLibCheck', 'typed.ts'], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(readFileSync(join(ROOT, 'dist', 'index.d.ts'), 'utf8')).toContain('runStudy');
  });
});
