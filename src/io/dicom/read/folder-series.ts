/**
 * The folder reader, a thin layer over the byte reader: list the series of a folder from the
 * first part of each file (its header, up to Pixel Data), choose one, then read only that
 * series' files whole, one at a time into a reused buffer, decoding each straight into the
 * volume. The pixels of the series not chosen are never read. Sync and async (node:fs/promises).
 */
import { InputError } from '../../../core/errors.ts';
import { listFolderFiles } from './folder-walk.ts';
import { allocateVolume, decodeInstanceInto, loadedSeries, planSeries } from './assemble-series.ts';
import { readFileAsync, readFileSync, type FileBytes } from './instance-files.ts';
import type { DicomInstance } from './instance.ts';
import { HashRing } from './hash-ring.ts';
import { parseInstance } from './parse-instance.ts';
import { NOT_DICOM_REASON } from './part10-prefix.ts';
import {
  addToSeries,
  chooseSeries,
  skippedWarning,
  summarise,
  type SeriesGroups,
} from './series-choice.ts';
import type {
  LoadedSeries,
  ReadSeriesOptions,
  SeriesSummary,
  SkippedFile,
} from './series-types.ts';

/**
 * Bytes read first for a header (our choice): a CT or PET header is 2-6 kB; an enhanced
 * multi-frame header longer than this is read again whole.
 */
export const HEADER_BYTES = 64 * 1024;

/** Files in flight in readSeriesSync (our choice): the hashing worker may lag this many behind. */
const SYNC_SLOTS = 4;

/** Files read concurrently when listing a folder asynchronously (our choice). */
const CONCURRENT_READS = 4;

interface Scan {
  groups: SeriesGroups;
  skipped: SkippedFile[];
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

function add(scan: Scan, path: string, header: DicomInstance | null): void {
  if (header === null) scan.skipped.push({ path, reason: NOT_DICOM_REASON });
  else addToSeries(scan.groups, header, scan.skipped);
}

function scanSync(folder: string): Scan {
  const listed = listFolderFiles(folder);
  const scan: Scan = { groups: new Map(), skipped: [...listed.skipped] };
  let buffer: Buffer = Buffer.allocUnsafe(HEADER_BYTES);
  for (const path of listed.files) {
    const first = readFileSync(path, HEADER_BYTES, buffer);
    buffer = first.buffer.length <= HEADER_BYTES ? first.buffer : buffer;
    let header = headerFrom(path, first);
    if (header === undefined) header = headerFrom(path, readFileSync(path));
    add(scan, path, header ?? null);
  }
  return scan;
}

async function scanAsync(folder: string): Promise<Scan> {
  const listed = listFolderFiles(folder);
  const headers: (DicomInstance | null)[] = new Array(listed.files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    const buffer = Buffer.allocUnsafe(HEADER_BYTES);
    while (next < listed.files.length) {
      const n = next++;
      const path = listed.files[n] as string;
      let header = headerFrom(path, await readFileAsync(path, HEADER_BYTES, buffer));
      if (header === undefined) header = headerFrom(path, await readFileAsync(path));
      headers[n] = header ?? null;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_READS }, worker));
  const scan: Scan = { groups: new Map(), skipped: [...listed.skipped] };
  listed.files.forEach((path, n) => add(scan, path, headers[n] ?? null));
  return scan;
}

const summaries = (scan: Scan): SeriesSummary[] =>
  [...scan.groups].map(([uid, files]) => summarise(uid, files));

/** The series in a folder (recursively), one summary per Series Instance UID (0020,000E). */
export function listSeriesSync(folder: string): SeriesSummary[] {
  return summaries(scanSync(folder));
}

/** The series in a folder, read asynchronously. */
export async function listSeriesAsync(folder: string): Promise<SeriesSummary[]> {
  return summaries(await scanAsync(folder));
}

/** The whole instance read in the second pass; null would mean it is no longer DICOM. */
function whole(path: string, bytes: Uint8Array): DicomInstance {
  const instance = parseInstance({ bytes, source: path }, { sha256: false });
  if (instance === null) {
    throw new InputError(
      { file: path },
      'the file changed while the series was read (it is no longer a DICOM file)',
      'read the series again once it is completely copied',
    );
  }
  return instance;
}

function warningsOf(folder: string, scan: Scan): string[] {
  return scan.skipped.length > 0 ? [skippedWarning(folder, scan.skipped)] : [];
}

/** Read one series from a folder into a Volume (rescaled values; CT in HU). */
export function readSeriesSync(folder: string, options: ReadSeriesOptions = {}): LoadedSeries {
  const scan = scanSync(folder);
  const [uid, headers] = chooseSeries(folder, scan.groups, options);
  const plan = planSeries(folder, uid, headers);
  const target = allocateVolume(plan);
  const ring = new HashRing(SYNC_SLOTS);
  for (const header of headers) {
    const { slot, buffer } = ring.take();
    const read = readFileSync(header.path, Infinity, buffer);
    ring.submit(slot, read.bytes, header.path); // hashed in a worker while decoded here
    decodeInstanceInto(plan, whole(header.path, read.bytes), target);
  }
  return loadedSeries(plan, target, ring.finish(), scan.skipped, warningsOf(folder, scan));
}

/**
 * Files read ahead while one is decoded (our choice): each asynchronous read costs several
 * thread-pool round trips (open, fstat, read, close), hidden only when a few are in flight.
 */
const READ_AHEAD = 4;

/**
 * Read one series from a folder, asynchronously: the next READ_AHEAD files are read while the
 * current one is decoded and hashed (a ring of reused shared buffers, hash-ring.ts).
 */
export async function readSeriesAsync(
  folder: string,
  options: ReadSeriesOptions = {},
): Promise<LoadedSeries> {
  const scan = await scanAsync(folder);
  const [uid, headers] = chooseSeries(folder, scan.groups, options);
  const plan = planSeries(folder, uid, headers);
  const target = allocateVolume(plan);
  const ring = new HashRing(READ_AHEAD + 1);
  type Read = FileBytes & { slot: number };
  const reads: Promise<Read>[] = [];
  // A read still running when decoding fails is awaited by no one: its rejection is dropped.
  const prefetch = (n: number): void => {
    if (n >= headers.length) return;
    const path = (headers[n] as DicomInstance).path;
    const { slot, buffer } = ring.take();
    const read = readFileAsync(path, Infinity, buffer).then((bytes) => ({ ...bytes, slot }));
    read.catch(() => undefined);
    reads[n] = read;
  };
  for (let n = 0; n < READ_AHEAD; n++) prefetch(n);
  for (let n = 0; n < headers.length; n++) {
    const read = await (reads[n] as Promise<Read>);
    delete reads[n];
    // The slot of file n - 1 is free once hashed (decoded already): file n + READ_AHEAD takes it.
    prefetch(n + READ_AHEAD);
    const path = (headers[n] as DicomInstance).path;
    ring.submit(read.slot, read.bytes, path);
    decodeInstanceInto(plan, whole(path, read.bytes), target);
  }
  return loadedSeries(plan, target, ring.finish(), scan.skipped, warningsOf(folder, scan));
}
