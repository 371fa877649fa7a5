/** The records of a series read: what a folder holds, and a series loaded into a Volume. */
import type { Volume } from '../../../core/volume.ts';
import type { VoxelData } from './decode-into.ts';

export type { VoxelData };

/** A file or folder left out of a series read, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** One series found in a folder (or among instances). */
export interface SeriesSummary {
  seriesInstanceUid: string;
  modality: string;
  description: string;
  files: number;
  frameOfReferenceUid?: string;
}

/** Where each slice k of the volume came from, with its rescale and acquisition time. */
export interface SliceSource {
  file: string;
  frameIndex: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  acquisitionDateTime: string | null;
}

/**
 * A series read into a Volume of rescaled values (HU for CT): Float32, or Int16 for a CT whose
 * values are integers within Int16 (the same numbers; assemble-series.ts). Read values as numbers.
 */
export interface LoadedSeries<D extends VoxelData = VoxelData> {
  volume: Volume<D>;
  modality: 'PT' | 'CT' | string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string | null;
  files: string[];
  /** SHA-256 of each file in `files`, same order. */
  filesSha256: string[];
  /** Selected attributes of the first slice (keywords as in PS3.6). */
  header: Record<string, unknown>;
  /** slices[k] describes slice k of the volume. */
  slices: SliceSource[];
  /** Files in the folder not read as part of any series (not DICOM, no series), and why. */
  skippedFiles: SkippedFile[];
  warnings: string[];
}

/** Options of readSeries: which series to take when the folder holds several. */
export interface ReadSeriesOptions {
  modality?: 'PT' | 'CT';
  seriesInstanceUid?: string;
}
