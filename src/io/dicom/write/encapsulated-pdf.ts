/**
 * A PDF report as an Encapsulated PDF instance (SOP Class 1.2.840.10008.5.1.4.1.1.104.1; PS3.3
 * A.45.1 Encapsulated PDF IOD) in the patient's study: Patient, General Study and Patient Study
 * copied from the target (study-target.ts), Encapsulated Document Series (Modality DOC), General
 * Equipment, SC Equipment (Conversion Type WSD: a workstation made it), Encapsulated Document
 * (C.24.2: MIME type application/pdf, the bytes in Encapsulated Document (0042,0011) OB, padded
 * to even length, with their true length in Encapsulated Document Length) and SOP Common.
 */
import { encodeDicom, type NaturalDataset } from './write-file.ts';
import { dicomDate, dicomDateTime, dicomTime, nowLocalIso } from './write-format.ts';
import { patientStudyModules, type DicomStudyTarget } from './study-target.ts';
import { newUid } from './write-uid.ts';

export const ENCAPSULATED_PDF_STORAGE = '1.2.840.10008.5.1.4.1.1.104.1';

/** Descriptive attributes of the PDF instance. */
export interface EncapsulatedPdfMeta {
  /** Document Title (0042,0010), ST. */
  documentTitle: string;
  seriesDescription: string;
  /** Series Number; default 903. */
  seriesNumber?: number | undefined;
  /** Content date-time (local ISO); default now. */
  contentAt?: string | undefined;
  softwareVersions: string;
  seriesInstanceUid?: string | undefined;
  sopInstanceUid?: string | undefined;
}

/** The dataset of `pdf` in `target` (see the file comment). */
export function encapsulatedPdfDataset(
  pdf: Uint8Array,
  target: DicomStudyTarget,
  meta: EncapsulatedPdfMeta,
): NaturalDataset {
  if (pdf.byteLength < 5 || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new Error('the document to encapsulate is not a PDF (it does not begin with "%PDF-")');
  }
  const at = meta.contentAt ?? nowLocalIso();
  const padded = new Uint8Array(pdf.byteLength + (pdf.byteLength % 2));
  padded.set(pdf);
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: ENCAPSULATED_PDF_STORAGE,
    SOPInstanceUID: meta.sopInstanceUid ?? newUid(),
    ...patientStudyModules(target),
    // Encapsulated Document Series (C.24.1).
    Modality: 'DOC',
    SeriesInstanceUID: meta.seriesInstanceUid ?? newUid(),
    SeriesNumber: meta.seriesNumber ?? 903,
    SeriesDescription: meta.seriesDescription,
    // General Equipment (C.7.5.1), SC Equipment (C.8.6.1).
    Manufacturer: 'iodose',
    ManufacturerModelName: 'iodose',
    SoftwareVersions: meta.softwareVersions,
    ConversionType: 'WSD',
    // Encapsulated Document (C.24.2).
    InstanceNumber: 1,
    ContentDate: dicomDate(at),
    ContentTime: dicomTime(at),
    AcquisitionDateTime: dicomDateTime(at),
    BurnedInAnnotation: 'YES',
    DocumentTitle: meta.documentTitle,
    ConceptNameCodeSequence: [],
    MIMETypeOfEncapsulatedDocument: 'application/pdf',
    EncapsulatedDocument: padded.buffer,
    EncapsulatedDocumentLength: pdf.byteLength,
    _vrMap: { EncapsulatedDocument: 'OB' },
  };
}

/** The bytes of the Encapsulated PDF instance and its UIDs. */
export function encodeEncapsulatedPdf(
  pdf: Uint8Array,
  target: DicomStudyTarget,
  meta: EncapsulatedPdfMeta,
): { bytes: Uint8Array; sopInstanceUid: string; seriesInstanceUid: string } {
  const dataset = encapsulatedPdfDataset(pdf, target, meta);
  return {
    bytes: new Uint8Array(encodeDicom(dataset)),
    sopInstanceUid: dataset['SOPInstanceUID'] as string,
    seriesInstanceUid: dataset['SeriesInstanceUID'] as string,
  };
}
