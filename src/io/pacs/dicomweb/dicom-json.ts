/**
 * Values of the DICOM JSON Model (PS3.18 F.2) that QIDO-RS answers carry: an object per match,
 * keyed by the tag as 8 hex digits, each {vr, Value: [...]}.
 */

/** One QIDO-RS match. */
export type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** Tags iodose asks for and reads (PS3.6). */
export const TAG = {
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  sopInstanceUid: '00080018',
  modality: '00080060',
  seriesDescription: '0008103E',
  seriesNumber: '00200011',
  patientId: '00100020',
  patientName: '00100010',
  modalitiesInStudy: '00080061',
  numberOfStudyRelatedSeries: '00201206',
  studyDate: '00080020',
  studyDescription: '00081030',
  numberOfSeriesRelatedInstances: '00201209',
} as const;

/** The first value of `tag` as text ('' when absent; a PN as its Alphabetic group). */
export function jsonText(match: DicomJson, tag: string): string {
  const value = match[tag]?.Value?.[0];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null && 'Alphabetic' in value) {
    const name = (value as { Alphabetic?: unknown }).Alphabetic;
    return typeof name === 'string' ? name : '';
  }
  return '';
}

/** The first value of `tag` as a number (null when absent or not a number). */
export function jsonNumber(match: DicomJson, tag: string): number | null {
  const value = match[tag]?.Value?.[0];
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

/** Every value of `tag` as text (a multi-valued CS such as ModalitiesInStudy). */
export function jsonTexts(match: DicomJson, tag: string): string[] {
  return (match[tag]?.Value ?? []).filter((v): v is string => typeof v === 'string');
}
