/**
 * What a caller says about a series to write (patient, study, session, equipment, acquisition):
 * the typed `meta` of writeCtSeries and writePetSeries. Times are naive local ISO date-times on
 * the scanner clock ("2024-03-05T09:15:00"), as in the study manifest.
 */
import { newUid } from './write-uid.ts';

/** Patient Module (PS3.3 C.7.1.1) and Patient Study Module (C.7.2.2) values. */
export interface DicomPatientMeta {
  id: string;
  /** Person name, DICOM style "Family^Given". */
  name: string;
  weightKg?: number;
  heightCm?: number;
  sex?: 'F' | 'M' | 'O';
  /** "YYYY-MM-DD". */
  birthDate?: string;
}

/** General Study Module (PS3.3 C.7.2.1) values shared by every series of a study. */
export interface DicomStudyMeta {
  instanceUid: string;
  id: string;
  description: string;
  /** Study date-time (local ISO). */
  at: string;
  accessionNumber?: string;
}

/** General Equipment Module (PS3.3 C.7.5.1) values. */
export interface DicomEquipmentMeta {
  manufacturer: string;
  manufacturerModelName: string;
  institutionName?: string;
  stationName?: string;
  softwareVersions?: string;
  deviceSerialNumber?: string;
}

/** What every written image series needs. */
export interface SeriesMetaBase {
  patient: DicomPatientMeta;
  study: DicomStudyMeta;
  /** Frame of Reference UID (0020,0052), shared by the PET and CT of one session. */
  frameOfReferenceUid: string;
  seriesDescription: string;
  seriesNumber: number;
  /** Acquisition start (local ISO): Acquisition Date/Time and, by default, Series Date/Time. */
  acquiredAt: string;
  /** Series Instance UID; a new one when absent. */
  seriesInstanceUid?: string;
  equipment?: DicomEquipmentMeta;
  /** Body Part Examined (0018,0015), a PS3.16 Annex L term, unpaired: "WHOLEBODY" (default), "CHEST". */
  bodyPartExamined?: string;
  /** Reconstruction kernel (0018,1210), e.g. "B30f" (CT) or "XYZ Gauss 5.0" (PET). */
  convolutionKernel?: string;
}

/** CT series meta: the acquisition technique is descriptive only. */
export interface CtSeriesMeta extends SeriesMetaBase {
  /** Peak kilovoltage (0018,0060); default 120. */
  kvp?: number;
  /** X-Ray Tube Current (0018,1151), mA; default 80. */
  tubeCurrentMa?: number;
}

/**
 * Decay Correction (0054,1102), PS3.3 C.8.9.1: NONE, START (to the series start: Series
 * Date/Time) or ADMIN (to the radiopharmaceutical start).
 */
export type DecayCorrection = 'NONE' | 'START' | 'ADMIN';

/** PET series meta: administration, decay-correction convention and reconstruction. */
export interface PetSeriesMeta extends SeriesMetaBase {
  /** Radiopharmaceutical Start DateTime (0018,1078) (local ISO). */
  administeredAt: string;
  /** Radionuclide Total Dose (0018,1074), Bq administered. */
  activityBq: number;
  decayCorrection: DecayCorrection;
  /** Series start (local ISO) if not the acquisition start (a Siemens-style earlier series time). */
  seriesAt?: string;
  /** Actual Frame Duration (0018,1242) of every bed, s; default 600. */
  frameDurationS?: number;
  /** Reconstruction Method (0054,1103), e.g. "OSEM3D 4i16s". */
  reconstructionMethod?: string;
  /** Radiopharmaceutical (0018,0031); default "Sodium iodide I-124" (124I), "Fluorodeoxyglucose F^18^" (18F). */
  radiopharmaceutical?: string;
  /** Radionuclide of the isotope module; default 'I-124'. 'F-18' for FDG PET. */
  radionuclide?: PetRadionuclide;
}

/** Radionuclides the PET writer knows (half-life, code, positron fraction). */
export type PetRadionuclide = 'I-124' | 'F-18';

/** The UIDs one PET/CT session shares: its study and its frame of reference. */
export interface SessionUids {
  studyInstanceUid: string;
  frameOfReferenceUid: string;
}

/** New study and frame-of-reference UIDs for one PET/CT session. */
export function newSessionUids(): SessionUids {
  return { studyInstanceUid: newUid(), frameOfReferenceUid: newUid() };
}

/** What a series writer did: the folder, its files (unordered names) and UIDs. */
export interface WrittenSeries {
  folder: string;
  files: string[];
  seriesInstanceUid: string;
  /** Rescale Slope (0028,1053) of each slice k, in slice order. */
  rescaleSlopes: number[];
  /** Rescale Intercept (0028,1052), the same for every slice. */
  rescaleIntercept: number;
}
