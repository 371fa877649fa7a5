/**
 * The value of one element (PS3.5 6.2 value representations) as the list of values dcmjs gives
 * before naturalizing (dcmjs 0.51 ValueRepresentation read + DicomMessage._readTag), so the
 * datasets of the byte walker equal dcmjs's: strings split at "\" with dcmjs's trimming per VR,
 * DS/IS as numbers (null when empty), PN as {Alphabetic, Ideographic, Phonetic}, binary VRs as
 * numbers, OB/OW/UN as one copied ArrayBuffer.
 */

/** Text decoding of the encoded-string VRs (SH, LO, ST, LT, UC, UT, PN; PS3.5 6.1.2.3). */
export interface TextCodec {
  decode(value: ValueBytes): string;
}

/** The bytes of an element's value, in the instance's bytes (a Buffer view, not a copy). */
export interface ValueBytes {
  buffer: Buffer;
  view: DataView;
  start: number;
  end: number;
}

/** Latin-1 characters of the bytes (ISO-IR 6 and 100 agree below 0x80; dcmjs reads them so). */
function ascii(v: ValueBytes): string {
  return v.buffer.toString('latin1', v.start, v.end);
}

/** A codec for a WHATWG encoding label; pure-ASCII values skip the decoder (most of them). */
export function textCodec(label: string): TextCodec {
  const decoder = new TextDecoder(label);
  return {
    decode(v) {
      const b = v.buffer;
      for (let n = v.start; n < v.end; n++)
        if ((b[n] as number) >= 0x80) return decoder.decode(b.subarray(v.start, v.end));
      return b.toString('latin1', v.start, v.end);
    },
  };
}

const ENCODED = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);
/** VRs whose value dcmjs keeps whole (not split at "\"): LT, and the binary ones. */
const SINGLE = new Set(['LT']);
const BINARY_SIZE: Record<string, number> = {
  US: 2,
  SS: 2,
  UL: 4,
  SL: 4,
  FL: 4,
  FD: 8,
  AT: 4,
  UV: 8,
  SV: 8,
};
/** Pad character and the longest value of string VRs, for dcmjs's dropPadByte. */
const MAX_LENGTH: Record<string, number> = {
  AE: 16,
  CS: 16,
  AS: 4,
  DA: 8,
  DS: 16,
  DT: 26,
  IS: 12,
  LO: 64,
  SH: 16,
  TM: 16,
  UI: 64,
  ST: 1024,
  LT: 10240,
  UC: 0,
  UT: 0,
  UR: 0,
};

const rtrim = (s: string): string => s.replace(/\s*$/, '');

/**
 * dcmjs's dropPadByte: in a multi-valued string, an odd-length last value ending in the pad
 * character loses it.
 */
function dropPad(values: string[], vr: string, pad: string): string[] {
  if (values.length < 2 || !MAX_LENGTH[vr]) return values;
  const last = values[values.length - 1] ?? '';
  if (last.length % 2 !== 0 && last.endsWith(pad)) values[values.length - 1] = last.slice(0, -1);
  return values;
}

/** dcmjs's DS/IS formatNumber: characters outside [0-9.\-+e] dropped, "" is null. */
function formatNumber(text: string): number | null {
  const kept = text.trim().replace(/[^0-9.\\\-+e]/gi, '');
  return kept === '' ? null : Number(kept);
}

/** PN strings to DICOM JSON person-name objects (dcmjs pnStringToObject). */
function personNames(text: string): object[] {
  return text
    .split('\\')
    .filter(Boolean)
    .map((value) => {
      const [alphabetic, ideographic, phonetic] = value.split('=');
      return {
        ...(alphabetic ? { Alphabetic: alphabetic } : {}),
        ...(ideographic ? { Ideographic: ideographic } : {}),
        ...(phonetic ? { Phonetic: phonetic } : {}),
      };
    });
}

function binaryValues(v: ValueBytes, vr: string, little: boolean): unknown[] {
  const size = BINARY_SIZE[vr] ?? 1;
  const out: unknown[] = [];
  const view = v.view;
  for (let at = v.start; at + size <= v.end; at += size) {
    if (vr === 'US') out.push(view.getUint16(at, little));
    else if (vr === 'SS') out.push(view.getInt16(at, little));
    else if (vr === 'UL') out.push(view.getUint32(at, little));
    else if (vr === 'SL') out.push(view.getInt32(at, little));
    else if (vr === 'FL') out.push(view.getFloat32(at, little));
    else if (vr === 'FD') out.push(view.getFloat64(at, little));
    else if (vr === 'UV') out.push(view.getBigUint64(at, little));
    else if (vr === 'SV') out.push(view.getBigInt64(at, little));
    else out.push(((view.getUint16(at, little) << 16) | view.getUint16(at + 2, little)) >>> 0);
  }
  return out;
}

/** One element's values (dcmjs's Value list) from its value bytes. */
export function elementValues(
  vr: string,
  bytes: ValueBytes,
  little: boolean,
  codec: TextCodec,
): unknown[] {
  if (BINARY_SIZE[vr] !== undefined) return binaryValues(bytes, vr, little);
  if (MAX_LENGTH[vr] === undefined && vr !== 'PN') {
    // OB, OW, OF, OD, OL, OV, UN: the bytes, copied (these are small outside Pixel Data).
    return [copyBuffer(bytes.buffer.subarray(bytes.start, bytes.end))];
  }
  const text = ENCODED.has(vr) ? codec.decode(bytes) : ascii(bytes);
  if (SINGLE.has(vr)) return [rtrim(text)];
  const pad = vr === 'UI' ? '\0' : ' ';
  switch (vr) {
    case 'PN':
      return personNames(text.endsWith(' ') ? text.slice(0, -1) : text);
    case 'UI': {
      const value = text.endsWith('\0') ? text.slice(0, -1) : text;
      return dropPad(value.split('\\'), vr, pad).map((uid) => uid.replace(/[^0-9.]/g, ''));
    }
    case 'CS':
      return dropPad(text.split('\\'), vr, pad).map((s) => s.trim());
    case 'DS':
    case 'IS':
      return dropPad(text.split('\\'), vr, pad).map(formatNumber);
    case 'AE':
    case 'SH':
    case 'LO':
      return dropPad(text.trim().split('\\'), vr, pad);
    case 'TM':
    case 'ST':
    case 'UC':
    case 'UT':
      return dropPad(rtrim(text).split('\\'), vr, pad);
    default:
      // AS, DA, DT, UR: as read.
      return dropPad(text.split('\\'), vr, pad);
  }
}

/** True for VRs elementValues reads as text or numbers (not raw bytes). */
export function isKnownVr(vr: string): boolean {
  return vr in BINARY_SIZE || vr in MAX_LENGTH || vr === 'PN' || vr === 'SQ';
}

/** A copy of the bytes in an ArrayBuffer of their own (a Buffer's .buffer is a shared pool). */
export function copyBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
