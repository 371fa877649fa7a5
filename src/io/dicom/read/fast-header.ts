/**
 * The fast path of a folder's header scan (folder-scan.ts): the first bytes of a Part 10 file
 * whose data set is explicit VR little endian, walked once up to the top-level Pixel Data with
 * the structure checks of file-structure.ts, and a data set whose values are read only when
 * asked for (lazy-dataset.ts, with the general walker's own value readers). A CT or PET header
 * holds about 100 elements of which the reader uses 30; building all of them cost about 4/5 of
 * a header parse (bench/load.ts).
 *
 * Anything it does not handle - no "DICM", implicit VR, big endian or deflated syntaxes, a UN
 * element, an undefined length outside a sequence, no Pixel Data in the bytes - and any check
 * that fails gives undefined: the caller then parses with parseInstance, the general path,
 * which gives the same instance or the error naming what is wrong. Sequences are checked and
 * read by the general walker's functions.
 */
import { InputError } from '../../../core/errors.ts';
import { TS } from '../tags.ts';
import { characterSetCodec, DEFAULT_CODEC } from './character-set.ts';
import { elementValues, type TextCodec } from './element-values.ts';
import { badNumberText, EXPECTED_VR } from './expected-vr.ts';
import { walkItems, type Reader } from './file-structure.ts';
import { VR_BY_CODE } from './explicit-vr-layout.ts';
import type { DicomInstance } from './instance.ts';
import { lazyDataset, type LazyElement, type ValueCache } from './lazy-dataset.ts';
import { hasDicomPrefix } from './part10-prefix.ts';
import { walkMeta } from './part10-structure.ts';
import { tagInfo } from './dictionary.ts';
import { elementAt, implicitVr, natural, type Walk } from './walk-dataset.ts';

const UNDEFINED = 0xffffffff;
const PIXEL_DATA = 0x7fe00010;
const CHARACTER_SET = 0x00080005;
const MEDIA_STORAGE_SOP_CLASS = 0x00020002;
/** Syntaxes whose data set is neither explicit nor implicit VR little endian (PS3.5 A.1-A.5). */
const OTHER_LAYOUT = new Set<string>([TS.explicitBig, TS.deflatedExplicitLittle]);

/** A header read by the fast path, and its bytes before Pixel Data (a copy it reads from). */
export interface FastHeader {
  header: DicomInstance;
  prefix: Uint8Array;
}

const walkOver = (bytes: Uint8Array, file: string, explicit: boolean): Walk => ({
  bytes,
  buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  little: true,
  explicit,
  file,
  pixelsInDataset: false,
  pixelData: null,
});

type FastReader = Reader & { buffer: Buffer; walk: Walk };

/** The top-level elements up to Pixel Data; undefined when the fast path does not apply. */
interface TopLevel {
  elements: LazyElement[];
  vrMap: Record<string, string>;
  pixelLength: number;
  pixelStart: number;
}

/** The VR the walker gives an element in the end (walk-dataset.ts elementAt): UN content is SQ. */
const finalVr = (vr: string, length: number): string =>
  vr === 'UN' && length === UNDEFINED ? 'SQ' : vr;

/**
 * Walk the top-level data set from `offset` with file-structure.ts's checks (a sequence's
 * failed check throws its InputError); undefined for what the fast path leaves to the general
 * one, including every element that fails a check. Implicit VR: each VR from the dictionary as
 * the walker takes it; its sequences are read now (the structure check does not enter those of
 * defined length: a length pointing past the end is then left to the general parse).
 */
