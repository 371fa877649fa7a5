/**
 * One frame decoded straight into its slice of the output volume: stored values (PS3.5 8.1.1:
 * the low Bits Stored bits, sign-extended when Pixel Representation is 1) times Rescale Slope
 * plus Rescale Intercept (PS3.3 C.11.1), with no per-frame array in between for native data.
 * The volume is Float32, or Int16 for a CT whose rescaled values are integers within Int16:
 * then each value is checked, and a frame that does not fit is reported (false), not wrapped.
 */
import { InputError } from '../../../core/errors.ts';
import { decodeFrameBytes, type PixelFormat, type Samples } from './codecs.ts';
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
  if (bytes === 2)
    return signed
      ? new Int16Array(buffer, byteOffset, pixels)
      : new Uint16Array(buffer, byteOffset, pixels);
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

function intoFloat32(
  out: Float32Array,
  at: number,
  s: Samples,
  pixels: number,
  format: PixelFormat,
  m: number,
  b: number,
): void {
  const shift = shiftOf(format);
  if (format.pixelRepresentation === 1) {
    for (let v = 0; v < pixels; v++) out[at + v] = (((s[v] as number) << shift) >> shift) * m + b;
  } else {
    for (let v = 0; v < pixels; v++) out[at + v] = (((s[v] as number) << shift) >>> shift) * m + b;
  }
}

/** Int16 output; false (the slice then holds garbage) when a value is not an Int16 integer. */
function intoInt16(
  out: Int16Array,
  at: number,
  s: Samples,
  pixels: number,
  format: PixelFormat,
  m: number,
  b: number,
): boolean {
  if (!Number.isInteger(m) || !Number.isInteger(b)) return false;
  const shift = shiftOf(format);
  if (shift === 16 && m === 1 && b === 0 && s instanceof Int16Array) {
    out.set(s, at); // signed 16-bit values as stored: a plain copy
    return true;
  }
  let low = 0;
  let high = 0;
  if (m === 1 && format.pixelRepresentation === 1) {
    // The common CT (slope 1): integer adds, the range checked on the stored values.
    for (let v = 0; v < pixels; v++) {
      const x = ((s[v] as number) << shift) >> shift;
      if (x < low) low = x;
      else if (x > high) high = x;
      out[at + v] = x + b;
    }
    return low + b >= INT16_MIN && high + b <= INT16_MAX;
  }
  if (format.pixelRepresentation === 1) {
    for (let v = 0; v < pixels; v++) {
      const value = (((s[v] as number) << shift) >> shift) * m + b;
      if (value < low) low = value;
      else if (value > high) high = value;
      out[at + v] = value;
    }
  } else {
    for (let v = 0; v < pixels; v++) {
      const value = (((s[v] as number) << shift) >>> shift) * m + b;
      if (value < low) low = value;
      else if (value > high) high = value;
      out[at + v] = value;
    }
  }
  return low >= INT16_MIN && high <= INT16_MAX;
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
  const samples = view(raw, pixels, format, file);
  const { slope: m, intercept: b } = rescale;
  if (out instanceof Int16Array) return intoInt16(out, at, samples, pixels, format, m, b);
  intoFloat32(out, at, samples, pixels, format, m, b);
  return true;
}
