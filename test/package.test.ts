// iodose as a library (issue 8 item 5, a real package): `npm pack`, installed into an empty
// project on plain Node 20 (no tsx), imports by name with types, and `npx iodose --version`
// answers. Packed once in beforeAll.
//
// Offline install: `npm install <tgz>` would need the registry's package metadata to resolve the
// dependency ranges, and `npm ci` (which filled ~/.npm) caches only the tarballs, keyed by
// integrity. So the consumer gets a package-lock.json pinning the tarball and our own lockfile's
// runtime (non-dev) entries, and `npm ci --offline` installs every package from that cache.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'iodose-pack-'));
const consumer = join(work, 'consumer');
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface PackedFile {
  path: string;
}
interface Packed {
  filename: string;
  size: number;
  files: PackedFile[];
}
interface LockEntry {
  dev?: boolean;
}
interface Manifest {
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
}

let packed: Packed;

/** The consumer's lockfile: the tarball, and the runtime packages as our lockfile pins them. */
function consumerLock(spec: string, pkg: Manifest): unknown {
  const ours = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const runtime = Object.entries(ours.packages).filter(([path, e]) => path !== '' && !e.dev);
  const { version, license, bin, engines, dependencies } = pkg;
  return {
    name: 'consumer',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'consumer', dependencies: { iodose: spec } },
      'node_modules/iodose': { version, resolved: spec, license, bin, engines, dependencies },
      ...Object.fromEntries(runtime),
    },
  };
}

beforeAll(() => {
  // --ignore-scripts: no `prepare` rebuild here, as that would empty dist/ under the other test
  // files' feet; test/global-build.ts has just brought dist/ up to date with src/.
  const json = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--silent', '--pack-destination', work],
    { cwd: ROOT, encoding: 'utf8' },
  );
  packed = (JSON.parse(json) as Packed[])[0] as Packed;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const spec = `file:../${packed.filename}`;
  mkdirSync(consumer);
  const manifest = {
    name: 'consumer',
    private: true,
    type: 'module',
    dependencies: { iodose: spec },
  };
  writeFileSync(join(consumer, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(consumerLock(spec, pkg)));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--silent'], {
    cwd: consumer,
    stdio: 'pipe',
  });
}, 180_000);

describe('npm pack', () => {
  it('holds the compiled JavaScript, bin, data and demo cohort, not the sources or tests', () => {
    const paths = packed.files.map((f) => f.path);
    for (const needed of [
      'bin/iodose',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/web/index.html',
      'data/icrp107/I-131.json',
      'data/s-values/I-131-spheres-rho1.04.json',
      'examples/demo-cohort/cohort.yaml',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(paths).toContain(needed);
    }
    expect(paths.filter((p) => /^(src|test|bench|scripts)\/|tsbuildinfo/.test(p))).toEqual([]);
  });
});

describe('the package installed into an empty project', () => {
  it('import { ... } from "iodose" runs the demo study on plain Node and gives the decision', () => {
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
    // ICRP-107: 8.0207 d x 24 = 192.4968 h, read from the packed data file.
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
      artefacts: ['results.json', 'report.html', 'report.sr.dcm'],
      stages: ['load', 'compute', 'report', 'dicom', 'output'],
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
        // A deliberate misuse, so the check fails if the types resolved to `any`.
        '// @ts-expect-error runStudy takes a manifest, not a number',
        'runStudy(42, { manifestPath: null, inputsSha256: "x", createdAt: "x" });',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext'];
    // Throws (test fails) with tsc's diagnostics if 'iodose' or its types do not resolve.
    const out = execFileSync(process.execPath, [tsc, ...args, '--skipLibCheck', 'typed.ts'], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(out).toBe('');
  });

  it('npx iodose --version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
    const out = execFileSync('npx', ['--offline', 'iodose', '--version'], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(pkg.version);
  });
});

describe('the licence', () => {
  it('LICENSE is the MIT licence package.json names, copyright the iodose authors', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toContain('Copyright (c) 2026 The iodose authors');
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});
