/**
 * Writes lesion VOIs as one DICOM Segmentation (PS3.3 A.51 Segmentation IOD, C.8.20
 * Segmentation modules; BINARY, one frame per segment and slice holding voxels) referencing the
 * PET series they were drawn on, so any DICOM viewer can show them over the PET.
 */
import { segmentationDataset } from './seg-dataset.ts';
import type { SegMeta, SegReferencedSeries, SegSegmentInput } from './seg-types.ts';
import { encodeDicom, writeDicomFile } from '../write/write-file.ts';

export type { SegMeta, SegReferencedSeries, SegSegmentInput, SegSourceSlice } from './seg-types.ts';
export { SEGMENTATION_STORAGE } from './seg-dataset.ts';

/** What writeSegmentation wrote: the file, its UIDs and its frame and segment counts. */
export interface WrittenSegmentation {
  path: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  numberOfFrames: number;
  numberOfSegments: number;
}

/** Writes `segments` on `source` as a Segmentation Storage file at `path` (PS3.3 A.51, C.8.20). */
export function writeSegmentation(
  source: SegReferencedSeries,
  segments: readonly SegSegmentInput[],
  path: string,
  meta: SegMeta,
): WrittenSegmentation {
  const dataset = segmentationDataset(source, segments, meta);
  writeDicomFile(path, dataset);
  return {
    path,
    sopInstanceUid: dataset['SOPInstanceUID'] as string,
    seriesInstanceUid: dataset['SeriesInstanceUID'] as string,
    numberOfFrames: dataset['NumberOfFrames'] as number,
    numberOfSegments: segments.length,
  };
}

/** `segments` on `source` as the bytes of a Segmentation Storage file (PS3.3 A.51, C.8.20). */
export function encodeSegmentation(
  source: SegReferencedSeries,
  segments: readonly SegSegmentInput[],
  meta: SegMeta,
): { bytes: Uint8Array; sopInstanceUid: string; seriesInstanceUid: string } {
  const dataset = segmentationDataset(source, segments, meta);
  return {
    bytes: new Uint8Array(encodeDicom(dataset)),
    sopInstanceUid: dataset['SOPInstanceUID'] as string,
    seriesInstanceUid: dataset['SeriesInstanceUID'] as string,
  };
}
