/**
 * Writes a dose map (Gy) as ONE multi-frame RT Dose instance (PS3.3 A.18 RT Dose IOD) in the
 * frame of reference and study of the PET it was computed on, so any RT-aware viewer (3D Slicer,
 * dicompyler, a TPS) overlays it on the PET and CT: DoseUnits GY, DoseType PHYSICAL, 32-bit
 * unsigned pixels x Dose Grid Scaling (rt-dose-quantise.ts), the grid geometry of
 * rt-dose-geometry.ts and the modules of rt-dose-dataset.ts.
 */
import type { Volume } from '../../../core/volume.ts';
import { rtDoseDataset } from './rt-dose-dataset.ts';
import type { EncodedRtDose, RtDoseMeta, RtDoseReference } from './rt-dose-types.ts';
import { encodeDicom } from './write-file.ts';
import { writeFileSync } from 'node:fs';

export type {
  EncodedRtDose,
  RtDoseMeta,
  RtDosePatientStudy,
  RtDoseReference,
  RtDoseReferencedInstance,
  TissueHeterogeneityCorrection,
} from './rt-dose-types.ts';
export { DOSE_SUMMATION_TYPE, RT_DOSE_STORAGE } from './rt-dose-dataset.ts';

/**
 * The bytes of an RT Dose Storage file holding `dose` (Gy per voxel; LPS geometry of core/volume.ts)
 * on the frame of reference of `reference`. Throws InputError for a grid RT Dose cannot hold
 * (sheared slices, bad size/spacing/directions) or a NaN, infinite or negative dose.
 */
export function encodeRtDose(
  dose: Volume,
  reference: RtDoseReference,
  meta: RtDoseMeta,
): EncodedRtDose {
  const { dataset, quantised, framesReversed } = rtDoseDataset(dose, reference, meta);
  return {
    bytes: new Uint8Array(encodeDicom(dataset)),
    sopInstanceUid: dataset['SOPInstanceUID'] as string,
    seriesInstanceUid: dataset['SeriesInstanceUID'] as string,
    numberOfFrames: dataset['NumberOfFrames'] as number,
    doseGridScaling: Number(quantised.doseGridScaling),
    maxQuantisationErrorGy: quantised.maxErrorGy,
    framesReversed,
  };
}

/** Writes encodeRtDose(dose, reference, meta) to `path`; returns the same description. */
export function writeRtDose(
  path: string,
  dose: Volume,
  reference: RtDoseReference,
  meta: RtDoseMeta,
): EncodedRtDose {
  const encoded = encodeRtDose(dose, reference, meta);
  writeFileSync(path, encoded.bytes);
  return encoded;
}
