/**
 * The byte walker of parse-instance.ts: elements of a data set from their tags, VRs and lengths
 * (PS3.5 7.1: explicit and implicit VR; 7.5: items of sequences, defined or undefined length),
 * each value read by element-values.ts and the data set naturalized as dcmjs's
 * naturalizeDataset does (keywords as keys, one value alone, objects kept in their list).
 * Lengths are trusted: file-structure.ts has checked them before.
 */
import { characterSetCodec } from './character-set.ts';
import { tagInfo } from './dictionary.ts';
import { copyBuffer, elementValues, isKnownVr, type TextCodec } from './element-values.ts';
import type { Dataset, PixelDataRef } from './instance.ts';
import { LONG_VRS } from './explicit-vr-layout.ts';

const UNDEFINED = 0xffffffff;
const PIXEL_DATA = 0x7fe00010;
const CHARACTER_SET = 0x00080005;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;

export interface Walk {
  bytes: Uint8Array;
  /** The same bytes as a Buffer (no copy), for its fast latin1 string slices. */
  buffer: Buffer;
  view: DataView;
  little: boolean;
  explicit: boolean;
  file: string;
  /** Copy Pixel Data into the data set as ArrayBuffers (dcmjs's shape), for the mask readers. */
  pixelsInDataset: boolean;
  pixelData: PixelDataRef | null;
}

/** The implicit-VR VR of a tag (PS3.5 7.1.3: from the dictionary), as dcmjs chooses it. */
export function implicitVr(tag: number, length: number): string {
  const vr = tagInfo(tag).vr;
  if (vr !== null) return vr === 'xs' ? 'US' : vr === 'ox' ? 'OW' : isKnownVr(vr) ? vr : 'UN';
  if (length === UNDEFINED) return 'SQ';
  if (tag === PIXEL_DATA) return 'OW';
  const element = tag & 0xffff;
  if ((tag >>> 16) % 2 === 1 && element >= 0x10 && element <= 0xff) return 'LO';
  return 'UN';
}

/** Naturalized value (dcmjs naturalizeDataset): one plain value alone, objects stay listed. */
export function natural(values: unknown[]): unknown {
  if (values.length !== 1) return values;
  const only = values[0];
  return only !== null && typeof only === 'object' ? values : only;
}

