/**
 * The pixels of each Segmentation frame as 0/1 (PS3.3 C.8.20.2, C.8.20.2.1):
 * - BINARY: 1 bit per pixel, the frames packed back to back with no padding (PS3.5 8.1.1 and
 *   8.2: bit b of the stream is bit b mod 8, least significant first, of byte floor(b / 8));
 * - FRACTIONAL: 8 bits, inside when value >= half of (0062,000E) Maximum Fractional Value
 *   (probability or occupancy 0.5);
 * - LABELMAP (Label Map Segmentation, 2023): 8 or 16 bits, inside when value = segment number.
 * Native transfer syntaxes for all; encapsulated (RLE, JPEG-LS, JPEG 2000, one fragment per
 * frame) for the 8/16-bit types through codecs.ts.
 */
import { InputError } from '../../../core/errors.ts';
import { decodeFrame, isEncapsulated } from '../read/codecs.ts';
import { num, type DicomFile } from '../read/read-file.ts';
import { TAG } from '../tags.ts';

/** The Segmentation types of (0062,0001) this reader decodes. */
export type SegmentationType = 'BINARY' | 'FRACTIONAL' | 'LABELMAP';

/** Reads frame f (0-based) as 0/1 per pixel, i fastest; `value` is the label for LABELMAP. */
export type FrameMaskReader = (frame: number, value: number) => Uint8Array;

function buffers(file: DicomFile): Uint8Array[] {
  const value = file.dataset['PixelData'];
  const parts = (Array.isArray(value) ? value : [value]).flat() as unknown[];
  const out = parts
    .filter((p): p is ArrayBuffer => p instanceof ArrayBuffer)
    .map((b) => new Uint8Array(b));
  if (out.length === 0) {
    throw new InputError(
      { file: file.path, field: TAG.pixelData },
      'the Segmentation has no pixel data',
    );
  }
  return out;
}

/** A reader of the frames of a Segmentation of `type` with `frames` frames (PS3.3 C.8.20.2). */
export function segFrameReader(
  file: DicomFile,
  type: SegmentationType,
  frames: number,
): FrameMaskReader {
  const ds = file.dataset;
  const path = file.path;
  const rows = num(ds, 'Rows') ?? 0;
  const columns = num(ds, 'Columns') ?? 0;
  const bits = num(ds, 'BitsAllocated') ?? 0;
  const plane = rows * columns;
  const expectedBits = type === 'BINARY' ? [1] : type === 'FRACTIONAL' ? [8] : [8, 16];
  if (!expectedBits.includes(bits)) {
    throw new InputError(
      { file: path, field: TAG.bitsAllocated },
      `Bits Allocated ${bits} in a ${type} Segmentation; expected ${expectedBits.join(' or ')}`,
    );
  }
  const parts = buffers(file);
  const encapsulated = isEncapsulated(file.transferSyntaxUid);
  if (type === 'BINARY') {
    if (encapsulated) {
      throw new InputError(
        { file: path, field: TAG.transferSyntax },
        `a compressed (${file.transferSyntaxUid}) BINARY Segmentation is not supported`,
        'decompress it first, e.g. `dcmdrle` or `dcmconv +te` (dcmtk)',
      );
    }
    const all = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
    if (all.byteLength * 8 < frames * plane) {
      throw new InputError(
        { file: path, field: TAG.pixelData },
        `${all.byteLength} bytes of pixel data for ${frames} frames of ${columns}x${rows} bits`,
        'the file is truncated',
      );
    }
    return (f) => {
      const out = new Uint8Array(plane);
      const start = f * plane;
      for (let p = 0; p < plane; p++) {
        const bit = start + p;
        out[p] = ((all[bit >> 3] ?? 0) >> (bit & 7)) & 1;
      }
      return out;
    };
  }
  const format = {
    rows,
    columns,
    bitsAllocated: bits,
    bitsStored: num(ds, 'BitsStored') ?? bits,
    pixelRepresentation: 0,
  };
  const frameBytes = plane * (bits / 8);
  let frameData: (f: number) => Uint8Array;
  if (!encapsulated) {
    const all = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
    frameData = (f) => all.subarray(f * frameBytes, (f + 1) * frameBytes);
  } else if (parts.length === frames) {
    frameData = (f) => parts[f] as Uint8Array;
  } else {
    throw new InputError(
      { file: path, field: TAG.pixelData },
      `${parts.length} compressed fragments for ${frames} frames`,
      'store one fragment per frame, or decompress the Segmentation (dcmtk `dcmdjpls`, `dcmdrle`)',
    );
  }
  // (0062,0010) Segmentation Fractional Type PROBABILITY and OCCUPANCY are both cut at one half.
  const max = num(ds, 'MaximumFractionalValue') ?? 255;
  return (f, value) => {
    const samples = decodeFrame(frameData(f), file.transferSyntaxUid, format, path);
    const out = new Uint8Array(plane);
    for (let p = 0; p < plane; p++) {
      const s = samples[p] ?? 0;
      out[p] = (type === 'FRACTIONAL' ? s >= 0.5 * max : s === value) ? 1 : 0;
    }
    return out;
  };
}
