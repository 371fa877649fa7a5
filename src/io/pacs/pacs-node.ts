/**
 * One PACS as the pull and push use cases see it, whatever the protocol: the series of a study,
 * the SOP Instance UIDs of a series, its instances' bytes, and storing instances. openPacs makes
 * one from a parsed address (DICOMweb here; DIMSE through dimse/ when present).
 */
import { InputError } from '../../core/errors.ts';
import { dicomWebClient } from './dicomweb/client.ts';
import { jsonNumber, jsonText, TAG } from './dicomweb/dicom-json.ts';
import type { HttpOptions } from './dicomweb/http.ts';
import type { PacsAddress } from './pacs-url.ts';

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

/** What a store request did. */
export interface StoreReport {
  stored: number;
  failed: { sopInstanceUid: string; reason: string }[];
}

/** A PACS node (see the file comment). */
export interface PacsNode {
  /** The address without credentials. */
  readonly label: string;
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

/** A PACS node for `address`. */
export function openPacs(address: PacsAddress, options: PacsOptions = {}): PacsNode {
  if (address.kind === 'dimse') {
    throw new InputError(
      { field: 'URL' },
      `${address.label}: DIMSE (dicom://) is not supported yet`,
      'use the DICOMweb root of the PACS (http://.../dicom-web)',
    );
  }
  const client = dicomWebClient(address.root, options);
  return {
    label: client.label,
    async studySeries(studyUid) {
      const matches = await client.searchSeries(studyUid);
      if (matches === null || matches.length === 0) {
        // A 404 may also be a wrong root: a study search tells (its 404 is an HTTP error).
        const studies = await client.searchStudies({ StudyInstanceUID: studyUid });
        if (studies.length === 0) throw noStudy(studyUid, client.label);
        throw new InputError(
          { field: '--study' },
          `study ${studyUid} on ${client.label} lists no series`,
          'check the study on the PACS',
        );
      }
      return matches.map((m) => ({
        studyInstanceUid: jsonText(m, TAG.studyInstanceUid) || studyUid,
        seriesInstanceUid: jsonText(m, TAG.seriesInstanceUid),
        modality: jsonText(m, TAG.modality),
        seriesDescription: jsonText(m, TAG.seriesDescription),
        seriesNumber: jsonNumber(m, TAG.seriesNumber),
        instances: jsonNumber(m, TAG.numberOfSeriesRelatedInstances),
        patientId: jsonText(m, TAG.patientId),
      }));
    },
    async seriesInstances(studyUid, seriesUid) {
      const matches = await client.searchInstances(studyUid, seriesUid);
      return matches.map((m) => jsonText(m, TAG.sopInstanceUid));
    },
    retrieveSeries: (studyUid, seriesUid) => client.retrieveSeries(studyUid, seriesUid),
    async store(instances) {
      const result = await client.store(instances);
      return {
        stored: result.stored.length,
        failed: result.failed.map((f) => ({
          sopInstanceUid: f.sopInstanceUid,
          reason:
            f.reason === null ? 'refused' : `failure reason ${f.reason} (PS3.18 Table 10.5.3-1)`,
        })),
      };
    },
  };
}
