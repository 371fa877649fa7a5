// Brings dist/ up to date with src/ for the tests (test/global-build.ts) and the start-up bench
// (bench/startup.ts), which run bin/iodose and must never see JavaScript left over from older
// sources. tsconfig.build.json is incremental (dist/.tsbuildinfo), so with unchanged sources this
// takes ~2 s instead of ~7 s for `npm run build` (which starts from an empty dist/). Outputs of
// deleted or moved sources are removed, so dist/ then holds what a clean build writes.
// The browser UI (dist/web, vite) is rebuilt when a hash of its sources differs from the one
// stamped into dist/web by the last build (~1.5 s; skipped when nothing under web/ changed).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const WEB = join(ROOT, 'web');
const WEB_DIST = join(DIST, 'web');
const WEB_STAMP = join(WEB_DIST, '.sources-sha256');

/** The source a dist/ file was compiled from: dist/a/b.js and dist/a/b.d.ts <- src/a/b.ts. */
function sourceOf(file: string): string {
  return join(ROOT, 'src', relative(DIST, file).replace(/(\.d\.ts|\.js)$/, '.ts'));
}

function removeOrphans(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (path === WEB_DIST) continue; // vite's output, not tsc's
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
  freshWeb();
}

/** Every file under `folder`, sorted, paths relative to ROOT. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

/** SHA-256 over the web/ sources (names and bytes) and the lockfile (the niivue version). */
function webSourcesSha256(): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(WEB), 'package-lock.json']) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** Builds dist/web with vite unless it was built from the web/ sources as they are now. */
export function freshWeb(): void {
  const sha = webSourcesSha256();
  if (existsSync(WEB_STAMP) && readFileSync(WEB_STAMP, 'utf8') === sha) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    execFileSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    const out = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `vite build --config web/vite.config.ts failed:\n${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? String(error)}`,
    );
  }
  writeFileSync(WEB_STAMP, sha);
}
