/**
 * Inputs of the DICOM Segmentation writer (PS3.3 A.51 Segmentation IOD, C.8.20 Segmentation
 * modules): the referenced PET series (geometry, identity, per-slice source instances), the
 * segments as voxel indices in its grid, and the descriptive attributes of the new object.
 */
import type { Volume } from '../../../core/volume.ts';
import type { Rgb } from './seg-color.ts';
import type { CodeItem } from './seg-codes.ts';

/** The source image of slice k: an instance, and its frame when the source is multi-frame. */
export interface SegSourceSlice {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Referenced Frame Number (0008,1160), 1-based, for a multi-frame source only. */
  frameNumber?: number;
}

/**
 * Patient, General Study and Patient Study attributes copied from the source (PS3.3 C.7.1.1,
 * C.7.2.1), as DICOM-formatted strings keyed by PS3.6 keyword; absent ones are written empty.
 */
export type SegPatientStudy = Partial<
  Record<
    | 'PatientName'
    | 'PatientID'
    | 'PatientBirthDate'
    | 'PatientSex'
    | 'StudyDate'
    | 'StudyTime'
    | 'ReferringPhysicianName'
    | 'StudyID'
    | 'AccessionNumber'
    | 'StudyDescription'
    | 'PatientAge'
    | 'PatientWeight'
    | 'PatientSize',
    string
  >
>;

/** The series the segments were drawn on (the PET), in its own voxel grid. */
export interface SegReferencedSeries {
  /** Grid of the source: voxel (i, j, k) of slices[k]; data, if present, is ignored. */
  geometry: Omit<Volume, 'data'>;
  /** Slice Thickness (0018,0050) of the source, mm; default the slice spacing. */
  sliceThicknessMm?: number;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  patientStudy: SegPatientStudy;
  /** slices[k]: the source image of slice k (one per slice of the geometry). */
  slices: readonly SegSourceSlice[];
}

/** One segment: a label and the voxels it holds, as linear indices i + nx (j + ny k). */
export interface SegSegmentInput {
  /** Segment Label (0062,0005), at most 64 characters. */
  label: string;
  /** Segment Description (0062,0006). */
  description?: string;
  voxelIndices: Int32Array;
  /** Display colour (sRGB 0-255); default from SEGMENT_PALETTE. */
  color?: Rgb;
  /** Segmented Property Category; default Morphologically Altered Structure. */
  category?: CodeItem;
  /** Segmented Property Type; default Mass. */
  type?: CodeItem;
}

/** Descriptive attributes of the written Segmentation instance. */
export interface SegMeta {
  /** Series Description (0008,103E). */
  seriesDescription: string;
  /** Series Number (0020,0011); default 900. */
  seriesNumber?: number;
  /** Content Label (0070,0080): CS, upper case, digits, space or "_", at most 16; default "VOI". */
  contentLabel?: string;
  /** Content Description (0070,0081). */
  contentDescription?: string;
  /** Content Creator's Name (0070,0084), "Family^Given"; empty when absent. */
  contentCreator?: string;
  /** Content date-time (local ISO on the same clock as the source); default now. */
  contentAt?: string;
  /** Segment Algorithm Name (0062,0009); default "background-adapted 50% isocontour". */
  algorithmName?: string;
  /** Segment Algorithm Type (0062,0008); default SEMIAUTOMATIC. */
  algorithmType?: 'AUTOMATIC' | 'SEMIAUTOMATIC';
  /** Software Versions (0018,1020); default "iodose". */
  softwareVersions?: string;
  /** Series and SOP Instance UIDs; new ones when absent. */
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}
