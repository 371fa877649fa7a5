/**
 * Pixel data to sample values for one frame, for the transfer syntaxes of PS3.5 Section 10 and
 * Annex A that quantitative PET/CT uses: native (implicit/explicit little endian, deflated;
 * dcmjs inflates), RLE Lossless, JPEG Lossless (process 14), JPEG-LS and JPEG 2000. Lossy
 * baseline JPEG is refused: it cannot carry quantitative 16-bit values.
 */
import { createRequire } from 'node:module';
import { InputError } from '../../../core/errors.ts';
import { decodeRle } from './codecs-rle.ts';
import { decodeJpeg2000, decodeJpegLs } from './codecs-wasm.ts';
import { TAG, TS } from '../tags.ts';

/** Image Pixel Module attributes (PS3.3 C.7.6.3) that fix how samples are stored. */
export interface PixelFormat {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
}

/** Stored sample values of one frame, row by row (i fastest). */
export type Samples = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): ArrayBufferView;
}
const jpegLossless = createRequire(import.meta.url)('jpeg-lossless-decoder-js') as {
  Decoder: new () => LosslessDecoder;
};

// Explicit VR Big Endian (retired) is left out: dcmjs does not byte-swap OW pixel data for it.
const NATIVE = new Set<string>([TS.implicitLittle, TS.explicitLittle, TS.deflatedExplicitLittle]);
const JPEG_LS = new Set<string>([TS.jpegLsLossless, TS.jpegLsNearLossless]);
const JPEG_2000 = new Set<string>([
  TS.jpeg2000Lossless,
  TS.jpeg2000,
  TS.htj2kLossless,
  TS.htj2kLosslessRpcl,
  TS.htj2k,
]);
const JPEG_LOSSLESS = new Set<string>([TS.jpegLossless, TS.jpegLosslessSv1]);

/** True for transfer syntaxes whose pixel data is encapsulated (PS3.5 A.4). */
export function isEncapsulated(transferSyntaxUid: string): boolean {
  return !NATIVE.has(transferSyntaxUid);
}

/** Decode one frame's bytes to stored sample values (before Rescale Slope/Intercept). */
export function decodeFrame(
  bytes: Uint8Array,
  transferSyntaxUid: string,
  format: PixelFormat,
  file: string,
): Samples {
  const raw = decodeFrameBytes(bytes, transferSyntaxUid, format, file);
  return toSamples(raw, format.rows * format.columns, format, file);
}

/**
 * Decode one frame's bytes to little-endian sample bytes (native frames are returned as they
 * are, not copied), checked against Rows x Columns x Bits Allocated.
 */
export function decodeFrameBytes(
  bytes: Uint8Array,
  transferSyntaxUid: string,
  format: PixelFormat,
  file: string,
): Uint8Array {
  const pixels = format.rows * format.columns;
  const bytesPerSample = format.bitsAllocated / 8;
  let raw: Uint8Array;
  try {
    raw = decodeBytes(bytes, transferSyntaxUid, pixels, bytesPerSample, file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      { file, field: TAG.pixelData },
      `a compressed frame cannot be decoded (${(error as Error).message || String(error)})`,
      'the file is damaged: copy or export it again',
    );
  }
  const expected = pixels * bytesPerSample;
  // Native data was checked as a whole (pixel-checks.ts); a decoded frame must match exactly,
  // or by one padding byte (PS3.5 8.2: odd-length frames are padded).
  if (raw.byteLength < expected || raw.byteLength > expected + 1) {
    throw new InputError(
      { file, field: TAG.pixelData },
      `a frame decodes to ${raw.byteLength} bytes, but ${format.columns} x ${format.rows} pixels x ${bytesPerSample} bytes need ${expected}`,
      'the file is damaged, or its Rows/Columns/Bits Allocated are wrong: export the series again',
    );
  }
  return raw;
}

function decodeBytes(
  bytes: Uint8Array,
  transferSyntaxUid: string,
  pixels: number,
  bytesPerSample: number,
  file: string,
): Uint8Array {
  if (NATIVE.has(transferSyntaxUid)) return bytes;
  if (transferSyntaxUid === TS.rle) return decodeRle(bytes, pixels, bytesPerSample);
  if (JPEG_LS.has(transferSyntaxUid)) return decodeJpegLs(bytes);
  if (JPEG_2000.has(transferSyntaxUid)) return decodeJpeg2000(bytes);
  if (JPEG_LOSSLESS.has(transferSyntaxUid)) {
    const copy = bytes.slice();
    const out = new jpegLossless.Decoder().decode(copy.buffer, 0, copy.byteLength, bytesPerSample);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
  throw new InputError(
    { file, field: TAG.transferSyntax },
    `transfer syntax ${transferSyntaxUid} is not supported (lossy JPEG or unknown)`,
    'export the series uncompressed or with a lossless codec (JPEG-LS, JPEG 2000, RLE, JPEG lossless)',
  );
}

function toSamples(raw: Uint8Array, pixels: number, format: PixelFormat, file: string): Samples {
  const signed = format.pixelRepresentation === 1;
  const aligned =
    raw.byteOffset % 4 === 0 ? raw : raw.slice(0, pixels * (format.bitsAllocated / 8));
  const { buffer, byteOffset } = aligned;
  let samples: Samples;
  if (format.bitsAllocated === 8) {
    samples = signed
      ? new Int8Array(buffer, byteOffset, pixels)
      : new Uint8Array(buffer, byteOffset, pixels);
  } else if (format.bitsAllocated === 16) {
    samples = signed
      ? new Int16Array(buffer, byteOffset, pixels)
      : new Uint16Array(buffer, byteOffset, pixels);
  } else if (format.bitsAllocated === 32) {
    samples = signed
      ? new Int32Array(buffer, byteOffset, pixels)
      : new Uint32Array(buffer, byteOffset, pixels);
  } else {
    throw new InputError(
      { file, field: TAG.bitsAllocated },
      `Bits Allocated ${format.bitsAllocated} is not supported (expected 8, 16 or 32)`,
    );
  }
  if (format.bitsStored > 0 && format.bitsStored < format.bitsAllocated) {
    samples = samples.slice() as Samples;
    maskToBitsStored(samples, format.bitsStored, signed);
  }
  return samples;
}

/** Keep the low Bits Stored bits (PS3.5 8.1.1), sign-extending when Pixel Representation is 1. */
function maskToBitsStored(samples: Samples, bitsStored: number, signed: boolean): void {
  const shift = 32 - bitsStored;
  for (let n = 0; n < samples.length; n++) {
    const v = samples[n] ?? 0;
    samples[n] = signed ? (v << shift) >> shift : (v << shift) >>> shift;
  }
}
