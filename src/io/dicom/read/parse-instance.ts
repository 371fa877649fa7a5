/**
 * One Part 10 instance (PS3.10 7.1) from its bytes: File Meta Information, then the data set in
 * explicit or implicit VR little endian (or deflated, or explicit big endian, whose pixels the
 * codecs refuse), sequences of defined and undefined length (PS3.5 7.5), naturalized as dcmjs
 * does (keywords from dcmjs's dictionary). Pixel Data is located, not copied (PixelDataRef).
 *
 * Why a byte walker of our own rather than dcmjs's DicomMessage.readFile: dcmjs copies the file's
 * buffer and every Pixel Data fragment, and even with untilTag it spends about 1 ms per file on
 * a CT header (bench/); loading must stay within a few times the cost of reading the bytes.
 * Before any value is read, file-structure.ts checks the whole layout (lengths inside the file,
 * closed sequences, ascending tags, expected VRs), so the walk below trusts its lengths.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../../../core/errors.ts';
import { checkPart10Structure } from './part10-structure.ts';
import { TS } from '../tags.ts';
import { DEFAULT_CODEC } from './character-set.ts';
import type { DicomInstance, InstanceBytes } from './instance.ts';
import { hasDicomPrefix, looksLikeDicom } from './part10-prefix.ts';
import { dataSet, lengthAt, type Walk } from './walk-dataset.ts';

/** Options of parseInstance. */
export interface ParseOptions {
  /** Stop at the top-level Pixel Data: `bytes` may then be the first part of the file only. */
  headerOnly?: boolean;
  /** Length of the whole file when `bytes` is its first part (headerOnly). */
  fileLength?: number;
  /** Also put Pixel Data in the data set as dcmjs does (ArrayBuffers, copied). */
  pixelDataInDataset?: boolean;
  /** False: leave `sha256` empty, the caller hashes the bytes itself (hash-ring.ts). */
  sha256?: boolean;
}

/**
 * Parse one instance; null when the bytes are not Part 10 (no "DICM" prefix and nothing like
 * DICOM). Damaged or truncated bytes are InputErrors naming `source` (file-structure.ts).
 */
export function parseInstance(
  input: InstanceBytes,
  options: ParseOptions = {},
): DicomInstance | null {
  const { source } = input;
  // A plain Uint8Array view (no copy): a Buffer's slice() would not copy, its subarrays are Buffers.
  const bytes = new Uint8Array(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  if (!hasDicomPrefix(bytes)) {
    const damaged = looksLikeDicom(bytes);
    if (damaged === undefined) return null;
    throw new InputError(
      { file: source },
      damaged,
      'export the series again as DICOM Part 10 files',
    );
  }
  const headerOnly = options.headerOnly === true;
  const layout = checkPart10Structure(bytes, source, {
    headerOnly,
    ...(options.fileLength === undefined ? {} : { fileLength: options.fileLength }),
  });
  const metaWalk: Walk = {
    bytes,
    buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    little: true,
    explicit: true,
    file: source,
    pixelsInDataset: false,
    pixelData: null,
  };
  const [meta] = dataSet(metaWalk, 144, layout.metaEnd, DEFAULT_CODEC, true, false, false);
  const data = layout.dataSet;
  const walk: Walk = {
    ...metaWalk,
    bytes: data,
    buffer:
      data === bytes ? metaWalk.buffer : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    view:
      data === bytes ? metaWalk.view : new DataView(data.buffer, data.byteOffset, data.byteLength),
    little: layout.transferSyntaxUid !== TS.explicitBig,
    explicit: layout.transferSyntaxUid !== TS.implicitLittle,
    pixelsInDataset: options.pixelDataInDataset === true,
  };
  const end = headerOnly ? layout.dataSetEnd : data.length;
  const [dataset] = withinBounds(source, () =>
    dataSet(walk, layout.dataSetStart, end, DEFAULT_CODEC, walk.explicit, false, true),
  );
  const hasPixelData = headerOnly ? layout.dataSetEnd < data.length : walk.pixelData !== null;
  const text = (key: string): string => {
    const value = meta[key];
    return typeof value === 'string' ? value : '';
  };
  const pixels = pixelDataPlace(walk, headerOnly, hasPixelData, layout.dataSetEnd);
  return {
    path: source,
    transferSyntaxUid: layout.transferSyntaxUid,
    mediaStorageSopClassUid: text('MediaStorageSOPClassUID'),
    dataset,
    sha256:
      headerOnly || options.sha256 === false
        ? ''
        : createHash('sha256').update(bytes).digest('hex'),
    pixelData: headerOnly ? null : walk.pixelData,
    hasPixelData,
    pixelDataLength: pixels.length,
    // Offsets in an inflated data set are not offsets in the instance's bytes.
    pixelDataOffset: data === bytes ? pixels.offset : null,
  };
}

/** Value length and offset of native Pixel Data (null: absent, encapsulated or undefined). */
function pixelDataPlace(
  walk: Walk,
  headerOnly: boolean,
  hasPixelData: boolean,
  pixelDataAt: number,
): { length: number | null; offset: number | null } {
  if (!hasPixelData) return { length: null, offset: null };
  if (headerOnly) {
    const { length, start } = lengthAt(walk, pixelDataAt);
    return { length, offset: length === null ? null : start };
  }
  const ref = walk.pixelData;
  if (ref === null || ref.encapsulated) return { length: null, offset: null };
  return { length: ref.bytes.byteLength, offset: ref.bytes.byteOffset - walk.bytes.byteOffset };
}

/**
 * The structure check (file-structure.ts) validates the lengths the walker follows; content it
 * treats as opaque (a defined-length UN read with its dictionary VR) can still point past the
 * end: a RangeError of the DataView then becomes an InputError naming the file, never a crash.
 */
function withinBounds<T>(source: string, walk: () => T): T {
  try {
    return walk();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new InputError(
      { file: source },
      `an element's length points past the end of its data (${error.message})`,
      'the file is damaged: export the series again',
    );
  }
}
