/**
 * One frame decoded straight into its slice of the output volume: stored values (PS3.5 8.1.1:
 * the low Bits Stored bits, sign-extended when Pixel Representation is 1) times Rescale Slope
 * plus Rescale Intercept (PS3.3 C.11.1), with no per-frame array in between for native data.
 * The volume is Float32, or Int16 for a CT whose rescaled values are integers within Int16:
 * then each value is checked, and a frame that does not fit is reported (false), not wrapped.
 * 16-bit samples (CT and PET) go through the WebAssembly kernel of rescale16.ts; 8- and 32-bit
 * ones through the loop below.
 */
import { InputError } from '../../../core/errors.ts';
import { decodeFrameBytes, type PixelFormat, type Samples } from './codecs.ts';
import { rescale16Into } from './rescale16.ts';
import { TAG } from '../tags.ts';

/** The voxel arrays of a loaded series: Float32, or Int16 for a CT held losslessly. */
export type VoxelData = Float32Array | Int16Array;

/** Int16 range (two's complement, 16 bits). */
const INT16_MIN = -32768;
const INT16_MAX = 32767;

/** The samples of little-endian bytes as a typed view (a copy only when misaligned). */
function view(raw: Uint8Array, pixels: number, format: PixelFormat, file: string): Samples {
  const bytes = format.bitsAllocated / 8;
  const aligned = raw.byteOffset % bytes === 0 ? raw : raw.slice(0, pixels * bytes);
  const { buffer, byteOffset } = aligned;
  const signed = format.pixelRepresentation === 1;
  if (bytes === 1)
    return signed
      ? new Int8Array(buffer, byteOffset, pixels)
      : new Uint8Array(buffer, byteOffset, pixels);
  if (bytes === 4)
    return signed
      ? new Int32Array(buffer, byteOffset, pixels)
      : new Uint32Array(buffer, byteOffset, pixels);
  throw new InputError(
    { file, field: TAG.bitsAllocated },
    `Bits Allocated ${format.bitsAllocated} is not supported (expected 8, 16 or 32)`,
  );
}

/**
 * Shift that keeps the low Bits Stored bits of a sample: (x << shift) >> shift sign-extends
 * them, >>> does not; all the allocated bits when Bits Stored is 0 or larger (as read).
 */
function shiftOf(format: PixelFormat): number {
  const bits = format.bitsStored;
  return 32 - (bits > 0 && bits < format.bitsAllocated ? bits : format.bitsAllocated);
}

/** 8- and 32-bit samples; false when `out` is Int16 and a value falls outside it. */
function rescaleLoop(
  out: VoxelData,
  at: number,
  s: Samples,
  pixels: number,
  format: PixelFormat,
  m: number,
  b: number,
): boolean {
  const shift = shiftOf(format);
  const signed = format.pixelRepresentation === 1;
  let low = Infinity;
  let high = -Infinity;
  for (let v = 0; v < pixels; v++) {
    const x = s[v] as number;
    const value = (signed ? (x << shift) >> shift : (x << shift) >>> shift) * m + b;
    if (value < low) low = value;
    if (value > high) high = value;
    out[at + v] = value;
  }
  return !(out instanceof Int16Array) || (low >= INT16_MIN && high <= INT16_MAX);
}

/**
 * Decode frame bytes (`transferSyntaxUid`) into out[at .. at + rows x columns) as
 * stored x slope + intercept. True when done; false only for an Int16 `out` that cannot hold
 * this frame's values exactly (fractional slope or intercept, or outside Int16): decode the
 * frame again into a Float32 volume.
 */
export function decodeFrameInto(
  out: VoxelData,
  at: number,
  frame: Uint8Array,
  transferSyntaxUid: string,
  format: PixelFormat,
  rescale: { slope: number; intercept: number },
  file: string,
): boolean {
  const pixels = format.rows * format.columns;
  const raw = decodeFrameBytes(frame, transferSyntaxUid, format, file);
  const { slope: m, intercept: b } = rescale;
  if (out instanceof Int16Array && !(Number.isInteger(m) && Number.isInteger(b))) return false;
  if (format.bitsAllocated !== 16) {
    return rescaleLoop(out, at, view(raw, pixels, format, file), pixels, format, m, b);
  }
  if (raw.byteLength < 2 * pixels) {
    throw new InputError(
      { file, field: TAG.pixelData },
      `a frame decodes to ${raw.byteLength} bytes, fewer than its ${pixels} samples of 16 bits`,
      'the file is damaged: export the series again',
    );
  }
  const signed = format.pixelRepresentation === 1;
  return rescale16Into(out, at, raw, pixels, shiftOf(format), signed, m, b);
}
