/**
 * Structure check of a Part 10 file before it is parsed (dcmjs reads a file cut at an element
 * boundary without complaint and returns the elements before the cut). Every element's header
 * and value must lie inside the file, the file must end exactly where its last element ends,
 * sequences and items must be closed (PS3.5 7.5), tags must ascend and occur once per data set
 * (PS3.5 7.1), the File Meta group length must match (PS3.10 7.1), and the attributes read by
 * iodose must carry their PS3.6 VR (explicit VR syntaxes). Each violation is an InputError naming
 * the file, the element and the byte offset.
 */
import { InputError } from '../../../core/errors.ts';
import { badNumberText, EXPECTED_VR, tagName } from './expected-vr.ts';
import { LONG_VRS, SHORT_VRS } from './explicit-vr-layout.ts';

const UNDEFINED = 0xffffffff;
const PIXEL_DATA = 0x7fe00010;
/** Deepest sequence nesting accepted; real images nest a few levels (our choice, vs. stack use). */
const MAX_DEPTH = 32;
const HINT = 'the file is damaged or incomplete: copy or export it again';

export interface Reader {
  bytes: Uint8Array;
  view: DataView;
  file: string;
  little: boolean;
}

const hex = (tag: number): string =>
  `(${(tag >>> 16).toString(16).toUpperCase().padStart(4, '0')},${(tag & 0xffff).toString(16).toUpperCase().padStart(4, '0')})`;

const label = (tag: number): string => `${hex(tag)} ${tagName(tag) ?? ''}`.trim();

export function fail(r: Reader, offset: number, what: string): never {
  throw new InputError(
    { file: r.file },
    `truncated or damaged DICOM file: ${what} (byte ${offset})`,
    HINT,
  );
}

function tagAt(r: Reader, offset: number, end: number): number {
  if (offset + 8 > end)
    fail(r, offset, `the file ends inside an element header (${end - offset} bytes left)`);
  return (
    ((r.view.getUint16(offset, r.little) << 16) | r.view.getUint16(offset + 2, r.little)) >>> 0
  );
}

/** One element header: tag, VR (explicit syntaxes), value length and header size. */
export function header(r: Reader, offset: number, end: number, explicit: boolean) {
  const tag = tagAt(r, offset, end);
  if (tag >>> 16 === 0xfffe || !explicit) {
    return { tag, vr: undefined, length: r.view.getUint32(offset + 4, r.little), size: 8 };
  }
  const vr = String.fromCharCode(r.bytes[offset + 4] ?? 0, r.bytes[offset + 5] ?? 0);
  if (LONG_VRS.has(vr)) {
    if (offset + 12 > end) fail(r, offset, `the file ends inside the header of ${hex(tag)}`);
    return { tag, vr, length: r.view.getUint32(offset + 8, r.little), size: 12 };
  }
  if (!SHORT_VRS.has(vr))
    fail(r, offset, `element ${hex(tag)} has an invalid VR ${JSON.stringify(vr)}`);
  return { tag, vr, length: r.view.getUint16(offset + 6, r.little), size: 8 };
}

/**
 * Walk the elements from `offset` to `end` (or to an item delimiter when `delimited`); returns
 * the offset after the last one. `ordered`: check ascending unique tags (not inside private
 * sequences, whose writers do not always keep the rule).
 */
