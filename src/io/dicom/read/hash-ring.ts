/**
 * SHA-256 of each file of a series, off the main thread: the files are read into a few shared
 * buffers (SharedArrayBuffer slots) that a worker thread hashes while the main thread decodes
 * the same bytes; a slot is read into again only once its hash is back. Exact per-file
 * SHA-256 (node:crypto in the worker) for the results' provenance, without its ~1 ms per
 * 0.5 MB file on the critical path. Sync and async callers alike: the state of each slot is an
 * Int32 that the worker sets and notifies (Atomics), so no message has to be received. Waits
 * are synchronous (Atomics.wait, at most one file's hashing): an Atomics.waitAsync would not
 * keep the event loop alive, and the worker is unref'd, so a process could exit mid-read.
 *
 * Hand-written rather than a worker-pool library: one persistent worker and one message type,
 * about the size of the glue a pool would need. When no worker can be started, hashing falls
 * back to the main thread (same digests).
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

const FREE = 0;
const BUSY = 1;
const HEX = 64;
/** How long a wait for the worker lasts before the slot is hashed on the main thread, ms (our choice). */
const WAIT_MS = 2000;

// CommonJS source of the worker (eval): no loader, so it runs the same from .ts and built .js.
// A ring's shared buffers are posted once (open, and a slot's buffer when it grows): posting a
// SharedArrayBuffer costs tens of microseconds, a message of numbers about one. Files are posted
// in batches (half the ring): each message wakes the worker, which costs here about as much as
// hashing a PET file (a 2-vCPU virtual machine, bench/load.ts).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const rings = new Map();
parentPort.on('message', ({ ring, open, close, slot, data, batch }) => {
  if (open !== undefined) return void rings.set(ring, { ...open, data: [] });
  const r = rings.get(ring);
  if (close) return void rings.delete(ring);
  if (data !== undefined) return void (r.data[slot] = data);
  for (let n = 0; n < batch.length; n += 2) {
    const [slot, length] = [batch[n], batch[n + 1]];
    const hex = createHash('sha256').update(new Uint8Array(r.data[slot], 0, length)).digest('hex');
    new Uint8Array(r.digests, slot * ${HEX}, ${HEX}).set(Buffer.from(hex, 'latin1'));
    Atomics.store(r.state, slot, ${FREE});
    Atomics.notify(r.state, slot);
  }
});`;

/** Ring ids, one per HashRing (for the worker's map). */
let rings = 0;

let shared: Worker | null | undefined;
function worker(): Worker | null {
  if (shared === undefined) {
    try {
      shared = new Worker(WORKER_SOURCE, { eval: true });
      shared.unref(); // never keeps the process alive
      shared.on('exit', () => (shared = null));
      // An error in the worker would otherwise be re-thrown on the main thread and end the
      // process; the rings then hash on the main thread (HashRing.take).
      shared.on('error', () => (shared = null));
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** Start the hashing worker ahead of its first use (it takes some tens of ms to boot). */
export function warmHashing(): void {
  worker();
}

/** One series' hashing: take a slot, read a file into its buffer, submit it, then finish(). */
export class HashRing {
  private readonly state: Int32Array;
  private readonly digests: SharedArrayBuffer;
  private readonly data: (SharedArrayBuffer | undefined)[];
  private readonly owner: (string | undefined)[];
  private worker = worker();
  private readonly id = ++rings;
  private open = false;
  /** Slots submitted but not yet posted to the worker: slot, length, slot, length... */
  private batch: number[] = [];
  /** Bytes submitted per slot (its buffer may be longer). */
  private readonly length: number[];
  private next = 0;
  /** SHA-256 (hex) by file path, complete after finish(). */
  private readonly sha256 = new Map<string, string>();

  /** `slots` files in flight at most (read, hashed or decoded). */
  constructor(private readonly slots = 2) {
    this.state = new Int32Array(new SharedArrayBuffer(4 * slots));
    this.digests = new SharedArrayBuffer(HEX * slots);
    this.data = new Array<SharedArrayBuffer | undefined>(slots);
    this.owner = new Array<string | undefined>(slots);
    this.length = new Array<number>(slots).fill(0);
  }

  /** The next slot, once its previous file is hashed; its buffer to read into (may be small). */
  take(): { slot: number; buffer: Buffer | undefined } {
    const slot = this.advance();
    if (Atomics.load(this.state, slot) === BUSY) {
      this.post();
      // A synchronous read never lets the worker's exit or error event run, so a wait that
      // times out cannot tell a slow worker from a dead one: the slot's bytes are still in its
      // shared buffer, so hash them here (same digest) and use the main thread from now on.
      const dead = this.worker === null; // given up on by an earlier wait: no use waiting
      if (dead || Atomics.wait(this.state, slot, BUSY, WAIT_MS) === 'timed-out')
        this.hashHere(slot);
    }
    return this.taken(slot);
  }

  /**
   * Hash `bytes` as the file `path` (in the worker when there is one). `bytes` should lie in the
   * slot's buffer; when the read had to grow it, they are copied into a larger shared buffer.
   */
  submit(slot: number, bytes: Uint8Array, path: string): void {
    if (this.worker === null) {
      this.sha256.set(path, createHash('sha256').update(bytes).digest('hex'));
      return;
    }
    if (!this.open) {
      this.open = true;
      const { state, digests } = this;
      this.worker.postMessage({ ring: this.id, open: { state, digests } });
    }
    let data = this.data[slot];
    if (bytes.buffer !== data || bytes.byteOffset !== 0) {
      // Room for some growth (our choice), so files of similar size reuse the buffer.
      data = new SharedArrayBuffer(bytes.byteLength + (bytes.byteLength >> 3));
      new Uint8Array(data).set(bytes);
      this.data[slot] = data;
      this.worker.postMessage({ ring: this.id, slot, data });
    }
    this.owner[slot] = path;
    this.length[slot] = bytes.byteLength;
    Atomics.store(this.state, slot, BUSY);
    this.batch.push(slot, bytes.byteLength);
    if (this.batch.length >= this.slots) this.post(); // half the ring: two numbers per slot
  }

  /** Post the batch of submitted slots to the worker. */
  private post(): void {
    if (this.batch.length === 0) return;
    this.worker?.postMessage({ ring: this.id, batch: this.batch });
    this.batch = [];
  }

  /** Let the worker forget this ring (its buffers); the hashes submitted before still land. */
  close(): void {
    if (this.open) this.worker?.postMessage({ ring: this.id, close: true });
    this.open = false;
  }

  /** Every digest submitted, by path (waits for the last ones). */
  finish(): Map<string, string> {
    for (let n = 0; n < this.slots; n++) this.take();
    this.close();
    return this.sha256;
  }

  /** Hash the busy `slot` on the main thread and stop using the worker (see take()). */
  private hashHere(slot: number): void {
    this.worker = null;
    const path = this.owner[slot];
    const data = this.data[slot];
    if (path !== undefined && data !== undefined) {
      this.sha256.set(
        path,
        createHash('sha256')
          .update(new Uint8Array(data, 0, this.length[slot]))
          .digest('hex'),
      );
      this.owner[slot] = undefined;
    }
    Atomics.store(this.state, slot, FREE);
  }

  private advance(): number {
    const slot = this.next;
    this.next = (slot + 1) % this.slots;
    return slot;
  }

  private taken(slot: number): { slot: number; buffer: Buffer | undefined } {
    const path = this.owner[slot];
    if (path !== undefined) {
      this.sha256.set(path, Buffer.from(this.digests, slot * HEX, HEX).toString('latin1'));
      this.owner[slot] = undefined;
    }
    const data = this.data[slot];
    return { slot, buffer: data === undefined ? undefined : Buffer.from(data) };
  }
}
