/**
 * What a loaded series is, for the provenance of results and the report: its UIDs, description,
 * scanner (PS3.3 C.7.5.1 General Equipment), reconstruction (PET (0054,1103) Reconstruction
 * Method, CT (0018,1210) Convolution Kernel, (0018,0050) Slice Thickness) and grid; and the
 * patient identity of its header (C.7.1.1 Patient Module). Read from the header kept with the
 * series (series-header.ts); patient identifiers go to results and report only, never to logs.
 */
import type { LoadedSeries } from './read-series.ts';

/** Scanner and reconstruction of one series, as its first slice's header gives them. */
export interface SeriesRecord {
  modality: string;
  seriesInstanceUid: string;
  studyInstanceUid: string | null;
  frameOfReferenceUid: string | null;
  seriesDescription: string | null;
  seriesNumber: number | null;
  /** (0008,0070), (0008,1090), (0008,1010). */
  scanner: { manufacturer: string | null; model: string | null; stationName: string | null };
  reconstruction: {
    /** (0054,1103) Reconstruction Method (PET). */
    method: string | null;
    /** (0018,1210) Convolution Kernel (CT; some PET scanners give the filter here). */
    convolutionKernel: string | null;
    /** (0018,0050) Slice Thickness, mm. */
    sliceThicknessMm: number | null;
    /** In the order of (0028,0030) Pixel Spacing: between rows, between columns, mm. */
    pixelSpacingMm: [number, number];
    /** Distance between slice centres along the normal, mm (from the sorted positions). */
    sliceSpacingMm: number;
    matrix: { columns: number; rows: number; slices: number };
  };
  files: number;
}

/** Patient identity from a DICOM header (Patient Module); null where absent or empty. */
export interface DicomPatient {
  /** (0010,0010) Patient's Name as written (family^given^...). */
  name: string | null;
  /** (0010,0020) Patient ID. */
  id: string | null;
  /** (0010,0030) Patient's Birth Date, YYYY-MM-DD when the header holds a valid YYYYMMDD. */
  birthDate: string | null;
  /** (0010,0040) Patient's Sex: M, F or O. */
  sex: string | null;
}

function text(value: unknown): string | null {
  if (Array.isArray(value)) return text(value[0]);
  if (value !== null && typeof value === 'object') {
    // Person Name as dcmjs gives it: { Alphabetic: 'Family^Given' }.
    return text((value as { Alphabetic?: unknown }).Alphabetic);
  }
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const trimmed = String(value).trim();
  return trimmed.length > 0 ? trimmed : null;
}

function numberOf(value: unknown): number | null {
  const raw = text(value);
  const parsed = raw === null ? NaN : Number(raw);
  return Number.isFinite(parsed) ? parsed : null;
}

/** YYYYMMDD (PS3.5 DA) as YYYY-MM-DD; other text as it is. */
function isoDate(value: string | null): string | null {
  if (value === null) return null;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return match === null ? value : `${match[1]}-${match[2]}-${match[3]}`;
}

/** The record of a loaded series (header, UIDs and grid). */
export function seriesRecord(series: LoadedSeries): SeriesRecord {
  const h = series.header;
  const [columns, rows, slices] = series.volume.size;
  const [alongRow, alongColumn, alongNormal] = series.volume.spacingMm;
  return {
    modality: series.modality,
    seriesInstanceUid: series.seriesInstanceUid,
    studyInstanceUid: text(h['StudyInstanceUID']),
    frameOfReferenceUid: series.frameOfReferenceUid,
    seriesDescription: text(h['SeriesDescription']),
    seriesNumber: numberOf(h['SeriesNumber']),
    scanner: {
      manufacturer: text(h['Manufacturer']),
      model: text(h['ManufacturerModelName']),
      stationName: text(h['StationName']),
    },
    reconstruction: {
      method: text(h['ReconstructionMethod']),
      convolutionKernel: text(h['ConvolutionKernel']),
      sliceThicknessMm: numberOf(h['SliceThickness']),
      // Volume spacing i (along a row = between columns), j (between rows): PS3.3 C.7.6.2.1.1.
      pixelSpacingMm: [alongColumn, alongRow],
      sliceSpacingMm: alongNormal,
      matrix: { columns, rows, slices },
    },
    files: series.files.length,
  };
}

/** The patient identity of a series' header. */
export function dicomPatient(series: LoadedSeries): DicomPatient {
  const h = series.header;
  return {
    name: text(h['PatientName']),
    id: text(h['PatientID']),
    birthDate: isoDate(text(h['PatientBirthDate'])),
    sex: text(h['PatientSex']),
  };
}
