/**
 * Checks of one retrieved instance before it is kept: it parses as Part 10
 * (io/dicom/read/parse-instance.ts), belongs to the study and series it was asked for, has a
 * SOP Instance UID fit to be a file name, and names its patient; plus the header fields
 * series.json needs (Frame of Reference, acquisition and administration times, the
 * radiopharmaceutical and its radionuclide's half-life).
 */
import { InputError } from '../../core/errors.ts';
import { dicomDateTimeToIso, dicomDtToIso } from '../../io/dicom/dicom-time.ts';
import type { Dataset } from '../../io/dicom/read/instance.ts';
import { parseInstance } from '../../io/dicom/read/parse-instance.ts';

/** A UID (PS3.5 9.1): digits and dots, at most 64 characters. */
const UID = /^[0-9]+(\.[0-9]+)*$/;

/** True for a UID (PS3.5 9.1). */
export function isUid(text: string): boolean {
  return UID.test(text) && text.length <= 64;
}

/** What pull keeps of one instance. */
export interface CheckedInstance {
  sopInstanceUid: string;
  patientId: string;
  frameOfReferenceUid: string | null;
  acquiredAt: string | null;
  administeredAt: string | null;
  /** (0018,0031) Radiopharmaceutical of a PT instance ('' when absent). */
  radiopharmaceutical: string;
  /** (0018,1075) Radionuclide Half Life in hours (the header gives seconds); null if absent. */
  radionuclideHalfLifeH: number | null;
}

const text = (dataset: Dataset, key: string): string => {
  const value = dataset[key];
  return typeof value === 'string' ? value.trim() : '';
};

/** The instance `bytes` of series `seriesUid` in study `studyUid`, checked (file comment). */
export function checkPulledInstance(
  bytes: Uint8Array,
  source: string,
  studyUid: string,
  seriesUid: string,
): CheckedInstance {
  const instance = parseInstance({ bytes, source }, { sha256: false });
  const fix = 'the PACS sent something else than asked: check the series on the PACS';
  if (instance === null) {
    throw new InputError({ file: source }, 'is not a DICOM Part 10 instance', fix);
  }
  const d = instance.dataset;
  const sop = text(d, 'SOPInstanceUID');
  if (!isUid(sop)) {
    throw new InputError({ file: source, field: 'SOPInstanceUID' }, `"${sop}" is not a UID`, fix);
  }
  const where = `${source} (${sop})`;
  for (const [key, want] of [
    ['StudyInstanceUID', studyUid],
    ['SeriesInstanceUID', seriesUid],
  ] as const) {
    if (text(d, key) !== want) {
      throw new InputError(
        { file: where, field: key },
        `is "${text(d, key)}", expected ${want}`,
        fix,
      );
    }
  }
  const item = radiopharmaceuticalItem(d);
  return {
    sopInstanceUid: sop,
    patientId: text(d, 'PatientID'),
    frameOfReferenceUid: text(d, 'FrameOfReferenceUID') || null,
    acquiredAt: acquisitionTime(d),
    administeredAt: administrationTime(d),
    radiopharmaceutical: item === undefined ? '' : text(item, 'Radiopharmaceutical'),
    radionuclideHalfLifeH: item === undefined ? null : halfLifeH(item),
  };
}

function acquisitionTime(d: Dataset): string | null {
  return (
    safe(() => dicomDtToIso(text(d, 'AcquisitionDateTime'), {})) ??
    safe(() => dicomDateTimeToIso(text(d, 'AcquisitionDate'), text(d, 'AcquisitionTime'), {})) ??
    safe(() => dicomDateTimeToIso(text(d, 'SeriesDate'), text(d, 'SeriesTime'), {}))
  );
}

/** The first item of (0054,0016) Radiopharmaceutical Information Sequence, if any. */
function radiopharmaceuticalItem(d: Dataset): Dataset | undefined {
  const sequence = d['RadiopharmaceuticalInformationSequence'];
  return Array.isArray(sequence) ? (sequence[0] as Dataset | undefined) : undefined;
}

const SECONDS_PER_HOUR = 3600;

/** (0018,1075) Radionuclide Half Life (DS, seconds; PS3.3 C.8.9.1.1.3) in hours. */
function halfLifeH(item: Dataset): number | null {
  const value = item['RadionuclideHalfLife'];
  const seconds = typeof value === 'number' ? value : Number.parseFloat(String(value ?? ''));
  return Number.isFinite(seconds) && seconds > 0 ? seconds / SECONDS_PER_HOUR : null;
}

function administrationTime(d: Dataset): string | null {
  const item = radiopharmaceuticalItem(d);
  if (item === undefined) return null;
  return (
    safe(() => dicomDtToIso(text(item, 'RadiopharmaceuticalStartDateTime'), {})) ??
    safe(() =>
      dicomDateTimeToIso(text(d, 'SeriesDate'), text(item, 'RadiopharmaceuticalStartTime'), {}),
    )
  );
}

function safe(read: () => string): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}
