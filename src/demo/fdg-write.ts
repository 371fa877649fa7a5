/**
 * Writes a digital FDG PET (fdg-phantom.ts) as a PET Image Storage series with an 18F header:
 * (0018,1074) Radionuclide Total Dose, (0018,1078) Radiopharmaceutical Start DateTime, 18F code
 * and half-life, Fluorodeoxyglucose F^18^, patient weight, size and sex, decay-corrected to the
 * scan start (START), as a scanner exports it.
 */
import type { WrittenSeries } from '../io/dicom/write/write-meta.ts';
import { newSessionUids } from '../io/dicom/write/write-meta.ts';
import { writePetSeries } from '../io/dicom/write/write-series.ts';
import { buildFdgPet, type FdgPatient, type FdgScanSpec } from './fdg-phantom.ts';

/** Patient attributes a scanner may leave out of the header (PatientSize often is). */
export type FdgHeaderOmission = 'weightKg' | 'heightCm' | 'sex';

/** Writes one FDG PET of patient `patient.id` into `folder`, optionally without some attributes. */
export function writeFdgPet(
  folder: string,
  scan: FdgScanSpec,
  patient: FdgPatient & { id: string },
  omit: readonly FdgHeaderOmission[] = [],
): WrittenSeries {
  const uids = newSessionUids();
  const keep = <T>(key: FdgHeaderOmission, value: T) =>
    omit.includes(key) ? {} : { [key]: value };
  return writePetSeries(buildFdgPet(scan, patient), folder, {
    patient: {
      id: patient.id,
      name: 'Phantom^FDG',
      ...keep('weightKg', patient.weightKg),
      ...keep('heightCm', patient.heightCm),
      ...keep('sex', patient.sex),
    },
    study: {
      instanceUid: uids.studyInstanceUid,
      id: 'FDG',
      description: 'FDG PET/CT',
      at: scan.acquiredAt,
    },
    frameOfReferenceUid: uids.frameOfReferenceUid,
    seriesDescription: 'PET FDG WB',
    seriesNumber: 2,
    acquiredAt: scan.acquiredAt,
    equipment: {
      manufacturer: 'iodose',
      manufacturerModelName: 'Digital PET/CT (18F, 6 mm FWHM)',
      stationName: 'SIMPET1',
    },
    administeredAt: scan.administeredAt,
    activityBq: scan.activityBq,
    decayCorrection: 'START',
    radionuclide: 'F-18',
    frameDurationS: 120,
  });
}
