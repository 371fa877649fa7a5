/**
 * Series ingest from a folder: find the image series (grouped by (0020,000E) Series Instance
 * UID) from the files' headers, choose one, and read it into a Volume of rescaled values
 * (PS3.3 C.11.1; CT in HU). A thin layer over the byte reader in io/dicom/read/
 * (folder-series.ts); the async versions are readSeriesAsync and listSeriesAsync there.
 */
import {
  listSeriesAsync,
  listSeriesSync,
  readSeriesAsync,
  readSeriesSync,
} from './folder-series.ts';
import type { LoadedSeries, ReadSeriesOptions, SeriesSummary } from './series-types.ts';

export type {
  LoadedSeries,
  ReadSeriesOptions,
  SeriesSummary,
  SliceSource,
} from './series-types.ts';
export { listSeriesAsync, readSeriesAsync };

/** The series in a folder (recursively), one summary per Series Instance UID (0020,000E). */
export function listSeries(folder: string): SeriesSummary[] {
  return listSeriesSync(folder);
}

/** Read one series from a folder into a Volume (rescaled values; CT in HU). */
export function readSeries(folder: string, options: ReadSeriesOptions = {}): LoadedSeries {
  return readSeriesSync(folder, options);
}
