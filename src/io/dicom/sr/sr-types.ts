/**
 * The input of iodose's Measurement Report writer (PS3.16 TID 1500 in a Comprehensive 3D SR,
 * PS3.3 A.35.13): measurement groups of coded quantities with their 1-sd uncertainty, optional
 * references to SEG segments, and qualitative evaluations (coded or text). The writer knows
 * nothing of dosimetry; src/app/results-sr.ts maps a study's results onto this.
 */
import type { DicomStudyTarget } from '../write/study-target.ts';
import type { CodeItem } from './sr-codes.ts';

export type { DicomStudyTarget } from '../write/study-target.ts';

/** One numeric measurement: concept, unit (UCUM), value and optionally its 1-sd uncertainty. */
export interface SrMeasurement {
  concept: CodeItem;
  unit: CodeItem;
  value: number;
  /** One standard deviation, same unit; absent when not known. */
  sigma?: number | undefined;
  /** Derivation (121401, DCM) modifier, e.g. Mean. */
  derivation?: CodeItem | undefined;
}

/** A qualitative evaluation: a coded answer or a text. */
export type SrEvaluation =
  { concept: CodeItem; code: CodeItem } | { concept: CodeItem; text: string };

/** A segment of a written Segmentation instance (the ROI of a TID 1411 group). */
export interface SrSegmentReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  segmentNumber: number;
  /** The series the segmentation was drawn on (Source series for segmentation). */
  sourceSeriesInstanceUid: string;
}

/**
 * One measurement group: TID 1411 (volumetric ROI) when it references a segment, else TID 1501
 * (measurements not tied to an ROI). Groups of one lesion share its tracking identifier and UID.
 */
export interface SrGroup {
  trackingId: string;
  trackingUid: string;
  /** TID 1502 Time Point (e.g. the session label). */
  timePoint?: string | undefined;
  finding?: CodeItem | undefined;
  segment?: SrSegmentReference | undefined;
  measurements: SrMeasurement[];
  evaluations: SrEvaluation[];
}

/** Descriptive attributes of the SR instance. */
export interface SrMeta {
  seriesDescription: string;
  /** Series Number; default 902. */
  seriesNumber?: number | undefined;
  /** Content date-time (local ISO); default now. */
  contentAt?: string | undefined;
  softwareVersions: string;
  seriesInstanceUid?: string | undefined;
  sopInstanceUid?: string | undefined;
}

/** The whole report. */
export interface SrDocument {
  target: DicomStudyTarget;
  groups: SrGroup[];
  /** Report-level qualitative evaluations (the decision and its reasons). */
  evaluations: SrEvaluation[];
  meta: SrMeta;
}
