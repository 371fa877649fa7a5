/**
 * Inputs and result of the RT Dose writer (PS3.3 A.18 RT Dose IOD): the identity of the image
 * series the dose was computed on (its study, frame of reference, patient; optionally its series
 * and instances, to reference them) and the descriptive attributes of the new instance.
 * The output of segSourceFromSeries (seg/seg-source.ts) for a loaded PET is a valid reference.
 */
import type { SegPatientStudy } from '../seg/seg-types.ts';

/** Patient, General Study and Patient Study attributes, DICOM-formatted, keyed by keyword. */
export type RtDosePatientStudy = SegPatientStudy;

/** One instance of the referenced series (SOP Instance Reference Macro, PS3.3 Table 10-11). */
export interface RtDoseReferencedInstance {
  sopClassUid: string;
  sopInstanceUid: string;
}

/** The series the dose belongs to (the first session's PET): the RT Dose joins its study. */
export interface RtDoseReference {
  studyInstanceUid: string;
  /** Frame of Reference UID (0020,0052) of the PET: the dose grid's coordinates are its LPS. */
  frameOfReferenceUid: string;
  patientStudy: RtDosePatientStudy;
  /** Series Instance UID of the PET, recorded in Referenced Series Sequence (0008,1115). */
  seriesInstanceUid?: string;
  /** The PET's instances, recorded as source images (Referenced Image Sequence (0008,1140)). */
  slices?: readonly RtDoseReferencedInstance[];
}

/** Tissue Heterogeneity Correction (3004,0014) terms (PS3.3 C.8.8.3). */
export type TissueHeterogeneityCorrection = 'IMAGE' | 'ROI_OVERRIDE' | 'WATER';

/** Descriptive attributes of the written RT Dose instance. */
export interface RtDoseMeta {
  /** Series Description (0008,103E), LO (<= 64 characters), e.g. "131I voxel dose at 5.55 GBq". */
  seriesDescription: string;
  /** Dose Comment (3004,0006), LO (<= 64 characters); default the series description. */
  doseComment?: string;
  /** Series Number (0020,0011); default 901. */
  seriesNumber?: number;
  /** Content date-time (local ISO on the clock of the reference); default now. */
  contentAt?: string;
  /** How the dose calculation treated tissue density; absent when not stated. */
  tissueHeterogeneityCorrection?: TissueHeterogeneityCorrection;
  /**
   * Bits Allocated of the pixels, 16 (default) or 32. 16 bits keep the dose to 7.6e-6 of its
   * maximum and pass dicom3tools' dciodvfy; 32 bits (1.2e-10) are valid DICOM but that
   * validator (2022 build) aborts on any 32-bit pixel data.
   */
  bitsAllocated?: 16 | 32;
  /** Slice Thickness (0018,0050), mm; default the distance between frames. */
  sliceThicknessMm?: number;
  /** Software Versions (0018,1020); default "iodose <version>". */
  softwareVersions?: string;
  /** Series and SOP Instance UIDs; new ones when absent. */
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

/** What the RT Dose writer produced. */
export interface EncodedRtDose {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  numberOfFrames: number;
  /** Dose Grid Scaling (3004,000E) as written, Gy per stored unit. */
  doseGridScaling: number;
  /** Largest |stored x scaling - dose| over the grid, Gy (<= doseGridScaling / 2). */
  maxQuantisationErrorGy: number;
  /** True when the volume's slices ran against the normal and were written in reverse. */
  framesReversed: boolean;
}
