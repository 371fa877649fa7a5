/**
 * One PACS as the pull and push use cases see it, whatever the protocol (DICOMweb or DIMSE): the
 * series of a study, the SOP Instance UIDs of a series, its instances' bytes, storing instances.
 */
import { InputError } from '../../core/errors.ts';
import type { HttpOptions } from './dicomweb/http.ts';

/** A series as the PACS lists it. */
export interface RemoteSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  seriesDescription: string;
  seriesNumber: number | null;
  /** Number of Series Related Instances as the PACS says (null when it does not). */
  instances: number | null;
  /** Patient ID as the PACS lists it ('' when it does not). */
  patientId: string;
}

/** A study as the PACS lists it (QIDO-RS /studies, C-FIND at STUDY level). */
export interface RemoteStudy {
  studyInstanceUid: string;
  patientId: string;
  patientName: string;
  /** DICOM DA "YYYYMMDD" ('' when the PACS does not say). */
  studyDate: string;
  studyDescription: string;
  modalitiesInStudy: string[];
  /** Number of Study Related Series (null when the PACS does not say). */
  seriesCount: number | null;
}

/**
 * Matching keys of a study search, as DICOM matching values (PS3.4 C.2.2.2): PatientID and
 * PatientName may hold the wildcards * and ?, StudyDate a date or range "YYYYMMDD-YYYYMMDD".
 * Absent keys match everything.
 */
export interface StudyQuery {
  patientId?: string;
  patientName?: string;
  studyDate?: string;
}

/** What a store request did. */
export interface StoreReport {
  stored: number;
  failed: { sopInstanceUid: string; reason: string }[];
}

/** A PACS node (see the file comment). */
export interface PacsNode {
  /** The address without credentials. */
  readonly label: string;
  /** Resolves when the PACS answers (C-ECHO, or a QIDO-RS search of one study), else rejects. */
  echo(): Promise<void>;
  /** The studies matching `query` (at most `limit`, default 100). */
  searchStudies(query: StudyQuery, limit?: number): Promise<RemoteStudy[]>;
  /** The series of a study; an InputError "no study <uid> on <label>" when it has none. */
  studySeries(studyUid: string): Promise<RemoteSeries[]>;
  /** The SOP Instance UIDs the PACS lists for a series. */
  seriesInstances(studyUid: string, seriesUid: string): Promise<string[]>;
  /** The Part 10 bytes of every instance of a series. */
  retrieveSeries(studyUid: string, seriesUid: string): Promise<Uint8Array[]>;
  /** Stores Part 10 instances. */
  store(instances: readonly Uint8Array[]): Promise<StoreReport>;
}

/** Options of openPacs. */
export interface PacsOptions extends HttpOptions {
  /** Calling AE title for DIMSE (default IODOSE). */
  callingAet?: string;
}

/** The error of a study the PACS does not have. */
export function noStudy(studyUid: string, label: string): InputError {
  return new InputError(
    { field: '--study' },
    `no study ${studyUid} on ${label}`,
    'check the Study Instance UID (the PACS search lists the studies)',
  );
}
