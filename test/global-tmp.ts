// Vitest global setup: every test run gets its own temporary folder as TMPDIR (inherited by the
// test workers, the CLI processes they spawn and python's tempfile). Each test deletes what it
// makes (afterAll/afterEach rmSync, or onTestFinished); the teardown checks that: it lists what
// is left in the run's TMPDIR, removes the folder, and fails the run (exit status 1) naming the leftovers, so a
// test that leaks is found at once instead of filling /tmp (issue 8 item 7: one `npm test` once
// left 283 folders, 352 MB).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'iodose-vitest-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    const left = readdirSync(dir).sort();
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // Vitest reports an error thrown at teardown ("error during close") but still exits 0;
      // the exit code makes `npm test` fail.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} entries in their TMPDIR (each test must delete what it makes): ` +
          left.join(', '),
      );
    }
  };
}
