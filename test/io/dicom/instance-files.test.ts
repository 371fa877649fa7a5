/**
 * The asynchronous file reads of the series reader (instance-files.ts): a whole file, its first
 * part, and a file read again at its known length, which shows a file that grew or shrank since
 * (the decoder then refuses it as changed), and errors that name the path.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { readFileAsync, readKnownAsync } from '../../../src/io/dicom/read/instance-files.ts';
import { tempDir } from '../../helpers/temp.ts';

const root = tempDir('iodose-instance-files-');
const content = Buffer.from(Array.from({ length: 70000 }, (_, n) => (n * 31) % 251));
const file = join(root, 'a.bin');
writeFileSync(file, content);

describe('readFileAsync and readKnownAsync', () => {
  it('reads a whole file, or its first bytes, with its length', async () => {
    const whole = await readFileAsync(file);
    expect(Buffer.from(whole.bytes).equals(content)).toBe(true);
    expect(whole.fileLength).toBe(content.length);
    const first = await readFileAsync(file, 1000, Buffer.alloc(4096));
    expect(Buffer.from(first.bytes).equals(content.subarray(0, 1000))).toBe(true);
    expect(first.fileLength).toBe(content.length);
  });

  it('reads a file at its known length, and shows one that grew or shrank', async () => {
    const same = await readKnownAsync(file, content.length, Buffer.alloc(100));
    expect(same.fileLength).toBe(content.length);
    expect(Buffer.from(same.bytes).equals(content)).toBe(true);
    expect((await readKnownAsync(file, content.length - 10)).fileLength).toBe(content.length - 9);
    expect((await readKnownAsync(file, content.length + 10)).fileLength).toBe(content.length);
  });

  it('names the path of what cannot be read', async () => {
    const folder = join(root, 'folder');
    mkdirSync(folder);
    for (const read of [
      () => readKnownAsync(join(root, 'missing'), 10),
      () => readKnownAsync(folder, 10),
      () => readFileAsync(folder),
    ]) {
      const error = await read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(String((error as Error).message)).toContain(root);
    }
  });
});