export function walkDataSet(
  r: Reader,
  offset: number,
  end: number,
  explicit: boolean,
  depth: number,
  delimited: boolean,
  ordered: boolean,
  stopAtPixelData?: { fileLength: number },
): number {
  if (depth > MAX_DEPTH) fail(r, offset, `sequences nested deeper than ${MAX_DEPTH} levels`);
  let previous = -1;
  while (offset < end) {
    const h = header(r, offset, end, explicit);
    if (h.tag === 0xfffee00d && delimited) return offset + 8;
    if (h.tag >>> 16 === 0xfffe) fail(r, offset, `item tag ${hex(h.tag)} outside a sequence`);
    if (ordered && h.tag <= previous) {
      const what =
        h.tag === previous ? 'occurs twice' : `follows ${hex(previous)} (tags must ascend)`;
      fail(r, offset, `element ${hex(h.tag)} ${what}`);
    }
    previous = h.tag;
    const expected = EXPECTED_VR.get(h.tag);
    if (h.vr !== undefined && expected !== undefined && !expected.includes(h.vr)) {
      throw new InputError(
        { file: r.file, field: label(h.tag) },
        `VR ${h.vr} where PS3.6 gives ${expected.join(' or ')}`,
        HINT,
      );
    }
    const start = offset + h.size;
    if (h.tag === PIXEL_DATA && stopAtPixelData !== undefined) {
      // Header only: the value is not read; a defined length must still fit in the file.
      const left = stopAtPixelData.fileLength - start;
      if (h.length !== UNDEFINED && h.length > left)
        fail(r, offset, `element ${hex(h.tag)} needs ${h.length} bytes but only ${left} remain`);
      return offset;
    }
    const innerOrdered = ordered && (h.tag >>> 16) % 2 === 0;
    if (h.length === UNDEFINED) {
      if (h.tag === PIXEL_DATA) offset = walkFragments(r, start, end);
      else if (h.vr === undefined || h.vr === 'SQ' || h.vr === 'UN') {
        // Undefined-length UN holds implicit VR little endian content (PS3.5 6.2.2).
        const inner = h.vr === 'SQ' ? explicit : false;
        offset = walkItems(r, start, end, inner, depth + 1, true, innerOrdered);
      } else fail(r, offset, `element ${hex(h.tag)} (VR ${h.vr}) has an undefined length`);
    } else {
      if (start + h.length > end) {
        fail(
          r,
          offset,
          `element ${hex(h.tag)} needs ${h.length} bytes but only ${end - start} remain`,
        );
      }
      const bad = badNumberText(h.tag, r.bytes.subarray(start, start + h.length));
      if (bad !== undefined) {
        throw new InputError(
          { file: r.file, field: label(h.tag) },
          `${JSON.stringify(bad)} is not a valid ${EXPECTED_VR.get(h.tag)?.[0]} number (PS3.5 6.2)`,
          HINT,
        );
      }
      if (h.vr === 'SQ') {
        const after = walkItems(
          r,
          start,
          start + h.length,
          explicit,
          depth + 1,
          false,
          innerOrdered,
        );
        if (after !== start + h.length)
          fail(r, after, `sequence ${hex(h.tag)} overruns its length`);
      }
      offset = start + h.length;
    }
  }
  if (delimited) fail(r, offset, 'the file ends before the item delimiter (FFFE,E00D)');
  return offset;
}

/** Items of a sequence, up to `end` or the sequence delimiter (FFFE,E0DD) when `delimited`. */
export function walkItems(
  r: Reader,
  offset: number,
  end: number,
  explicit: boolean,
  depth: number,
  delimited: boolean,
  ordered: boolean,
): number {
  while (offset < end) {
    const tag = tagAt(r, offset, end);
    const length = r.view.getUint32(offset + 4, r.little);
    if (tag === 0xfffee0dd && delimited) return offset + 8;
    if (tag !== 0xfffee000)
      fail(r, offset, `expected a sequence item (FFFE,E000), found ${hex(tag)}`);
    const start = offset + 8;
    if (length === UNDEFINED) {
      offset = walkDataSet(r, start, end, explicit, depth, true, ordered);
    } else {
      if (start + length > end)
        fail(r, offset, `item needs ${length} bytes but only ${end - start} remain`);
      const after = walkDataSet(r, start, start + length, explicit, depth, false, ordered);
      if (after !== start + length) fail(r, after, 'an item overruns its length');
      offset = after;
    }
  }
  if (delimited) fail(r, offset, 'the file ends before the sequence delimiter (FFFE,E0DD)');
  return offset;
}

/** Encapsulated Pixel Data (PS3.5 A.4): items of defined length, then (FFFE,E0DD). */
function walkFragments(r: Reader, offset: number, end: number): number {
  while (offset < end) {
    const tag = tagAt(r, offset, end);
    const length = r.view.getUint32(offset + 4, r.little);
    if (tag === 0xfffee0dd) return offset + 8;
    if (tag !== 0xfffee000 || length === UNDEFINED) {
      fail(r, offset, `expected a pixel data fragment (FFFE,E000), found ${hex(tag)}`);
    }
    if (offset + 8 + length > end) {
      fail(
        r,
        offset,
        `pixel data fragment needs ${length} bytes but only ${end - offset - 8} remain`,
      );
    }
    offset += 8 + length;
  }
  fail(r, offset, 'the file ends inside the encapsulated pixel data');
}
