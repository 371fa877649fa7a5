// Brings dist/ up to date with src/ for the tests (test/global-build.ts) and the start-up bench
// (bench/startup.ts), which run bin/iodose and must never see JavaScript left over from older
// sources. tsconfig.build.json is incremental (dist/.tsbuildinfo), so with unchanged sources this
// takes ~2 s instead of ~7 s for `npm run build` (which starts from an empty dist/). Outputs of
// deleted or moved sources are removed, so dist/ then holds what a clean build writes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

/** The source a dist/ file was compiled from: dist/a/b.js and dist/a/b.d.ts <- src/a/b.ts. */
function sourceOf(file: string): string {
  return join(ROOT, 'src', relative(DIST, file).replace(/(\.d\.ts|\.js)$/, '.ts'));
}

function removeOrphans(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      removeOrphans(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (/(\.d\.ts|\.js)$/.test(entry.name) && !existsSync(sourceOf(path))) {
      rmSync(path);
    }
  }
}

/** Compiles src/ into dist/ (incrementally) and removes outputs whose source is gone. */
export function freshDist(): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    const out = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    throw new Error(`tsc -p tsconfig.build.json failed:\n${out}`);
  }
  removeOrphans(DIST);
}
