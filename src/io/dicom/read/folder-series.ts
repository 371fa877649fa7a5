/**
 * The folder reader, a thin layer over the byte reader: list the series of a folder from the
 * first part of each file (its header, up to Pixel Data), choose one, then read only that
 * series' files whole, one at a time into a reused buffer, decoding each straight into the
 * volume. The pixels of the series not chosen are never read. Native pixel data is found where
 * the header read located it, without parsing the file again (decode-series.ts). Sync and
 * async (node:fs/promises).
 */
import { InputError } from '../../../core/errors.ts';
import { listFolderFiles } from './folder-walk.ts';
import {
  describeSeries,
  loadedSeries,
  planSeries,
  type SeriesDescription,
  type SeriesPlan,
} from './assemble-series.ts';
import {
  allocateVolume,
  decodeInstanceInto,
  decodeLocatedInto,
  locatesPixels,
  type VoxelTarget,
} from './decode-series.ts';
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
const SYNC_SLOTS = 8;

/** Files read concurrently when listing a folder asynchronously (our choice). */
const CONCURRENT_READS = 4;

interface Scan {
  groups: SeriesGroups;
  skipped: SkippedFile[];
  /** The bytes before Pixel Data, by path, of files whose native pixels the header located. */
  prefixes: Map<string, Uint8Array>;
}

/**
 * A factor for every value of the chosen series, from its description, applied as the pixels
 * are decoded (read-pet-series.ts: PET units to Bq/mL at the scan start).
 */
export type ValueScale = (series: SeriesDescription) => number;

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

function scanSync(folder: string): Scan {
  const listed = listFolderFiles(folder);
  const scan = newScan(listed.skipped);
  const buffer: Buffer = Buffer.allocUnsafe(HEADER_BYTES);
  for (const path of listed.files) {
    let read: FileBytes = readFileSync(path, HEADER_BYTES, buffer);
    let header = headerFrom(path, read);
    if (header === undefined) header = headerFrom(path, (read = readFileSync(path)));
    add(scan, path, [header ?? null, prefixOf(header ?? null, read)]);
  }
  return scan;
}

async function scanAsync(folder: string): Promise<Scan> {
  const listed = listFolderFiles(folder);
  const found: Scanned[] = new Array(listed.files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    const buffer = Buffer.allocUnsafe(HEADER_BYTES);
    while (next < listed.files.length) {
      const n = next++;
      const path = listed.files[n] as string;
      let read: FileBytes = await readFileAsync(path, HEADER_BYTES, buffer);
      let header = headerFrom(path, read);
      if (header === undefined) header = headerFrom(path, (read = await readFileAsync(path)));
      found[n] = [header ?? null, prefixOf(header ?? null, read)];
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_READS }, worker));
  const scan = newScan(listed.skipped);
  listed.files.forEach((path, n) => add(scan, path, found[n] as Scanned));
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

interface Prepared {
  plan: SeriesPlan;
  target: VoxelTarget;
}

/** Choose the series, plan its grid (with its value scale) and allocate its volume. */
function prepare(
  folder: string,
  scan: Scan,
  options: ReadSeriesOptions,
  scale?: ValueScale,
): Prepared {
  const [uid, headers] = chooseSeries(folder, scan.groups, options);
  const planned = planSeries(folder, uid, headers);
  const plan =
    scale === undefined ? planned : { ...planned, valueScale: scale(describeSeries(planned)) };
  return { plan, target: allocateVolume(plan) };
}

/** Decode one file of the chosen series from its whole bytes, read again. */
function decodeRead(
  scan: Scan,
  { plan, target }: Prepared,
  header: DicomInstance,
  bytes: Uint8Array,
): void {
  const prefix = scan.prefixes.get(header.path);
  if (prefix !== undefined) decodeLocatedInto(plan, header, prefix, bytes, target);
  else decodeInstanceInto(plan, whole(header.path, bytes), target);
}

function loaded(
  folder: string,
  scan: Scan,
  { plan, target }: Prepared,
  ring: HashRing,
): LoadedSeries {
  return loadedSeries(plan, target.data, ring.finish(), scan.skipped, warningsOf(folder, scan));
}

/**
 * Read one series from a folder into a Volume (rescaled values; CT in HU), each value times
 * `scale` of the series when given.
 */
export function readSeriesSync(
  folder: string,
  options: ReadSeriesOptions = {},
  scale?: ValueScale,
): LoadedSeries {
  const scan = scanSync(folder);
  const prepared = prepare(folder, scan, options, scale);
  const ring = new HashRing(SYNC_SLOTS);
  try {
    for (const header of prepared.plan.headers) {
      const { slot, buffer } = ring.take();
      const read = readFileSync(header.path, Infinity, buffer);
      ring.submit(slot, read.bytes, header.path); // hashed in a worker while decoded here
      decodeRead(scan, prepared, header, read.bytes);
    }
    return loaded(folder, scan, prepared, ring);
  } finally {
    ring.close();
  }
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
  scale?: ValueScale,
): Promise<LoadedSeries> {
  const scan = await scanAsync(folder);
  const prepared = prepare(folder, scan, options, scale);
  const headers = prepared.plan.headers;
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
  try {
    for (let n = 0; n < READ_AHEAD; n++) prefetch(n);
    for (let n = 0; n < headers.length; n++) {
      const read = await (reads[n] as Promise<Read>);
      delete reads[n];
      // The slot of file n - 1 is free once hashed (decoded already): file n + READ_AHEAD takes it.
      prefetch(n + READ_AHEAD);
      const header = headers[n] as DicomInstance;
      ring.submit(read.slot, read.bytes, header.path);
      decodeRead(scan, prepared, header, read.bytes);
    }
    return loaded(folder, scan, prepared, ring);
  } finally {
    ring.close();
  }
}
