// Temporary folders for tests, each deleted after the last test of the file that made it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
// Registered on the test file that imports this helper: vitest collects a file's hooks while it
// imports the file's modules, and each test file gets its own copy of this module. So every
// folder that tempDir() made in a file is deleted after that file's last test (a leak would
// fail the run: test/global-tmp.ts counts what is left in TMPDIR).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under TMPDIR, deleted after the last test of the file that asked for it. */
export function tempDir(prefix = 'iodose-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
