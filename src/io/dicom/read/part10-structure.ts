/**
 * The structure check of a whole Part 10 file (file-structure.ts walks the elements): File Meta
 * Information (PS3.10 7.1, explicit VR little endian, its group length), the transfer syntax,
 * the inflated data set of the deflated syntax (PS3.5 A.5), then the data set, or its header
 * only (up to Pixel Data) when the bytes are the first part of the file.
 */
import { inflateRawSync } from 'node:zlib';
import { TS } from '../tags.ts';
import { fail, header, walkDataSet, type Reader } from './file-structure.ts';

/** Largest inflated size of a deflated data set, bytes (Node's Buffer limit is 2^31 - 1). */
const MAX_INFLATED_BYTES = 2 ** 31 - 1;

/** Where the data set lies, as the structure check found it. */
export interface Part10Layout {
  transferSyntaxUid: string;
  /** End of the File Meta Information (offset of the data set in the file). */
  metaEnd: number;
  /** The data set's bytes: the file's bytes, or the inflated data set (deflated syntax). */
  dataSet: Uint8Array;
  /** Offset of the data set's first element in `dataSet`. */
  dataSetStart: number;
  /** With headerOnly: offset in `dataSet` of the top-level (7FE0,0010), or the end. */
  dataSetEnd: number;
}

/** File Meta Information (group 0002, explicit VR little endian); returns [end, transfer syntax]. */
export function walkMeta(r: Reader): [number, string] {
  if (r.bytes.length < 144) fail(r, 132, 'the file ends inside the File Meta Information');
  const first = header(r, 132, r.bytes.length, true);
  if (first.tag !== 0x00020000 || first.vr !== 'UL' || first.length !== 4) {
    fail(r, 132, 'the File Meta Information does not start with its group length (0002,0000)');
  }
  const end = 144 + r.view.getUint32(140, true);
  if (end > r.bytes.length)
    fail(r, 132, 'the File Meta Information group length runs past the end');
  walkDataSet(r, 144, end, true, 0, false, true);
  if (end + 2 <= r.bytes.length && r.view.getUint16(end, true) === 0x0002) {
    fail(r, end, 'the File Meta Information group length (0002,0000) is too short');
  }
  for (let offset = 144; offset < end;) {
    const h = header(r, offset, end, true);
    offset += h.size;
    if (h.tag === 0x00020010) {
      const value = new TextDecoder('latin1').decode(r.bytes.subarray(offset, offset + h.length));
      return [end, value.replace(/[\0 ]+$/, '')];
    }
    offset += h.length;
  }
  fail(r, 144, 'no (0002,0010) Transfer Syntax UID in the File Meta Information');
}

/**
 * Throws an InputError when the Part 10 bytes (with "DICM" prefix) are not one complete file.
 * With `headerOnly` the walk stops at the top-level (7FE0,0010) Pixel Data, whose length must
 * fit in `fileLength` (the bytes may be the first part of the file only).
 */
export function checkPart10Structure(
  bytes: Uint8Array,
  file: string,
  options: { headerOnly?: boolean; fileLength?: number } = {},
): Part10Layout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta: Reader = { bytes, view, file, little: true };
  const [start, syntax] = walkMeta(meta);
  let r: Reader = { ...meta, little: syntax !== TS.explicitBig };
  let offset = start;
  if (syntax === TS.deflatedExplicitLittle) {
    let inflated: Uint8Array;
    try {
      inflated = inflateRawSync(bytes.subarray(start), { maxOutputLength: MAX_INFLATED_BYTES });
    } catch (error) {
      fail(meta, start, `the deflated data set cannot be inflated (${(error as Error).message})`);
    }
    r = {
      bytes: inflated,
      view: new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength),
      file,
      little: true,
    };
    offset = 0;
  }
  const stop =
    options.headerOnly === true
      ? { fileLength: r.bytes === bytes ? (options.fileLength ?? bytes.length) : r.bytes.length }
      : undefined;
  const explicit = syntax !== TS.implicitLittle;
  const end = walkDataSet(r, offset, r.bytes.length, explicit, 0, false, true, stop);
  return {
    transferSyntaxUid: syntax,
    metaEnd: start,
    dataSet: r.bytes,
    dataSetStart: offset,
    dataSetEnd: end,
  };
}
