/**
 * Series of the store: their summaries, folders and files, and their assembled size (set after
 * an import from the stored files' headers; cleared whenever a series gains instances).
 */
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { planSeries } from '../io/dicom/read/assemble-series.ts';
import { scanAsync } from '../io/dicom/read/folder-scan.ts';
import type { SeriesSummary } from './api-types.ts';
import { NotFoundError } from './errors.ts';
import type { Store } from './open.ts';

interface SeriesRow {
  id: number;
  timepoint_id: number;
  series_uid: string;
  study_uid: string;
  frame_of_reference_uid: string | null;
  modality: string;
  description: string;
  acquired_at: string | null;
  size_json: string | null;
  instance_count: number;
}

const SELECT_SERIES = `SELECT s.*, (SELECT COUNT(*) FROM instances i WHERE i.series_id = s.id)
  AS instance_count FROM series s`;

function summaryOf(row: SeriesRow): SeriesSummary {
  return {
    id: row.id,
    seriesInstanceUid: row.series_uid,
    studyInstanceUid: row.study_uid,
    frameOfReferenceUid: row.frame_of_reference_uid,
    modality: row.modality,
    description: row.description,
    instanceCount: row.instance_count,
    acquiredAt: row.acquired_at,
    size: row.size_json === null ? null : (JSON.parse(row.size_json) as [number, number, number]),
  };
}

/** The series of a timepoint, by acquisition time (then id). */
export function seriesOfTimepoint(store: Store, timepointId: number): SeriesSummary[] {
  const rows = store.db
    .prepare(`${SELECT_SERIES} WHERE s.timepoint_id = ? ORDER BY s.acquired_at, s.id`)
    .all(timepointId) as SeriesRow[];
  return rows.map(summaryOf);
}

/** One series with its timepoint and its folder (absolute: DIR/dicom/<SeriesInstanceUID>). */
export function getSeries(
  store: Store,
  seriesId: number,
): SeriesSummary & { timepointId: number; folder: string } {
  const row = store.db.prepare(`${SELECT_SERIES} WHERE s.id = ?`).get(seriesId) as
    SeriesRow | undefined;
  if (row === undefined) throw new NotFoundError('series', seriesId);
  // series_uid was checked (files.ts checkUid) before the row was written: digits and dots.
  return {
    ...summaryOf(row),
    timepointId: row.timepoint_id,
    folder: join(store.dataDir, 'dicom', row.series_uid),
  };
}

/** The absolute paths of a series' files, sorted. */
export function seriesFiles(store: Store, seriesId: number): string[] {
  getSeries(store, seriesId);
  const paths = store.db
    .prepare('SELECT path FROM instances WHERE series_id = ? ORDER BY path')
    .pluck()
    .all(seriesId) as string[];
  return paths.map((path) => join(store.dataDir, path));
}

/** Records the assembled size (columns, rows, slices); derived data, so no audit row. */
export function setSeriesSize(
  store: Store,
  seriesId: number,
  size: [number, number, number] | null,
): void {
  if (size !== null && !size.every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new InputError({ field: 'size' }, `expected three positive integers, got ${size}`);
  }
  const changed = store.db
    .prepare('UPDATE series SET size_json = ? WHERE id = ?')
    .run(size === null ? null : JSON.stringify(size), seriesId).changes;
  if (changed === 0) throw new NotFoundError('series', seriesId);
}

/**
 * The size the stored files of a series assemble to, from their headers (no pixels read); null
 * when they do not make one volume (an incomplete upload, a non-image series).
 */
export async function measureSeriesSize(
  store: Store,
  seriesId: number,
): Promise<[number, number, number] | null> {
  const series = getSeries(store, seriesId);
  try {
    const scan = await scanAsync(series.folder);
    const headers = scan.groups.get(series.seriesInstanceUid);
    if (headers === undefined || headers.length === 0) return null;
    const [nx, ny, nz] = planSeries(series.folder, series.seriesInstanceUid, headers).geometry.size;
    return [nx, ny, nz];
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}
