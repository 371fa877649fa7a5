/**
 * One DICOM Part 10 file (PS3.10 7.1: 128-byte preamble, "DICM", File Meta Information) parsed
 * with dcmjs into a naturalized dataset (keywords as keys, PS3.6), plus typed attribute getters.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A naturalized dataset: PS3.6 keywords (or hex tags for private ones) to values. */
export type Dataset = Record<string, unknown>;

/** A parsed Part 10 file. */
export interface DicomFile {
  path: string;
  transferSyntaxUid: string;
  dataset: Dataset;
  /** SHA-256 of the file's bytes, for the provenance of results (no second read needed). */
  sha256: string;
}

interface DcmjsData {
  DicomMessage: {
    readFile(
      buffer: ArrayBuffer,
      options?: { untilTag?: string; ignoreErrors?: boolean },
    ): { meta: Dataset; dict: Dataset };
  };
  DicomMetaDictionary: { naturalizeDataset(dict: Dataset): Dataset };
}

const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: DcmjsData;
  log: {
    setLevel(level: string): void;
    getLogger(name: string): { setLevel(level: string): void };
  };
};
dcmjs.log.setLevel('error');
// dcmjs reports the implicit-VR pixel data "ox" VR at error level on its validation logger.
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

/** True when the bytes carry the Part 10 "DICM" prefix at offset 128 (PS3.10 7.1). */
export function hasDicomPrefix(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/**
 * Parse a Part 10 file; null when it is not one (no "DICM" prefix). With `headerOnly` the
 * parse stops before (7FE0,0010) Pixel Data.
 */
export function parseDicomFile(
  path: string,
  options: { headerOnly?: boolean } = {},
): DicomFile | null {
  const bytes = readFileSync(path);
  if (!hasDicomPrefix(bytes)) return null;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const readOptions = options.headerOnly === true ? { untilTag: '7FE00010' } : {};
  let parsed: { meta: Dataset; dict: Dataset };
  try {
    parsed = dcmjs.data.DicomMessage.readFile(buffer, readOptions);
  } catch {
    return null;
  }
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.meta);
  const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict);
  return {
    path,
    transferSyntaxUid: str(meta, 'TransferSyntaxUID') ?? '',
    dataset,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

function first(ds: Dataset, key: string): unknown {
  const value = ds[key];
  if (Array.isArray(value)) return value[0];
  // Private tags stay un-naturalized: { vr, Value: [...] }.
  if (value !== null && typeof value === 'object' && 'Value' in value) {
    const inner = (value as { Value?: unknown }).Value;
    return Array.isArray(inner) ? inner[0] : undefined;
  }
  return value;
}

/** A string attribute (first value, trimmed), or undefined when absent or empty. */
export function str(ds: Dataset, key: string): string | undefined {
  const value = first(ds, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const alphabetic = (value as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : undefined;
  }
  const text = String(value).trim();
  return text.length > 0 ? text : undefined;
}

/** A numeric attribute (DS, IS, US, FD, ...; first value), or undefined when absent. */
export function num(ds: Dataset, key: string): number | undefined {
  const value = first(ds, key);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) ? n : undefined;
}

/** All values of a multi-valued numeric attribute (e.g. Image Position (Patient)). */
export function nums(ds: Dataset, key: string): number[] | undefined {
  const value = ds[key];
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : String(value).split('\\');
  const out = list.map((v) => (typeof v === 'number' ? v : Number(String(v).trim())));
  return out.every(Number.isFinite) && out.length > 0 ? out : undefined;
}

/** Item `index` of a sequence attribute, or undefined. */
export function item(ds: Dataset | undefined, key: string, index = 0): Dataset | undefined {
  if (ds === undefined) return undefined;
  const value = ds[key];
  if (Array.isArray(value)) return value[index] as Dataset | undefined;
  if (value !== null && typeof value === 'object')
    return index === 0 ? (value as Dataset) : undefined;
  return undefined;
}

/** All items of a sequence attribute (empty when absent). */
export function items(ds: Dataset, key: string): Dataset[] {
  const value = ds[key];
  if (Array.isArray(value)) return value as Dataset[];
  if (value !== null && typeof value === 'object') return [value as Dataset];
  return [];
}
