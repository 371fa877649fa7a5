/**
 * The faulting-in of a fresh volume by a worker (prefault.ts) never changes a value: memory
 * written by the decoder while the worker touches it, from both ends, holds exactly what was
 * written, and the rest stays zero (a fresh volume's value).
 */
import { describe, expect, it } from 'vitest';
import { FaultedMemory, warmPrefault } from '../../../src/io/dicom/read/prefault.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FaultedMemory', () => {
  it('is zeroed and keeps every value written while the worker runs', async () => {
    warmPrefault();
    await sleep(200); // the worker booted, so that it does run concurrently below
    const bytes = 32 * 1024 * 1024;
    const buffer = new SharedArrayBuffer(bytes);
    const memory = new FaultedMemory(buffer);
    const data = new Int16Array(buffer);
    // The decoder fills the first 3/4 in order, a slice at a time, reporting its progress;
    // every other value of the last quarter is written too (behind the worker's back).
    const slice = 512 * 512;
    const filled = Math.floor((data.length * 3) / 4 / slice) * slice;
    for (let at = 0; at < filled; at += slice) {
      memory.reached(2 * at);
      for (let n = at; n < at + slice; n++) data[n] = (n % 2001) - 1000 || 7;
    }
    for (let n = filled; n < data.length; n += 2) data[n] = -((n % 977) + 1);
    await sleep(100); // let the worker finish whatever it was touching
    memory.done();
    let wrong = 0;
    for (let n = 0; n < data.length; n++) {
      const want = n < filled ? (n % 2001) - 1000 || 7 : n % 2 === 0 ? -((n % 977) + 1) : 0;
      if (data[n] !== want) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('leaves memory that is not shared, or small, alone', () => {
    for (const buffer of [new ArrayBuffer(8 << 20), new SharedArrayBuffer(1024)]) {
      const memory = new FaultedMemory(buffer);
      memory.reached(512);
      memory.done();
      expect(new Uint8Array(buffer).every((v) => v === 0)).toBe(true);
    }
  });
});
