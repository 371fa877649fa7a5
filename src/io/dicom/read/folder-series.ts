/**
 * The folder reader, a thin layer over the byte reader: list the series of a folder from the
 * first part of each file (its header, up to Pixel Data), choose one, then read only that
 * series' files whole, one at a time into a reused buffer, in slice order, decoding each
 * straight into the volume (its memory faulted in meanwhile by a worker: prefault.ts). The
 * pixels of the series not chosen are never read. Native pixel data is found where the header
 * read located it, without parsing the file again (decode-series.ts). Sync and async (the
 * callbacks of node:fs: instance-files.ts).
 */
import { InputError } from '../../../core/errors.ts';
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
  filesInSliceOrder,
  finishVolume,
  type VoxelTarget,
} from './decode-series.ts';
import { scanAsync, scanSync, type Scan } from './folder-scan.ts';
import { readFileAsync, readFileSync, readKnownAsync, type FileBytes } from './instance-files.ts';
import type { DicomInstance } from './instance.ts';
import { HashRing, warmHashing } from './hash-ring.ts';
import { warmPrefault } from './prefault.ts';
import { parseInstance } from './parse-instance.ts';
import { chooseSeries, skippedWarning, summarise } from './series-choice.ts';
import type { LoadedSeries, ReadSeriesOptions, SeriesSummary } from './series-types.ts';

export { HEADER_BYTES } from './folder-scan.ts';

/** Files in flight in readSeriesSync (our choice): the hashing worker may lag this many behind. */
const SYNC_SLOTS = 8;

/**
 * A factor for every value of the chosen series, from its description, applied as the pixels
 * are decoded (read-pet-series.ts: PET units to Bq/mL at the scan start).
 */
export type ValueScale = (series: SeriesDescription) => number;

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

/** The workers a series read uses boot while the headers are read (a first read in a process). */
function warmWorkers(): void {
  warmHashing();
  warmPrefault();
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
  return { plan, target: allocateVolume(plan, true) };
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
  warmWorkers();
  const scan = scanSync(folder);
  const prepared = prepare(folder, scan, options, scale);
  const ring = new HashRing(SYNC_SLOTS);
  try {
    for (const header of filesInSliceOrder(prepared.plan)) {
      const { slot, buffer } = ring.take();
      const read = readFileSync(header.path, Infinity, buffer);
      ring.submit(slot, read.bytes, header.path); // hashed in a worker while decoded here
      decodeRead(scan, prepared, header, read.bytes);
    }
    return loaded(folder, scan, prepared, ring);
  } finally {
    ring.close();
    finishVolume(prepared.target);
  }
}

/** The length of a file whose native pixels end it (locatesPixels), from its header read. */
const knownLength = (header: DicomInstance): number | undefined =>
  header.pixelDataOffset === null || header.pixelDataLength === null
    ? undefined
    : header.pixelDataOffset + header.pixelDataLength;

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
  warmWorkers();
  const scan = await scanAsync(folder);
  const prepared = prepare(folder, scan, options, scale);
  const headers = filesInSliceOrder(prepared.plan);
  const ring = new HashRing(READ_AHEAD + 1);
  type Read = FileBytes & { slot: number };
  const reads: Promise<Read>[] = [];
  // A read still running when decoding fails is awaited by no one: its rejection is dropped.
  const prefetch = (n: number): void => {
    if (n >= headers.length) return;
    const header = headers[n] as DicomInstance;
    const { slot, buffer } = ring.take();
    // A file whose pixels the header located: its length is known (no fstat needed).
    const known = scan.prefixes.has(header.path) ? knownLength(header) : undefined;
    const reading =
      known === undefined
        ? readFileAsync(header.path, Infinity, buffer)
        : readKnownAsync(header.path, known, buffer);
    const read = reading.then((bytes) => ({ ...bytes, slot }));
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
    finishVolume(prepared.target);
  }
}
