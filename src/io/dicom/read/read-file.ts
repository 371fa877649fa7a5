/**
 * One DICOM Part 10 file (PS3.10 7.1: 128-byte preamble, "DICM", File Meta Information) parsed
 * with dcmjs into a naturalized dataset (keywords as keys, PS3.6), plus typed attribute getters.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { InputError } from '../../../core/errors.ts';
import { checkPart10Structure } from './file-structure.ts';

/** A naturalized dataset: PS3.6 keywords (or hex tags for private ones) to values. */
export type Dataset = Record<string, unknown>;

/** A parsed Part 10 file. */
export interface DicomFile {
  path: string;
  transferSyntaxUid: string;
  /** (0002,0002) Media Storage SOP Class UID of the File Meta Information ('' when absent). */
  mediaStorageSopClassUid: string;
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

/** Largest file read, bytes: Node reads at most 2^31 - 1 bytes into one Buffer. */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/** Why a file that is not Part 10 is skipped (listed in the series' skippedFiles). */
export const NOT_DICOM_REASON = 'not a DICOM file (no "DICM" at byte 128)';

function readBytes(path: string): Buffer {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      throw new InputError(
        { file: path },
        `expected a DICOM file, found ${fileKind(stat)}`,
        'remove it or point the manifest at the DICOM files',
      );
    }
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(path, error);
  }
  if (size > MAX_FILE_BYTES) {
    throw new InputError(
      { file: path },
      `file of ${size} bytes is larger than the 2 GiB that can be read at once`,
      'export the series as single-frame files',
    );
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** What a non-regular file is, in words (named pipe, socket, device, folder). */
export function fileKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'a special file';
}

/** An InputError for a path that cannot be read (missing, dangling link, permissions, loop). */
export function unreadable(path: string, error: unknown): InputError {
  const code = (error as { code?: string }).code;
  const what =
    code === 'ENOENT'
      ? 'does not exist (or is a dangling symbolic link)'
      : code === 'ELOOP'
        ? 'is a symbolic link loop'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? (error as Error).message})`;
  return new InputError({ file: path }, `the path ${what}`, 'check the path and the file');
}

/**
 * A file without the "DICM" prefix that still looks like DICOM: File Meta Information at byte
 * 132 (the prefix is damaged), or a data set at byte 0 (no Part 10 header: group 0002 or 0008).
 */
function looksLikeDicom(bytes: Uint8Array): string | undefined {
  const at = (n: number): number => bytes[n] ?? -1;
  if (at(132) === 0x02 && at(133) === 0 && at(134) === 0 && at(135) === 0)
    return 'the "DICM" prefix at byte 128 is damaged but File Meta Information follows it';
  if ((at(0) === 0x02 || at(0) === 0x08) && at(1) === 0 && bytes.length > 8)
    return 'a DICOM data set without the Part 10 preamble and "DICM" prefix (PS3.10 7.1)';
  return undefined;
}

/**
 * Parse a Part 10 file; null when it is not one (no "DICM" prefix and nothing like DICOM).
 * Truncated or damaged files, and paths that are not regular files, are InputErrors (see
 * file-structure.ts). With `headerOnly` the parse stops before (7FE0,0010) Pixel Data.
 */
export function parseDicomFile(
  path: string,
  options: { headerOnly?: boolean } = {},
): DicomFile | null {
  const bytes = readBytes(path);
  if (!hasDicomPrefix(bytes)) {
    const damaged = looksLikeDicom(bytes);
    if (damaged === undefined) return null;
    throw new InputError({ file: path }, damaged, 'export the series again as DICOM Part 10 files');
  }
  checkPart10Structure(bytes, path);
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  const readOptions = options.headerOnly === true ? { untilTag: '7FE00010' } : {};
  let parsed: { meta: Dataset; dict: Dataset };
  try {
    parsed = dcmjs.data.DicomMessage.readFile(buffer, readOptions);
  } catch (error) {
    throw new InputError(
      { file: path },
      `damaged DICOM file: ${(error as Error).message}`,
      'copy or export the file again',
    );
  }
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.meta);
  const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict);
  return {
    path,
    transferSyntaxUid: str(meta, 'TransferSyntaxUID') ?? '',
    mediaStorageSopClassUid: str(meta, 'MediaStorageSOPClassUID') ?? '',
    dataset,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
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
