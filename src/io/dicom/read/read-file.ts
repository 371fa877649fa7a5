/**
 * One DICOM Part 10 file (PS3.10 7.1: 128-byte preamble, "DICM", File Meta Information) parsed
 * into a naturalized dataset (keywords as keys, PS3.6) by the byte reader
 * (io/dicom/read/parse-instance.ts), plus typed attribute getters.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from './instance-files.ts';
import type { DicomFile } from './instance.ts';
import { parseInstance } from './parse-instance.ts';
import type { Dataset } from './instance.ts';

export type { Dataset, DicomFile } from './instance.ts';
export { fileKind, MAX_FILE_BYTES, unreadable } from './instance-files.ts';
export { hasDicomPrefix, NOT_DICOM_REASON } from './part10-prefix.ts';

/**
 * Parse a Part 10 file; null when it is not one (no "DICM" prefix and nothing like DICOM).
 * Truncated or damaged files, and paths that are not regular files, are InputErrors (see
 * file-structure.ts). With `headerOnly` the parse stops before (7FE0,0010) Pixel Data; without
 * it, Pixel Data is in the dataset as dcmjs puts it (ArrayBuffers), for the SEG and RTSTRUCT
 * readers.
 */
export function parseDicomFile(
  path: string,
  options: { headerOnly?: boolean } = {},
): DicomFile | null {
  const { bytes } = readFileSync(path);
  const headerOnly = options.headerOnly === true;
  const file = parseInstance(
    { bytes, source: path },
    { headerOnly, pixelDataInDataset: !headerOnly },
  );
  if (file === null) return null;
  const sha256 = headerOnly ? createHash('sha256').update(bytes).digest('hex') : file.sha256;
  return { ...file, sha256 };
}

/**
 * True when attribute `key` is in the data set, even with a value that is no number: dcmjs gives
 * null for an empty element and for a DS/IS that does not parse ("NaN"), so both count as present.
 */
export function present(ds: Dataset, key: string): boolean {
  if (!Object.hasOwn(ds, key)) return false;
  const value = ds[key];
  return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
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
