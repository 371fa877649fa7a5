/**
 * Stored 16-bit samples to rescaled values (PS3.3 C.11.1: stored x Rescale Slope + Intercept;
 * stored = the low Bits Stored bits, sign-extended when Pixel Representation is 1, PS3.5 8.1.1),
 * eight at a time with WebAssembly SIMD (rescale16.wat): about five times the speed of the
 * JavaScript loop, which on 78 M CT voxels was most of a series load (bench/load.ts). Exact:
 * integer arithmetic for Int16 output; for Float32, x * m + b in double precision rounded once,
 * the same as the JavaScript loop of decode-into.ts (WebAssembly has no fused multiply-add).
 * Int16 output of slope 1 (most CTs) runs in 16-bit lanes, sixteen bytes of samples to sixteen
 * of output, with the overflow found where the saturating and the wrapping sums differ: 0.62 ->
 * 0.28 ns a voxel here (kernel alone, 512 x 512 x 300 CT).
 *
 * A volume may live in WebAssembly memory of its own (volumeMemory): the kernels then write its
 * values straight into it, with no copy out of a staging area (157 MB for that CT, ~30 ms).
 *
 * Hand-written WebAssembly rather than a library: no npm package does a DICOM rescale in SIMD,
 * and the kernels are 100 lines of text. The bytes below are `wat2wasm --enable-threads
 * rescale16.wat` (wabt 1.0.32), base64; test/io/dicom/rescale16.test.ts checks them against
 * the formula.
 */
const WASM_BASE64 =
  'AGFzbQEAAAABJwRgB39/f39/f38Bf2AGf39/f39/AX9gA3t7ewF7YAd/f39/f3x8AAISAQNlbnYGbWVtb3J5AgMBgIAEAwUEAAECAwciAwd0b0ludDE2AAAIYWRkSW50MTYAAQl0b0Zsb2F0MzIAAwrnBQTlAgEIeyAF/REhDCAG/REhDUEAIARr/REhDkH/////B/0RIQpBgICAgHj9ESELAkADQCACRQ0BIAD9AAQAIQcgB/2pASAD/asBIQggB/2qASAD/asBIQkgCCAD/awBIAggA/2tASAO/VIhCCAJIAP9rAEgCSAD/a0BIA79UiEJIAggDP21ASAN/a4BIQggCSAM/bUBIA39rgEhCSAKIAggCf22Af22ASEKIAsgCCAJ/bgB/bgBIQsgASAIIAn9hQH9CwQAIABBEGohACABQRBqIQEgAkEBayECDAALCyAKIAogCv0NCAkKCwwNDg8AAQIDBAUGB/22ASEKIAogCiAK/Q0EBQYHAAECAwQFBgcAAQID/bYBIQogCyALIAv9DQgJCgsMDQ4PAAECAwQFBgf9uAEhCyALIAsgC/0NBAUGBwABAgMEBQYHAAECA/24ASELIAr9GwBBgIB+TiAL/RsAQf//AUxxC5EBAQV7IAX9ECEIQQAgBGv9ECEJ/Qz/////////////////////IQoCQANAIAJFDQEgAP0ABAAgA/2LASEGIAYgA/2MASAGIAP9jQEgCf1SIQYgBiAI/Y4BIQcgCiAHIAYgCP2PAf0t/U4hCiABIAf9CwQAIABBEGohACABQRBqIQEgAkEBayECDAALCyAK/YMBC0oAIAD9/gEgAf3yASAC/fAB/V4gACAA/Q0ICQoLDA0ODwABAgMEBQYH/f4BIAH98gEgAv3wAf1e/Q0AAQIDBAUGBxAREhMUFRYXC58BAQZ7IAX9FCEKIAb9FCELQQAgBGv9ESEMAkADQCACRQ0BIAD9AAQAIQcgB/2pASAD/asBIQggB/2qASAD/asBIQkgCCAD/awBIAggA/2tASAM/VIhCCAJIAP9rAEgCSAD/a0BIAz9UiEJIAEgCCAKIAsQAv0LBAAgASAJIAogCxAC/QsEECAAQRBqIQAgAUEgaiEBIAJBAWshAgwACwsL';

// The WebAssembly API as used here (the project's TypeScript lib has no DOM types).
interface WasmMemory {
  buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
};

interface Kernels {
  toInt16(
    src: number,
    dst: number,
    n8: number,
    shift: number,
    signed: number,
    m: number,
    b: number,
  ): number;
  addInt16(
    src: number,
    dst: number,
    n8: number,
    shift16: number,
    signed: number,
    b: number,
  ): number;
  toFloat32(
    src: number,
    dst: number,
    n8: number,
    shift: number,
    signed: number,
    m: number,
    b: number,
  ): void;
}

/** Kernels bound to one memory; its bytes from `staging` on hold a frame's samples. */
interface Bound {
  memory: WasmMemory;
  kernels: Kernels;
  staging: number;
}

let compiled: object | undefined;
function bind(memory: WasmMemory, staging: number): Bound {
  compiled ??= new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  return { memory, kernels: instance.exports as Kernels, staging };
}

const PAGE = 65536;
/** The most pages of a 32-bit WebAssembly memory (4 GiB). */
const MAX_PAGES = 65536;
/** Largest |slope| and |intercept| for Int16 output: x * m + b then stays within i32 (|x| < 2^16). */
const MAX_INT_SLOPE = 2 ** 13;
const MAX_INT_INTERCEPT = 2 ** 29;