function topLevel(
  r: FastReader,
  offset: number,
  fileLength: number,
  explicit: boolean,
): TopLevel | undefined {
  const { bytes, view } = r;
  const end = bytes.length;
  const elements: LazyElement[] = [];
  const vrMap: Record<string, string> = {};
  let codec: TextCodec = DEFAULT_CODEC;
  let codecKey = '';
  let previous = -1;
  while (offset + 8 <= end) {
    const tag = ((view.getUint16(offset, true) << 16) | view.getUint16(offset + 2, true)) >>> 0;
    // Items outside a sequence and unordered tags.
    if (tag >>> 16 === 0xfffe || tag <= previous) return undefined;
    previous = tag;
    let vr: string;
    let length: number;
    let start: number;
    if (explicit) {
      const layout = VR_BY_CODE.get(
        ((bytes[offset + 4] as number) << 8) | (bytes[offset + 5] as number),
      );
      // Invalid VRs, and UN (which the walker re-types).
      if (layout === undefined || layout.vr === 'UN') return undefined;
      if (layout.long && offset + 12 > end) return undefined;
      vr = layout.vr;
      length = layout.long ? view.getUint32(offset + 8, true) : view.getUint16(offset + 6, true);
      start = offset + (layout.long ? 12 : 8);
      const expected = EXPECTED_VR.get(tag);
      if (expected !== undefined && !expected.includes(vr)) return undefined;
    } else {
      length = view.getUint32(offset + 4, true);
      vr = implicitVr(tag, length);
      start = offset + 8;
    }
    if (tag === PIXEL_DATA) {
      if (length !== UNDEFINED && length > fileLength - start) return undefined;
      return { elements, vrMap, pixelLength: length, pixelStart: start };
    }
    const ordered = (tag >>> 16) % 2 === 0;
    const place = { vr, unknownVr: false, start, length };
    let read: unknown;
    if (length === UNDEFINED) {
      if (explicit && vr !== 'SQ') return undefined;
      offset = walkItems(r, start, end, explicit, 1, true, ordered);
    } else {
      if (start + length > end) return undefined;
      if (EXPECTED_VR.has(tag) && badNumberText(tag, bytes.subarray(start, start + length)))
        return undefined;
      const stop = start + length;
      if (explicit && vr === 'SQ' && walkItems(r, start, stop, true, 1, false, ordered) !== stop)
        return undefined;
      offset = stop;
    }
    if (!explicit && finalVr(vr, length) === 'SQ') {
      try {
        read = natural(elementAt(r.walk, place, codec, false)[0]);
      } catch (error) {
        if (error instanceof RangeError) return undefined;
        throw error;
      }
    }
    const info = tagInfo(tag);
    const key = info.keyword ?? info.hex;
    const final = finalVr(vr, length);
    if (info.vr !== null && (info.vr === 'ox' || info.vr !== final)) vrMap[key] = final;
    if (tag === CHARACTER_SET && length !== UNDEFINED && vr !== 'SQ') {
      // Read now: an unsupported character set is an error of the parse, as in the general path.
      const value = { buffer: r.buffer, view, start, end: offset };
      codec = characterSetCodec(elementValues(vr, value, true, codec), r.file);
      codecKey = r.buffer.toString('latin1', start, offset);
      elements.push({ key, place, codec, codecKey, fixed: 'ISO_IR 192' });
    } else
      elements.push({
        key,
        place,
        codec,
        codecKey,
        ...(read === undefined ? {} : { fixed: read }),
      });
  }
  return undefined;
}

/**
 * (0002,0002) Media Storage SOP Class UID of the checked File Meta Information as the general
 * parse gives it ('' when absent or not one string); undefined for a UN or undefined-length
 * element before it, left to the general parse.
 */
function mediaStorageSopClass(walk: Walk, metaEnd: number): string | undefined {
  const { view, bytes } = walk;
  for (let offset = 144; offset < metaEnd;) {
    const tag = ((view.getUint16(offset, true) << 16) | view.getUint16(offset + 2, true)) >>> 0;
    const layout = VR_BY_CODE.get(
      ((bytes[offset + 4] as number) << 8) | (bytes[offset + 5] as number),
    );
    if (layout === undefined || layout.vr === 'UN') return undefined;
    const length = layout.long
      ? view.getUint32(offset + 8, true)
      : view.getUint16(offset + 6, true);
    if (length === UNDEFINED) return undefined;
    const start = offset + (layout.long ? 12 : 8);
    if (tag > MEDIA_STORAGE_SOP_CLASS) return '';
    if (tag === MEDIA_STORAGE_SOP_CLASS) {
      const place = { vr: layout.vr, unknownVr: false, start, length };
      const value = natural(elementAt(walk, place, DEFAULT_CODEC, true)[0]);
      return typeof value === 'string' ? value : '';
    }
    offset = start + length;
  }
  return '';
}

/**
 * The header of a Part 10 file from its first bytes (`fileLength`: the whole file's length), or
 * undefined when the general parse (parseInstance) must do it.
 */
export function fastHeader(
  bytes: Uint8Array,
  source: string,
  fileLength: number,
  cache?: ValueCache,
): FastHeader | undefined {
  if (!hasDicomPrefix(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta = { bytes, view, buffer, file: source, little: true };
  try {
    const [metaEnd, syntax] = walkMeta(meta);
    if (OTHER_LAYOUT.has(syntax)) return undefined;
    const explicit = syntax !== TS.implicitLittle;
    const r = { ...meta, walk: walkOver(bytes, source, explicit) };
    const top = topLevel(r, metaEnd, fileLength, explicit);
    if (top === undefined) return undefined;
    // The bytes before the Pixel Data value, copied: `bytes` may be a reused read buffer.
    const prefix = new Uint8Array(bytes.subarray(0, top.pixelStart));
    const walk = walkOver(prefix, source, explicit);
    const sopClass = mediaStorageSopClass(walk, metaEnd);
    if (sopClass === undefined) return undefined;
    const defined = top.pixelLength !== UNDEFINED;
    const header: DicomInstance = {
      path: source,
      transferSyntaxUid: syntax,
      mediaStorageSopClassUid: sopClass,
      dataset: lazyDataset(walk, top.vrMap, top.elements, cache),
      sha256: '',
      pixelData: null,
      hasPixelData: true,
      pixelDataLength: defined ? top.pixelLength : null,
      pixelDataOffset: defined ? top.pixelStart : null,
    };
    return { header, prefix };
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}
