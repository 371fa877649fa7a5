/**
 * iodose's Measurement Report as a Comprehensive 3D SR instance (SOP Class
 * 1.2.840.10008.5.1.4.1.1.88.34; PS3.3 A.35.13): Patient, General Study and Patient Study copied
 * from the target study, SR Document Series (Modality SR), General Equipment, SR Document General
 * (COMPLETE, UNVERIFIED, the referenced SEG instances as Current Requested Procedure Evidence),
 * SR Document Content (the TID 1500 tree of sr-content.ts) and SOP Common (with the 99IODOSE
 * scheme in the Coding Scheme Identification Sequence).
 */
import { encodeDicom, type NaturalDataset } from '../write/write-file.ts';
import { dicomDate, dicomTime, nowLocalIso } from '../write/write-format.ts';
import { patientStudyModules } from '../write/study-target.ts';
import { newUid } from '../write/write-uid.ts';
import { IODOSE_SCHEME } from './sr-codes.ts';
import { reportContent } from './sr-content.ts';
import type { SrDocument, SrSegmentReference } from './sr-types.ts';

export const COMPREHENSIVE_3D_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.34';

/** Current Requested Procedure Evidence Sequence (0040,A375): the SEGs, by study and series. */
function evidence(referenced: readonly SrSegmentReference[]): NaturalDataset[] {
  const studies = new Map<string, Map<string, SrSegmentReference[]>>();
  for (const r of referenced) {
    const series = studies.get(r.studyInstanceUid) ?? new Map<string, SrSegmentReference[]>();
    series.set(r.seriesInstanceUid, [...(series.get(r.seriesInstanceUid) ?? []), r]);
    studies.set(r.studyInstanceUid, series);
  }
  return [...studies].map(([study, series]) => ({
    StudyInstanceUID: study,
    ReferencedSeriesSequence: [...series].map(([uid, refs]) => ({
      SeriesInstanceUID: uid,
      ReferencedSOPSequence: refs.map((r) => ({
        ReferencedSOPClassUID: r.sopClassUid,
        ReferencedSOPInstanceUID: r.sopInstanceUid,
      })),
    })),
  }));
}

/** The SR dataset of `doc` (see the file comment). */
export function measurementReportDataset(doc: SrDocument): NaturalDataset {
  const { meta } = doc;
  const at = meta.contentAt ?? nowLocalIso();
  const { root, referenced } = reportContent(doc, newUid());
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COMPREHENSIVE_3D_SR_STORAGE,
    SOPInstanceUID: meta.sopInstanceUid ?? newUid(),
    InstanceCreationDate: dicomDate(at),
    InstanceCreationTime: dicomTime(at),
    CodingSchemeIdentificationSequence: [IODOSE_SCHEME],
    ...patientStudyModules(doc.target),
    // SR Document Series (C.17.1).
    Modality: 'SR',
    SeriesInstanceUID: meta.seriesInstanceUid ?? newUid(),
    SeriesNumber: meta.seriesNumber ?? 902,
    SeriesDate: dicomDate(at),
    SeriesTime: dicomTime(at),
    SeriesDescription: meta.seriesDescription,
    ReferencedPerformedProcedureStepSequence: [],
    // General Equipment (C.7.5.1).
    Manufacturer: 'iodose',
    ManufacturerModelName: 'iodose',
    SoftwareVersions: meta.softwareVersions,
    // SR Document General (C.17.2).
    InstanceNumber: 1,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: dicomDate(at),
    ContentTime: dicomTime(at),
    PerformedProcedureCodeSequence: [],
    ...(referenced.length === 0
      ? {}
      : { CurrentRequestedProcedureEvidenceSequence: evidence(referenced) }),
    // SR Document Content (C.17.3): the root content item.
    ...root,
  };
}

/** The bytes of the Measurement Report and its UIDs. */
export function encodeMeasurementReport(doc: SrDocument): {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
} {
  const dataset = measurementReportDataset(doc);
  return {
    bytes: new Uint8Array(encodeDicom(dataset)),
    sopInstanceUid: dataset['SOPInstanceUID'] as string,
    seriesInstanceUid: dataset['SeriesInstanceUID'] as string,
  };
}
