/**
 * Listing a folder's series from the first part of each file (its header, up to Pixel Data):
 * each header parsed from the first HEADER_BYTES (the whole file when they do not hold it), and,
 * for native pixel data ending the file, the bytes before Pixel Data kept so that the second
 * read finds the pixels without a second parse (decode-series.ts). Sync and async.
 */
import { InputError } from '../../../core/errors.ts';
import { locatesPixels } from './decode-series.ts';
import { fastHeader } from './fast-header.ts';
import type { ValueCache } from './lazy-dataset.ts';
import { listFolderFiles } from './folder-walk.ts';
import { readFileAsync, readFileSync, type FileBytes } from './instance-files.ts';
import type { DicomInstance } from './instance.ts';
import { parseInstance } from './parse-instance.ts';
import { NOT_DICOM_REASON } from './part10-prefix.ts';
import { addToSeries, type SeriesGroups } from './series-choice.ts';
import type { SkippedFile } from './series-types.ts';

/**
 * Bytes read first for a header (our choice): a CT or PET header is 2-6 kB (up to ~12 kB with
 * large private elements); a header longer than this, e.g. an enhanced multi-frame one, is read
 * again whole. 64 kB read 3/4 of each 80 kB PET file for its 2 kB header.
 */
export const HEADER_BYTES = 16 * 1024;

/** Files read concurrently when listing a folder asynchronously (our choice). */
const CONCURRENT_READS = 4;

/** The series of a folder by UID, the files left out, and the bytes before Pixel Data. */
export interface Scan {
  groups: SeriesGroups;
  skipped: SkippedFile[];
  /** The bytes before Pixel Data, by path, of files whose native pixels the header located. */
  prefixes: Map<string, Uint8Array>;
}

/**
 * The header of a file from its first bytes; undefined when they do not hold all of it (or look
 * damaged while the file goes on): then the whole file is parsed, so errors name what is wrong.
 */
function headerFrom(path: string, read: FileBytes): DicomInstance | null | undefined {
  const whole = read.bytes.length === read.fileLength;
  const options = { headerOnly: true, fileLength: read.fileLength };
  if (whole) return parseInstance({ bytes: read.bytes, source: path }, options);
  try {
    const header = parseInstance({ bytes: read.bytes, source: path }, options);
    return header === null || header.hasPixelData ? header : undefined;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** The bytes before Pixel Data when the header located native pixels ending the file. */
function prefixOf(header: DicomInstance | null, read: FileBytes): Uint8Array | undefined {
  const end = header?.pixelDataOffset ?? null;
  if (header === null || end === null || end > read.bytes.length) return undefined;
  // A copy (a Buffer's slice would be a view of the reused read buffer).
  return locatesPixels(header, read.fileLength)
    ? new Uint8Array(read.bytes.subarray(0, end))
    : undefined;
}

type Scanned = [DicomInstance | null, Uint8Array | undefined];

/**
 * A file's header from its first bytes `read` (the fast path of fast-header.ts, else the general
 * parse); `again` reads the whole file when they do not hold the header.
 */
function scanned(path: string, read: FileBytes, cache: ValueCache): Scanned | undefined {
  const fast = fastHeader(read.bytes, path, read.fileLength, cache);
  if (fast !== undefined) {
    const { header, prefix } = fast;
    return [header, locatesPixels(header, read.fileLength) ? prefix : undefined];
  }
  const header = headerFrom(path, read);
  return header === undefined ? undefined : [header, prefixOf(header, read)];
}

/** The header of a file whose first bytes did not hold it, from its whole bytes. */
function scannedWhole(path: string, read: FileBytes, cache: ValueCache): Scanned {
  const [header, prefix] = scanned(path, read, cache) ?? [null, undefined];
  return [header, prefix];
}

function add(scan: Scan, path: string, [header, prefix]: Scanned): void {
  if (header === null) return void scan.skipped.push({ path, reason: NOT_DICOM_REASON });
  addToSeries(scan.groups, header, scan.skipped);
  if (prefix !== undefined) scan.prefixes.set(path, prefix);
}

const newScan = (skipped: SkippedFile[]): Scan => ({
  groups: new Map(),
  skipped: [...skipped],
  prefixes: new Map(),
});

export function scanSync(folder: string): Scan {
  const listed = listFolderFiles(folder);
  const scan = newScan(listed.skipped);
  const buffer: Buffer = Buffer.allocUnsafe(HEADER_BYTES);
  const cache: ValueCache = new Map();
  for (const path of listed.files) {
    const found = scanned(path, readFileSync(path, HEADER_BYTES, buffer), cache);
    add(scan, path, found ?? scannedWhole(path, readFileSync(path), cache));
  }
  return scan;
}

export async function scanAsync(folder: string): Promise<Scan> {
  const listed = listFolderFiles(folder);
  const found: Scanned[] = new Array(listed.files.length);
  const cache: ValueCache = new Map();
  let next = 0;
  const worker = async (): Promise<void> => {
    const buffer = Buffer.allocUnsafe(HEADER_BYTES);
    while (next < listed.files.length) {
      const n = next++;
      const path = listed.files[n] as string;
      const first = scanned(path, await readFileAsync(path, HEADER_BYTES, buffer), cache);
      found[n] = first ?? scannedWhole(path, await readFileAsync(path), cache);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_READS }, worker));
  const scan = newScan(listed.skipped);
  listed.files.forEach((path, n) => add(scan, path, found[n] as Scanned));
  return scan;
}
