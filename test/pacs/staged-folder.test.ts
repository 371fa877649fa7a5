// The staged pull folder: files appear in --out only at commit; abandon leaves nothing; a staging
// folder left by a killed pull (a process id that no longer runs) is removed by the next pull.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stagedFolder } from '../../src/io/pacs/staged-folder.ts';
import { tempDir } from '../helpers/temp.ts';

describe('stagedFolder', () => {
  it('shows the files in --out only after commit, and abandon leaves the parent as it was', () => {
    const dir = tempDir('iodose-staged-');
    const out = join(dir, 'out');
    const sink = stagedFolder(out);
    sink.put({ path: 'ct-1-abc/1.2.3.dcm', bytes: new Uint8Array([1, 2]) });
    sink.put({ path: 'series.json', text: '{}' });
    expect(existsSync(out)).toBe(false);
    expect(sink.commit()).toBe(out);
    expect(readdirSync(out).sort()).toEqual(['ct-1-abc', 'series.json']);
    expect(readFileSync(join(out, 'ct-1-abc', '1.2.3.dcm'))).toEqual(Buffer.from([1, 2]));
    expect(readdirSync(dir)).toEqual(['out']);
    const other = stagedFolder(join(dir, 'other'));
    other.put({ path: 'a.dcm', bytes: new Uint8Array([1]) });
    other.abandon();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(() => other.put({ path: '../escape', text: '' })).toThrow(/bad artefact path/);
  });

  it('removes the staging folder of a pull whose process is gone, not of a live one', () => {
    const dir = tempDir('iodose-staged-');
    // A process id that has ended: a child that exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 0;
    const stale = join(dir, `.out.iodose-pull-${dead}-abcdef`);
    const live = join(dir, `.out.iodose-pull-${process.pid}-123456`);
    for (const folder of [stale, live]) {
      mkdirSync(folder);
      writeFileSync(join(folder, 'x.dcm'), 'x');
    }
    const sink = stagedFolder(join(dir, 'out'));
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    sink.abandon();
  });
});
