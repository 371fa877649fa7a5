/**
 * A fresh volume's memory faulted in by a second thread while the first decodes into it. The
 * first write to each 4 kB page of new memory costs a page fault (the kernel maps and zeroes
 * it): about 0.6 ms a MB here, 30 ms for a 200 x 200 x 300 Float32 PET and 100 ms for a 512 x
 * 512 x 300 Int16 CT, more than reading the files' bytes (bench/load.ts). Faults on different
 * pages run in parallel on two cores, so a worker thread touches the pages from the end of the
 * volume backwards while the decoder fills it from the start (slices in order), until the two
 * meet.
 *
 * The worker never changes a value: it touches a page with an atomic compare-exchange of 0 for
 * 0 (a write access, so the page is faulted in as writable), which leaves a value the decoder
 * wrote as it was, whichever comes first. So neither thread waits for the other, and a slow or
 * dead worker only costs the decoder its own faults. Hand-written (one small eval'd worker,
 * like hash-ring.ts): no library does this.
 */
import { Worker } from 'node:worker_threads';

/** Smallest volume worth a worker's help, bytes (our choice: below it the faults take < 2 ms). */
const MIN_BYTES = 4 * 1024 * 1024;

// control[0]: the decoder's progress, in 32-bit words from the start (the pages below are its
// own); control[1]: 1 once the decoder is done. Checked every 16 pages. The worker would hold
// on to the volume's memory until its own heap is collected, and a worker that allocates
// nothing is not: so after each volume it allocates a few MB of short-lived arrays, which runs
// its young-generation collector (1 MB, resourceLimits below) and lets the memory go.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const release = () => {
  let junk = [];
  for (let n = 0; n < 100000; n++) {
    junk.push([n]);
    if (junk.length > 1000) junk = [];
  }
};
parentPort.on('message', ({ memory, control }) => {
  const words = new Int32Array(memory);
  const state = new Int32Array(control);
  let i = words.length - 1;
  for (let n = 0; i >= 0; i -= 1024, n++) {
    if ((n & 15) === 0 && (Atomics.load(state, 1) !== 0 || i < Atomics.load(state, 0))) break;
    Atomics.compareExchange(words, i, 0, 0);
  }
  setImmediate(release);
});`;

let shared: Worker | null | undefined;
function worker(): Worker | null {
  if (shared === undefined) {
    try {
      shared = new Worker(WORKER_SOURCE, {
        eval: true,
        resourceLimits: { maxYoungGenerationSizeMb: 1 },
      });
      shared.unref(); // never keeps the process alive
      shared.on('exit', () => (shared = null));
      shared.on('error', () => (shared = null));
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** Start the worker ahead of its first use (it takes some tens of ms to boot). */
export function warmPrefault(): void {
  worker();
}

/** The decoder's side of faulting in a fresh volume's memory. */
export class FaultedMemory {
  private readonly control: Int32Array | null;

  /** `memory`: fresh, zeroed; shared and large enough for the worker's help (else none). */
  constructor(memory: ArrayBuffer | SharedArrayBuffer) {
    const shared = memory instanceof SharedArrayBuffer;
    const helper = shared && memory.byteLength >= MIN_BYTES ? worker() : null;
    if (helper === null) {
      this.control = null;
      return;
    }
    const control = new SharedArrayBuffer(8);
    this.control = new Int32Array(control);
    helper.postMessage({ memory, control });
  }

  /** The decoder has written everything below byte `offset` (it goes on upwards). */
  reached(offset: number): void {
    if (this.control !== null) Atomics.store(this.control, 0, Math.floor(offset / 4));
  }

  /** The decoder is done: the worker stops. */
  done(): void {
    if (this.control !== null) Atomics.store(this.control, 1, 1);
  }
}
