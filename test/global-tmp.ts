// Vitest global setup: every test run gets its own temporary folder as TMPDIR (inherited by the
// test workers, the CLI processes they spawn and python's tempfile), removed when the run ends,
// so that no test leaves folders behind in /tmp whatever it forgets to delete.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'iodose-vitest-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
