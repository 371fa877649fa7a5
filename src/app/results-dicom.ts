/**
 * A study's results as DICOM besides the SEG and RT Dose: the TID 1500 Measurement Report
 * (`report.sr.dcm`, Comprehensive 3D SR) and, when report.pdf was printed, the report as an
 * Encapsulated PDF (`report.pdf.dcm`), each in a new series of the patient's study.
 *
 * Which study: the study of the first session's PET (the one the RT Dose joins); its Patient and
 * Study attributes are those the SEG of that session copied (or, without VOIs, read from the PET
 * headers). A study without images (typed measurements only) has no DICOM study: the SR and the
 * PDF then open a new one (a new Study Instance UID, Patient ID = the manifest's patient id,
 * Study Date/Time = the 124I administration) shared by both, and the SR references no instances.
 */
import type { Artefact } from '../core/artefact.ts';
import { IODOSE_VERSION } from '../core/version.ts';
import { segSourceFromSeries } from '../io/dicom/seg/seg-source.ts';
import { encodeMeasurementReport } from '../io/dicom/sr/sr-dataset.ts';
import { encodeEncapsulatedPdf } from '../io/dicom/write/encapsulated-pdf.ts';
import { newStudyTarget, type DicomStudyTarget } from '../io/dicom/write/study-target.ts';
import { dicomDate, dicomTime } from '../io/dicom/write/write-format.ts';
import type { StudyImages } from '../study/measure-lesions.ts';
import type { StudyResults } from '../study/results.ts';
import type { SegReference } from './export-seg.ts';
import { resultsSrDocument } from './results-sr.ts';

export const SR_FILE = 'report.sr.dcm';
export const PDF_DICOM_FILE = 'report.pdf.dcm';

/** The study the SR and PDF join (see the file comment). */
export function resultsStudyTarget(
  results: StudyResults,
  images: Pick<StudyImages, 'loaded'> | null,
  segs: readonly SegReference[],
): DicomStudyTarget {
  const first = images?.loaded.sessions[0];
  if (first === undefined) {
    const at = results.tracer.administeredAt;
    return newStudyTarget(results.patient.id, dicomDate(at), dicomTime(at));
  }
  const seg = segs.find((s) => s.scanId === first.id);
  if (seg !== undefined) {
    return { studyInstanceUid: seg.studyInstanceUid, patientStudy: seg.patientStudy };
  }
  const source = segSourceFromSeries(first.pet);
  return { studyInstanceUid: source.studyInstanceUid, patientStudy: source.patientStudy };
}

/** The Measurement Report artefact of `results`. */
export function srArtefact(
  results: StudyResults,
  segs: readonly SegReference[],
  target: DicomStudyTarget,
): Artefact {
  const doc = resultsSrDocument(results, segs, target, {
    seriesDescription: `iodose dosimetry ${results.patient.id}`,
    softwareVersions: `iodose ${IODOSE_VERSION}`,
  });
  return { path: SR_FILE, bytes: encodeMeasurementReport(doc).bytes };
}

/** The Encapsulated PDF artefact of the printed report. */
export function pdfDicomArtefact(
  results: StudyResults,
  pdf: Uint8Array,
  target: DicomStudyTarget,
): Artefact {
  const encoded = encodeEncapsulatedPdf(pdf, target, {
    documentTitle: `iodose dosimetry report ${results.patient.id}`,
    seriesDescription: `iodose report ${results.patient.id}`,
    softwareVersions: `iodose ${IODOSE_VERSION}`,
  });
  return { path: PDF_DICOM_FILE, bytes: encoded.bytes };
}
