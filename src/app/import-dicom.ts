/**
 * The DICOM import use case, pure over bytes (the store writes, the server reads folders and
 * uploads): each instance's header parsed (Pixel Data located, not decoded) into what the store
 * records about it, or the reason it is skipped; and the sessions proposed for a timepoint's
 * series: each PET with the CT of its Frame of Reference (else of its Study), labelled by whole
 * hours after the administration when the tracer is known ("pet24"), else by acquisition order
 * ("pet1", "pet2"). The same rules as the web UI's proposal (web/src/pages/sessions.ts).
 */
import { InputError } from '../core/errors.ts';
import { dicomDateTimeToIso, dicomDtToIso } from '../io/dicom/dicom-time.ts';
import type { Dataset } from '../io/dicom/read/instance.ts';
import { parseInstance } from '../io/dicom/read/parse-instance.ts';
import { NOT_DICOM_REASON } from '../io/dicom/read/part10-prefix.ts';
import { str } from '../io/dicom/read/read-file.ts';

/** What the store records of one instance, besides its bytes. */
export interface InstanceHeader {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string | null;
  modality: string;
  description: string;
  /** PET: Series Date/Time, else Acquisition, else Content Date/Time; manifest clock, ISO local. */
  acquiredAt: string | null;
  /** (0010,0020) Patient ID ('' when absent): one import, one timepoint, one patient. */
  patientId: string;
}

/** One parsed instance to import. */
export interface ImportInstance extends InstanceHeader {
  bytes: Uint8Array;
}

/** The instance's header, or why it is not imported (not DICOM, no UIDs). */
export type HeaderResult = { header: InstanceHeader } | { skipped: string };

/** A DICOM date + time pair as ISO local, or null when absent or malformed. */
function dateTime(ds: Dataset, date: string, time: string, source: string): string | null {
  const da = str(ds, date);
  const tm = str(ds, time);
  if (da === undefined || tm === undefined) return null;
  try {
    return dicomDateTimeToIso(da, tm, { file: source, field: date });
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function acquiredAtOf(ds: Dataset, source: string): string | null {
  const dt = str(ds, 'AcquisitionDateTime');
  let acquisitionDt: string | null = null;
  if (dt !== undefined) {
    try {
      acquisitionDt = dicomDtToIso(dt, { file: source, field: 'AcquisitionDateTime' });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return (
    dateTime(ds, 'SeriesDate', 'SeriesTime', source) ??
    dateTime(ds, 'AcquisitionDate', 'AcquisitionTime', source) ??
    acquisitionDt ??
    dateTime(ds, 'ContentDate', 'ContentTime', source)
  );
}

/**
 * The header of one instance from its bytes (`source` names it in messages). Damaged DICOM is an
 * InputError naming the source; a file that is not DICOM, or DICOM without SOP/Series/Study
 * Instance UIDs (a DICOMDIR), is skipped with the reason.
 */
export function instanceHeader(bytes: Uint8Array, source: string): HeaderResult {
  const instance = parseInstance(
    { bytes, source },
    { headerOnly: true, fileLength: bytes.byteLength, sha256: false },
  );
  if (instance === null) return { skipped: NOT_DICOM_REASON };
  const ds = instance.dataset;
  const sopInstanceUid = str(ds, 'SOPInstanceUID');
  const seriesInstanceUid = str(ds, 'SeriesInstanceUID');
  const studyInstanceUid = str(ds, 'StudyInstanceUID');
  if (sopInstanceUid === undefined || seriesInstanceUid === undefined) {
    return { skipped: 'DICOM file without SOP or Series Instance UID (not an image)' };
  }
  if (studyInstanceUid === undefined) {
    return { skipped: 'DICOM file without a Study Instance UID' };
  }
  return {
    header: {
      sopInstanceUid,
      seriesInstanceUid,
      studyInstanceUid,
      frameOfReferenceUid: str(ds, 'FrameOfReferenceUID') ?? null,
      modality: str(ds, 'Modality') ?? '',
      description: str(ds, 'SeriesDescription') ?? '',
      acquiredAt: acquiredAtOf(ds, source),
      patientId: str(ds, 'PatientID') ?? '',
    },
  };
}

/** A series as the proposal needs it (the store's SeriesSummary has these fields). */
export interface ProposalSeries {
  id: number;
  modality: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string | null;
  acquiredAt: string | null;
}

/** A proposed session: the store's SessionInput. */
export interface ProposedSession {
  label: string;
  petSeriesId: number;
  ctSeriesId: number | null;
}

/** ISO local date-times as milliseconds on one clock (no zone). */
function localMs(at: string): number {
  return Date.parse(`${at.slice(0, 19)}Z`);
}

/**
 * Sessions for the series: PETs in acquisition order, each with the CT of its Frame of Reference
 * (else of its Study); labels "pet<h>" from whole hours after `administeredAt` when known (and
 * not taken by an earlier PET), else "pet<n>" by order.
 */
export function proposeSessions(
  series: readonly ProposalSeries[],
  administeredAt: string | null,
): ProposedSession[] {
  const pets = series
    .filter((s) => s.modality === 'PT')
    .sort((a, b) => (a.acquiredAt ?? '').localeCompare(b.acquiredAt ?? '') || a.id - b.id);
  const cts = series.filter((s) => s.modality === 'CT');
  const used = new Set<string>();
  return pets.map((pet, index) => {
    const ct =
      cts.find(
        (c) =>
          pet.frameOfReferenceUid !== null && c.frameOfReferenceUid === pet.frameOfReferenceUid,
      ) ?? cts.find((c) => c.studyInstanceUid === pet.studyInstanceUid);
    let label = `pet${index + 1}`;
    if (administeredAt !== null && pet.acquiredAt !== null) {
      const hours = Math.round((localMs(pet.acquiredAt) - localMs(administeredAt)) / 3_600_000);
      if (Number.isFinite(hours) && !used.has(`pet${hours}`)) label = `pet${hours}`;
    }
    // An order label already taken by an hours label moves on to the next free number.
    for (let n = index + 2; used.has(label); n++) label = `pet${n}`;
    used.add(label);
    return { label, petSeriesId: pet.id, ctSeriesId: ct?.id ?? null };
  });
}