/** Fragments of undefined-length OB/OW (PS3.5 A.4) from `offset`; returns [fragments, end]. */
function fragments(w: Walk, offset: number): [Uint8Array[], number[], number] {
  const list: Uint8Array[] = [];
  const at: number[] = [];
  for (;;) {
    const tag =
      ((w.view.getUint16(offset, w.little) << 16) | w.view.getUint16(offset + 2, w.little)) >>> 0;
    const length = w.view.getUint32(offset + 4, w.little);
    if (tag === SEQUENCE_END) return [list, at, offset + 8];
    at.push(offset);
    list.push(w.bytes.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
}

function pixelRef(w: Walk, vr: string, start: number, length: number): [PixelDataRef, number] {
  if (length !== UNDEFINED)
    return [
      { encapsulated: false, vr, bytes: w.bytes.subarray(start, start + length) },
      start + length,
    ];
  const [all, at, end] = fragments(w, start);
  const table = all[0] ?? new Uint8Array(0);
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const offsets = Array.from({ length: table.byteLength >>> 2 }, (_, n) =>
    view.getUint32(4 * n, true),
  );
  const first = at[1] ?? end;
  return [
    {
      encapsulated: true,
      vr,
      offsets,
      fragments: all.slice(1),
      fragmentOffsets: at.slice(1).map((o) => o - first),
    },
    end,
  ];
}

/** Items of a sequence from `offset` to `end` (or its delimiter); returns [items, end]. */
function items(
  w: Walk,
  offset: number,
  end: number,
  codec: TextCodec,
  explicit: boolean,
): [Dataset[], number] {
  const list: Dataset[] = [];
  while (offset < end) {
    const tag =
      ((w.view.getUint16(offset, w.little) << 16) | w.view.getUint16(offset + 2, w.little)) >>> 0;
    const length = w.view.getUint32(offset + 4, w.little);
    if (tag === SEQUENCE_END) return [list, offset + 8];
    const start = offset + 8;
    const [item, after] =
      length === UNDEFINED
        ? dataSet(w, start, w.bytes.length, codec, explicit, true, false)
        : dataSet(w, start, start + length, codec, explicit, false, false);
    list.push(item);
    offset = after;
  }
  return [list, offset];
}

/** One element's header as the walker read it: VR (after UN re-typing), value start and length. */
export interface ElementPlace {
  vr: string;
  /** Explicit VR UN (its content is implicit VR little endian, PS3.5 6.2.2). */
  unknownVr: boolean;
  start: number;
  length: number;
}

/**
 * The values of one element other than top-level Pixel Data (dcmjs's list before naturalizing),
 * its final VR and the offset after it: fragments of undefined-length OB/OW, sequence items, or
 * elementValues. Shared by dataSet and the lazy data set of fast-header.ts.
 */
export function elementAt(
  w: Walk,
  place: ElementPlace,
  codec: TextCodec,
  explicit: boolean,
): [unknown[], string, number] {
  const { vr, unknownVr, start, length } = place;
  if (length === UNDEFINED && vr !== 'SQ' && vr !== 'UN') {
    const [list, , after] = fragments(w, start);
    return [list.slice(1).map((f) => copyBuffer(f)), vr, after];
  }
  if (vr === 'SQ' || (length === UNDEFINED && vr === 'UN')) {
    // UN content (also a UN re-typed to SQ above) is implicit VR little endian.
    const inner = vr === 'SQ' && !unknownVr ? explicit : false;
    const stop = length === UNDEFINED ? w.bytes.length : start + length;
    const [list, after] = items(w, start, stop, codec, inner);
    return [list, 'SQ', length === UNDEFINED ? after : start + length];
  }
  const value = { buffer: w.buffer, view: w.view, start, end: start + length };
  return [elementValues(vr, value, w.little, codec), vr, start + length];
}

/**
 * The elements from `offset` to `end` (or to the item delimiter when `delimited`), naturalized;
 * returns [dataset, offset after]. `top`: the top-level data set, where Pixel Data is located.
 */
export function dataSet(
  w: Walk,
  offset: number,
  end: number,
  inherited: TextCodec,
  explicit: boolean,
  delimited: boolean,
  top: boolean,
): [Dataset, number] {
  const ds: Dataset = { _vrMap: {} };
  const vrMap = ds['_vrMap'] as Record<string, string>;
  let codec = inherited;
  const { view, little } = w;
  while (offset < end) {
    const tag = ((view.getUint16(offset, little) << 16) | view.getUint16(offset + 2, little)) >>> 0;
    if (tag === ITEM_END && delimited) return [ds, offset + 8];
    let vr: string;
    let length: number;
    let start: number;
    if (!explicit) {
      length = view.getUint32(offset + 4, little);
      vr = implicitVr(tag, length);
      start = offset + 8;
    } else {
      vr = String.fromCharCode(w.bytes[offset + 4] ?? 0, w.bytes[offset + 5] ?? 0);
      const long = LONG_VRS.has(vr);
      length = long ? view.getUint32(offset + 8, little) : view.getUint16(offset + 6, little);
      start = offset + (long ? 12 : 8);
    }
    const info = tagInfo(tag);
    // An explicit UN element holds implicit VR little endian content (PS3.5 6.2.2).
    const unknownVr = explicit && vr === 'UN';
    if (unknownVr && info.vr !== null && length !== UNDEFINED) {
      // dcmjs reads a UN element of a known tag with the dictionary's VR (little endian).
      vr = implicitVr(tag, length);
    }
    const key = info.keyword ?? info.hex;
    let values: unknown[];
    if (tag === PIXEL_DATA && top) {
      const [ref, after] = pixelRef(w, vr, start, length);
      w.pixelData = ref;
      offset = after;
      if (!w.pixelsInDataset) continue;
      values = ref.encapsulated ? ref.fragments.map((f) => copyBuffer(f)) : [copyBuffer(ref.bytes)];
    } else {
      [values, vr, offset] = elementAt(w, { vr, unknownVr, start, length }, codec, explicit);
      if (tag === CHARACTER_SET && length !== UNDEFINED && vr !== 'SQ') {
        codec = characterSetCodec(values, w.file);
        values = ['ISO_IR 192']; // dcmjs: the values are now JavaScript (Unicode) strings.
      }
    }
    if (info.vr !== null && (info.vr === 'ox' || info.vr !== vr)) vrMap[key] = vr;
    ds[key] = natural(values);
  }
  return [ds, offset];
}

/**
 * Value length of the element at `offset` (null when undefined) and where its value starts,
 * read from its header (PS3.5 7.1.2: 12 bytes for explicit VRs of 32-bit length, else 8).
 */
export function lengthAt(w: Walk, offset: number): { length: number | null; start: number } {
  const vr = String.fromCharCode(w.bytes[offset + 4] ?? 0, w.bytes[offset + 5] ?? 0);
  const long = w.explicit && LONG_VRS.has(vr);
  const length = !w.explicit
    ? w.view.getUint32(offset + 4, w.little)
    : long
      ? w.view.getUint32(offset + 8, w.little)
      : w.view.getUint16(offset + 6, w.little);
  return { length: length === UNDEFINED ? null : length, start: offset + (long ? 12 : 8) };
}
