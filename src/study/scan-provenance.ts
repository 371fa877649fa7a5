/**
 * Which images and calibration produced the numbers (issue 7, "a report one can sign"): per scan
 * the PET and CT series records (UIDs, scanner, reconstruction), the extra CTs, the recovery file
 * used, and the patient identity of the DICOM headers checked against the manifest and across
 * series. Warnings name scans and attributes, never the identifiers themselves: results.warnings
 * may be printed, while the identifiers belong in results.json and the report only.
 */
import { dicomPatient, seriesRecord, type DicomPatient } from '../io/dicom/read/series-record.ts';
import type { SeriesRecord } from '../io/dicom/read/series-record.ts';
import type { LoadedSeries } from '../io/dicom/read/read-series.ts';

/** One PET/CT session's series. */
export interface ScanSeriesRecord {
  id: string;
  pet: SeriesRecord;
  ct: SeriesRecord | null;
}

/** The series read for a study, and the patient identity of each (kept out of the records). */
export interface ImagingProvenance {
  scans: ScanSeriesRecord[];
  extraCts: { id: string; ct: SeriesRecord }[];
  /** Patient identity per series, labelled "pet24 PET", "pet24 CT", "fdgCt CT". */
  patients: { series: string; patient: DicomPatient }[];
}

/** The recovery file used: the path as the manifest gives it, its SHA-256 and its scanner. */
export interface RecoveryProvenance {
  path: string;
  sha256: string;
  /** The scanner and reconstruction the file was calibrated on (from `iodose calibrate`). */
  scanner: Record<string, unknown>;
}

/** Patient identity from the DICOM headers, as results.patient.dicom. */
export interface PatientDicomResult extends DicomPatient {
  /** Whether the headers' Patient ID equals the manifest's patient.id. */
  matchesManifestId: boolean;
  /** Whether all series agree on name, id, birth date and sex. */
  consistent: boolean;
  /** Series read (same labels as the warnings). */
  series: string[];
}

/** The records of the sessions and extra CTs read for a study. */
export function imagingProvenance(
  sessions: readonly { id: string; pet: LoadedSeries; ct: LoadedSeries | null }[],
  extraCts: readonly { id: string; ct: LoadedSeries }[],
): ImagingProvenance {
  const patients: ImagingProvenance['patients'] = [];
  for (const s of sessions) {
    patients.push({ series: `${s.id} PET`, patient: dicomPatient(s.pet) });
    if (s.ct !== null) patients.push({ series: `${s.id} CT`, patient: dicomPatient(s.ct) });
  }
  for (const e of extraCts) patients.push({ series: `${e.id} CT`, patient: dicomPatient(e.ct) });
  return {
    scans: sessions.map((s) => ({
      id: s.id,
      pet: seriesRecord(s.pet),
      ct: s.ct === null ? null : seriesRecord(s.ct),
    })),
    extraCts: extraCts.map((e) => ({ id: e.id, ct: seriesRecord(e.ct) })),
    patients,
  };
}

const FIELDS: readonly [keyof DicomPatient, string][] = [
  ['name', "Patient's Name (0010,0010)"],
  ['id', 'Patient ID (0010,0020)'],
  ['birthDate', "Patient's Birth Date (0010,0030)"],
  ['sex', "Patient's Sex (0010,0040)"],
];

/**
 * The patient identity of the headers (the first series that has each attribute), with warnings
 * when the headers' Patient ID is not the manifest's patient id and when series disagree.
 * Null when no series was read or no header names the patient.
 */
export function patientFromHeaders(
  manifestPatientId: string,
  patients: ImagingProvenance['patients'],
): { dicom: PatientDicomResult | null; warnings: string[] } {
  const warnings: string[] = [];
  const pick = (key: keyof DicomPatient): string | null =>
    patients.find((p) => p.patient[key] !== null)?.patient[key] ?? null;
  const identity: DicomPatient = {
    name: pick('name'),
    id: pick('id'),
    birthDate: pick('birthDate'),
    sex: pick('sex'),
  };
  if (Object.values(identity).every((v) => v === null)) return { dicom: null, warnings };
  const disagreements = FIELDS.filter(([key]) => {
    const values = new Set(patients.map((p) => p.patient[key]).filter((v) => v !== null));
    return values.size > 1;
  });
  for (const [key, label] of disagreements) {
    const groups = new Map<string, string[]>();
    for (const p of patients) {
      const value = p.patient[key];
      if (value === null) continue;
      groups.set(value, [...(groups.get(value) ?? []), p.series]);
    }
    const sides = [...groups.values()].map((series) => series.join(', ')).join(' | ');
    warnings.push(
      `the DICOM headers disagree about the patient: ${label} differs between the series (${sides}); check that all scans are of this patient (values in the report header)`,
    );
  }
  const mismatched = patients.filter(
    (p) => p.patient.id !== null && p.patient.id !== manifestPatientId,
  );
  if (mismatched.length > 0) {
    warnings.push(
      `the manifest's patient id differs from the Patient ID (0010,0020) in the DICOM header of ${mismatched.map((p) => p.series).join(', ')}; check that the images belong to this patient (both ids are in the report header)`,
    );
  }
  return {
    dicom: {
      ...identity,
      matchesManifestId: mismatched.length === 0 && identity.id !== null,
      consistent: disagreements.length === 0,
      series: patients.map((p) => p.series),
    },
    warnings,
  };
}

const SCANNER_FIELDS = ['Manufacturer', 'ManufacturerModelName'] as const;

/**
 * A warning when a scan's PET is from another scanner model than the recovery file was
 * calibrated on: a recovery curve holds for one scanner and reconstruction (seed paper; EARL).
 */
export function recoveryScannerWarnings(
  recovery: RecoveryProvenance | null,
  imaging: ImagingProvenance | null,
): string[] {
  if (recovery === null || imaging === null) return [];
  const calibrated = SCANNER_FIELDS.map((key) => recovery.scanner[key]);
  if (calibrated.some((v) => typeof v !== 'string' || v.trim() === '')) return [];
  const wanted = calibrated.map((v) => String(v).trim()).join(' ');
  const other = imaging.scans.filter(
    (scan) => `${scan.pet.scanner.manufacturer ?? ''} ${scan.pet.scanner.model ?? ''}` !== wanted,
  );
  if (other.length === 0) return [];
  return [
    `the recovery curve was calibrated on ${wanted}, but the PET of scan ${other.map((s) => s.id).join(', ')} is from ${other.map((s) => `${s.pet.scanner.manufacturer ?? '(no manufacturer)'} ${s.pet.scanner.model ?? '(no model)'}`).join(', ')}: recovery coefficients hold for the scanner and reconstruction they were measured on`,
  ];
}
