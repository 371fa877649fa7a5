/**
 * One frame decoded straight into its slice of the output volume: stored values (PS3.5 8.1.1:
 * the low Bits Stored bits, sign-extended when Pixel Representation is 1) times Rescale Slope
 * plus Rescale Intercept (PS3.3 C.11.1), with no per-frame array in between for native data.
 */
import { InputError } from '../../../core/errors.ts';
import { decodeFrameBytes, type PixelFormat } from './codecs.ts';
import { TAG } from '../tags.ts';

type Typed = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** The samples of little-endian bytes as a typed view (a copy only when misaligned). */
function view(raw: Uint8Array, pixels: number, format: PixelFormat, file: string): Typed {
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
 * Decode frame bytes (`transferSyntaxUid`) into out[at .. at + rows x columns) as
 * stored x slope + intercept.
 */
export function decodeFrameInto(
  out: Float32Array,
  at: number,
  frame: Uint8Array,
  transferSyntaxUid: string,
  format: PixelFormat,
  rescale: { slope: number; intercept: number },
  file: string,
): void {
  const pixels = format.rows * format.columns;
  const samples = view(
    decodeFrameBytes(frame, transferSyntaxUid, format, file),
    pixels,
    format,
    file,
  );
  const { slope: m, intercept: b } = rescale;
  const bits = format.bitsStored;
  if (bits > 0 && bits < format.bitsAllocated) {
    const shift = 32 - bits;
    if (format.pixelRepresentation === 1) {
      for (let v = 0; v < pixels; v++)
        out[at + v] = (((samples[v] as number) << shift) >> shift) * m + b;
    } else {
      for (let v = 0; v < pixels; v++)
        out[at + v] = (((samples[v] as number) << shift) >>> shift) * m + b;
    }
    return;
  }
  for (let v = 0; v < pixels; v++) out[at + v] = (samples[v] as number) * m + b;
}
