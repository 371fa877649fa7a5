/**
 * PFFFT (J. Pommier, "a pretty fast FFT", BSD-3-Clause; an SIMD adaptation of FFTPACKv4) as
 * shipped compiled to WebAssembly by the npm package @echogarden/pffft-wasm: single-precision
 * complex 1-D transforms of lengths 16 x 2^a 3^b 5^c, run on buffers inside the module's memory.
 * The WebAssembly SIMD build is used; the scalar build when the runtime lacks SIMD. Loading the
 * package's own .wasm code when this module is first imported (top-level await, a few ms) is
 * code loading, like `import`: no user data is read or written here.
 */
import type { PffftModule } from '@echogarden/pffft-wasm/simd';

async function load(): Promise<PffftModule> {
  try {
    const simd = await import('@echogarden/pffft-wasm/simd');
    return await simd.default();
  } catch {
    const scalar = await import('@echogarden/pffft-wasm');
    return await scalar.default();
  }
}

const wasm = await load();
const PFFFT_COMPLEX = 1;
const setups = new Map<number, number>();

/** Transform direction: forward e^{-2 pi i k n / N}, inverse e^{+...}, both unscaled. */
export type FftDirection = 'forward' | 'inverse';

/** A block of float32 values inside the WebAssembly memory (16-byte aligned). */
export interface WasmFloats {
  /** Byte offset in the WebAssembly memory. */
  readonly pointer: number;
  /** Number of float32 values. */
  readonly length: number;
}

/** Allocates `length` float32 values in the WebAssembly memory (contents undefined). */
export function allocFloats(length: number): WasmFloats {
  const pointer = wasm._pffft_aligned_malloc(length * 4);
  if (pointer === 0) {
    throw new RangeError(`PFFFT: cannot allocate ${((length * 4) / 2 ** 20).toFixed(0)} MiB`);
  }
  return { pointer, length };
}

/** Frees a block from allocFloats. */
export function freeFloats(block: WasmFloats): void {
  wasm._pffft_aligned_free(block.pointer);
}

/**
 * The whole WebAssembly memory as float32 values. Allocation may grow (and so replace) the
 * memory: take this view again after every allocFloats.
 */
export function heapF32(): Float32Array {
  return wasm.HEAPF32;
}

/**
 * The same memory as float64 values: one float64 moves one complex float32 pair (re, im) in a
 * single load and store (a raw 8-byte copy for finite values; a pair only reads as a float64
 * NaN, which could be canonicalised, when its imaginary float32 is itself NaN or infinite).
 */
export function heapF64(): Float64Array {
  return wasm.HEAPF64;
}

/** The view of one block: heapF32() from its first value, `length` long. */
export function floatsView(block: WasmFloats): Float32Array {
  return heapF32().subarray(block.pointer >> 2, (block.pointer >> 2) + block.length);
}

function complexSetup(n: number): number {
  let setup = setups.get(n);
  if (setup === undefined) {
    setup = wasm._pffft_new_setup(n, PFFFT_COMPLEX);
    if (setup === 0) throw new RangeError(`PFFFT: no complex transform of length ${n}`);
    setups.set(n, setup);
  }
  return setup;
}

/**
 * In-place complex DFTs of `count` contiguous lines of length n (interleaved re, im, so 2 n
 * floats per line) starting at byte `pointer`, in natural frequency order, unscaled. `work` is
 * a block of at least 2 n floats.
 */
export function transformLines(
  pointer: number,
  n: number,
  count: number,
  direction: FftDirection,
  work: WasmFloats,
): void {
  const setup = complexSetup(n);
  const dir = direction === 'forward' ? 0 : 1;
  const lineBytes = 8 * n;
  for (let line = 0; line < count; line++) {
    const at = pointer + line * lineBytes;
    wasm._pffft_transform_ordered(setup, at, at, work.pointer, dir);
  }
}
