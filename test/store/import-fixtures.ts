// Test fixtures of the DICOM import: small PET and CT series in memory (dcmjs, make-series.ts),
// an instance list for importInstances, and a timepoint made by SQL (createTimepoint is helper
// "records"' function and not on this branch: this stand-in inserts the rows it would).
import { instanceHeader, type ImportInstance } from '../../src/app/import-dicom.ts';
import type { Store } from '../../src/store/index.ts';
import { seriesInstances, type SeriesSpec } from '../fixtures/dicom/make-series.ts';

export const PT_UID = '1.2.826.0.1.3680043.9.7433.20.1';
export const CT_UID = '1.2.826.0.1.3680043.9.7433.20.2';

/** A 8 x 6 x 5 PET (BQML, decay-corrected to the series start) and a 10 x 8 x 6 CT. */
export function ptSpec(extra: Record<string, unknown> = {}): SeriesSpec {
  return {
    modality: 'PT',
    seriesInstanceUid: PT_UID,
    columns: 8,
    rows: 6,
    slices: 5,
    pixelSpacingMm: [4, 4],
    orientation: [1, 0, 0, 0, 1, 0],
    position: (k) => [-16, -12, 100 + 4 * k],
    signed: false,
    rescaleSlope: (k) => 2 + k,
    extra: {
      Units: 'BQML',
      DecayCorrection: 'START',
      CorrectedImage: ['ATTN', 'DECY'],
      SeriesDate: '20240305',
      SeriesTime: '090000',
      AcquisitionDate: '20240305',
      AcquisitionTime: '090000',
      RadiopharmaceuticalInformationSequence: [
        {
          RadiopharmaceuticalStartDateTime: '20240304091500',
          RadionuclideHalfLife: 4.176 * 24 * 3600,
          RadionuclideTotalDose: 37e6,
        },
      ],
      ...extra,
    },
  };
}

export function ctSpec(extra: Record<string, unknown> = {}): SeriesSpec {
  return {
    modality: 'CT',
    seriesInstanceUid: CT_UID,
    columns: 10,
    rows: 8,
    slices: 6,
    pixelSpacingMm: [3, 2],
    orientation: [1, 0, 0, 0, 1, 0],
    position: (k) => [-10, -12, 98 + 3 * k],
    rescaleIntercept: -1024,
    extra: { SeriesDate: '20240305', SeriesTime: '085500', ...extra },
  };
}

/** The instances of a series spec, parsed as the import does. */
export function instancesOf(spec: SeriesSpec): ImportInstance[] {
  return seriesInstances(spec).map(({ name, bytes }) => {
    const parsed = instanceHeader(bytes, name);
    if (!('header' in parsed)) throw new Error(`fixture ${name} not DICOM`);
    return { ...parsed.header, bytes };
  });
}

/** A patient and a timepoint, inserted as createPatient/createTimepoint would (no audit). */
export function makeTimepoint(store: Store, code = 'P01', label = 'baseline'): number {
  const now = new Date().toISOString();
  const db = store.db;
  let patient = db.prepare('SELECT id FROM patients WHERE code = ?').pluck().get(code) as
    number | undefined;
  if (patient === undefined) {
    patient = Number(
      db.prepare('INSERT INTO patients (code, created_at_utc) VALUES (?, ?)').run(code, now)
        .lastInsertRowid,
    );
  }
  return Number(
    db
      .prepare('INSERT INTO timepoints (patient_id, label, created_at_utc) VALUES (?, ?, ?)')
      .run(patient, label, now).lastInsertRowid,
  );
}

export const count = (store: Store, sql: string, ...args: unknown[]): number =>
  store.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;
