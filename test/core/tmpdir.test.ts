// The global setup (test/global-tmp.ts) gives each run its own TMPDIR, removed at the end.
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('test temporary folders', () => {
  it('live in a per-run folder that the global teardown removes', () => {
    expect(basename(tmpdir())).toMatch(/^iodose-vitest-/);
    expect(dirname(tmpdir())).not.toBe(tmpdir());
  });
});