/** For outputs in memory of their own: staging and output both in one growable memory. */
let scratch: Bound | undefined;
/** The kernels of each volume in WebAssembly memory, by its buffer. */
const volumes = new WeakMap<SharedArrayBuffer, Bound>();
const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * Zeroed memory for a volume of `bytes` (from its byte 0) that rescale16Into writes straight
 * into, with room after it for one frame of `frameBytes`; undefined when no such memory can be
 * had (over 4 GiB, or refused), then allocate the volume as usual.
 */
export function volumeMemory(bytes: number, frameBytes: number): SharedArrayBuffer | undefined {
  const staging = align16(bytes);
  // the samples padded to whole groups of 8, then one group's output (32 bytes) for the tail
  const pages = Math.ceil((staging + align16(frameBytes) + 16 + 32) / PAGE);
  if (pages > MAX_PAGES) return undefined;
  let memory: WasmMemory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return undefined;
  }
  volumes.set(memory.buffer, bind(memory, staging));
  return memory.buffer;
}

/** Run the kernel for `out`'s type on n8 groups; 1 when every value fits (Int16). */
function run(
  k: Kernels,
  int16: boolean,
  src: number,
  dst: number,
  n8: number,
  shift: number,
  sign: number,
  m: number,
  b: number,
): number {
  if (!int16) {
    k.toFloat32(src, dst, n8, shift, sign, m, b);
    return 1;
  }
  // Slope 1 of Int16 samples: 16-bit lanes, twice the samples per instruction.
  const lanes16 = m === 1 && b >= -32768 && b <= 32767 && (sign === 1 || shift > 16);
  return lanes16
    ? k.addInt16(src, dst, n8, shift - 16, sign, b)
    : k.toInt16(src, dst, n8, shift, sign, m, b);
}

/** The samples of `frame` at `at` in memory, zero-padded to whole groups of 8. */
function stage(memory: WasmMemory, at: number, frame: Uint8Array, pixels: number): void {
  const input = new Uint8Array(memory.buffer, at, Math.ceil(pixels / 8) * 16);
  input.set(frame.subarray(0, 2 * pixels));
  input.fill(0, 2 * pixels); // padding lanes: zeros, so the Int16 range check stays determinate
}

/** The kernels bound to `out`'s memory when it is a volume's and has room for the frame. */
function boundTo(out: Float32Array | Int16Array, pixels: number): Bound | undefined {
  const buffer = out.buffer;
  if (!(buffer instanceof SharedArrayBuffer)) return undefined;
  const bound = volumes.get(buffer);
  const room = bound === undefined ? 0 : buffer.byteLength - bound.staging;
  return room >= Math.ceil(pixels / 8) * 16 + 32 ? bound : undefined;
}

/** For any other `out`: stage, convert, copy out (the scratch memory grown as needed). */
function viaScratch(pixels: number, int16: boolean): Bound {
  const groups = Math.ceil(pixels / 8);
  const need = groups * 16 + groups * (int16 ? 16 : 32);
  scratch ??= bind(new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true }), 0);
  const have = scratch.memory.buffer.byteLength;
  if (need > have) scratch.memory.grow(Math.ceil((need - have) / PAGE));
  return scratch;
}

/**
 * out[at .. at + pixels) = stored x m + b for the 16-bit little-endian samples in `frame` (at
 * least 2 x pixels bytes), keeping the low 32 - `shift` bits of each. True when done; false
 * only for an Int16 `out` that cannot hold the values exactly (then this frame's values in
 * `out` are undefined: decode it again into a Float32 volume).
 */
export function rescale16Into(
  out: Float32Array | Int16Array,
  at: number,
  frame: Uint8Array,
  pixels: number,
  shift: number,
  signed: boolean,
  m: number,
  b: number,
): boolean {
  const int16 = out instanceof Int16Array;
  if (int16 && !(Number.isInteger(m) && Number.isInteger(b))) return false;
  if (int16 && (Math.abs(m) > MAX_INT_SLOPE || Math.abs(b) > MAX_INT_INTERCEPT)) return false;
  const sign = signed ? 1 : 0;
  const bytes = int16 ? 2 : 4;
  const direct = boundTo(out, pixels);
  if (direct !== undefined) {
    // Whole groups of 8 straight into out; the last pixels % 8 through a group's output after
    // the staged samples (a whole group written in place would overrun the frame).
    const { memory, kernels, staging } = direct;
    stage(memory, staging, frame, pixels);
    const whole = Math.floor(pixels / 8);
    const dst = out.byteOffset + at * bytes;
    let fits = run(kernels, int16, staging, dst, whole, shift, sign, m, b);
    const rest = pixels - 8 * whole;
    if (rest > 0) {
      const tail = staging + Math.ceil(pixels / 8) * 16;
      fits &= run(kernels, int16, staging + 16 * whole, tail, 1, shift, sign, m, b);
      const values = int16
        ? new Int16Array(memory.buffer, tail, rest)
        : new Float32Array(memory.buffer, tail, rest);
      out.set(values, at + 8 * whole);
    }
    return fits === 1;
  }
  const { memory, kernels } = viaScratch(pixels, int16);
  const dst = Math.ceil(pixels / 8) * 16; // the samples at 0, padded to whole groups
  stage(memory, 0, frame, pixels);
  if (run(kernels, int16, 0, dst, Math.ceil(pixels / 8), shift, sign, m, b) !== 1) return false;
  out.set(
    int16
      ? new Int16Array(memory.buffer, dst, pixels)
      : new Float32Array(memory.buffer, dst, pixels),
    at,
  );
  return true;
}
