/**
 * Writes a Volume as a classic single-frame DICOM series, one Explicit VR Little Endian file per
 * slice k: CT Image Storage (PS3.3 A.3; HU = stored + Rescale Intercept -1024) or PET Image
 * Storage (A.21; Units BQML, per-slice Rescale Slope, decay-correction convention of the meta).
 * File names are a scrambled function of (modality, series number, slice), so a reader has to sort
 * slices by Image Position (Patient), while writing the same series again into the same folder
 * overwrites its files instead of leaving a second series behind.
 */
import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { decimalString, dicomDate, dicomDateTime, dicomTime } from './write-format.ts';
import { writeDicomFile, type NaturalDataset } from './write-file.ts';
import type { CtSeriesMeta, PetSeriesMeta, SeriesMetaBase, WrittenSeries } from './write-meta.ts';
import {
  imagePixel,
  patientStudyEquipment,
  seriesAndFrame,
  slicePlane,
  sliceValues,
  type WritableVolume,
} from './write-modules.ts';
import {
  ctImageModule,
  petHalfLifeS,
  petSeriesModules,
  petImageModule,
} from './write-image-modules.ts';
import { petDecayFactors } from './write-pet-decay.ts';
import { quantiseCtSlice, quantisePetSlice } from './write-quantise.ts';
import { newUid } from './write-uid.ts';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const PET_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.128';
/** Rescale Intercept of written CT slices, HU. */
export const CT_RESCALE_INTERCEPT_HU = -1024;

/** Writes a CT volume (HU) as a CT Image Storage series in `folder`; returns its files and UIDs. */
export function writeCtSeries(
  volume: WritableVolume,
  folder: string,
  meta: CtSeriesMeta,
): WrittenSeries {
  const seriesUid = meta.seriesInstanceUid ?? newUid();
  const common = commonAttributes(meta, 'CT', seriesUid, meta.acquiredAt);
  const ct = ctImageModule(meta, CT_RESCALE_INTERCEPT_HU);
  return writeSlices(
    volume,
    folder,
    `CT:${meta.seriesNumber}`,
    seriesUid,
    (k) => {
      const pixels = quantiseCtSlice(sliceValues(volume, k), CT_RESCALE_INTERCEPT_HU);
      const dataset = {
        ...common,
        ...ct,
        ...sopCommon(CT_IMAGE_STORAGE),
        ...slicePlane(volume, k),
        ...imagePixel(volume, pixels),
      };
      return { dataset, slope: 1 };
    },
    CT_RESCALE_INTERCEPT_HU,
  );
}

/**
 * Writes a PET volume of 124I (or, with meta.radionuclide 'F-18', 18F) concentration at the acquisition start (Bq/mL) as a PET Image
 * Storage series in `folder`, stored with the meta's decay-correction convention
 * (write-pet-decay.ts); returns its files, UIDs and per-slice slopes.
 */
export function writePetSeries(
  volume: WritableVolume,
  folder: string,
  meta: PetSeriesMeta,
): WrittenSeries {
  if (!(meta.activityBq > 0)) throw new Error(`activityBq must be > 0, got ${meta.activityBq}`);
  const seriesUid = meta.seriesInstanceUid ?? newUid();
  const seriesAt = meta.seriesAt ?? meta.acquiredAt;
  const halfLifeS = petHalfLifeS(meta);
  const frameDurationS = meta.frameDurationS ?? 600;
  const factors = petDecayFactors({
    decayCorrection: meta.decayCorrection,
    halfLifeS,
    frameDurationS,
    acquiredAt: meta.acquiredAt,
    seriesAt,
    administeredAt: meta.administeredAt,
  });
  const common = commonAttributes(meta, 'PT', seriesUid, seriesAt);
  const series = petSeriesModules(meta, volume.size[2], halfLifeS);
  const image = petImageModule(meta, factors, frameDurationS);
  const roundSlope = (slope: number) => Number(decimalString(slope));
  return writeSlices(
    volume,
    folder,
    `PT:${meta.seriesNumber}`,
    seriesUid,
    (k) => {
      const q = quantisePetSlice(sliceValues(volume, k), factors.storedPerTrue, roundSlope);
      const dataset = {
        ...common,
        ...series,
        ...image,
        ...sopCommon(PET_IMAGE_STORAGE),
        ...slicePlane(volume, k),
        ImageIndex: k + 1,
        RescaleSlope: decimalString(q.slope),
        ...imagePixel(volume, q.pixels),
      };
      return { dataset, slope: q.slope };
    },
    0,
  );
}

function commonAttributes(
  meta: SeriesMetaBase,
  modality: 'CT' | 'PT',
  seriesUid: string,
  seriesAt: string,
): NaturalDataset {
  return {
    ...patientStudyEquipment(meta),
    ...seriesAndFrame(meta, modality, seriesUid, seriesAt),
    AcquisitionDate: dicomDate(meta.acquiredAt),
    AcquisitionTime: dicomTime(meta.acquiredAt),
    AcquisitionDateTime: dicomDateTime(meta.acquiredAt),
    ContentDate: dicomDate(meta.acquiredAt),
    ContentTime: dicomTime(meta.acquiredAt),
  };
}

function sopCommon(sopClassUid: string): NaturalDataset {
  return { SOPClassUID: sopClassUid, SOPInstanceUID: newUid() };
}

function writeSlices(
  volume: WritableVolume,
  folder: string,
  nameKey: string,
  seriesInstanceUid: string,
  slice: (k: number) => { dataset: NaturalDataset; slope: number },
  rescaleIntercept: number,
): WrittenSeries {
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  const rescaleSlopes: number[] = [];
  for (let k = 0; k < volume.size[2]; k++) {
    const { dataset, slope } = slice(k);
    const name = `${createHash('sha256').update(`${nameKey}:${k}`).digest('hex').slice(0, 12)}.dcm`;
    writeDicomFile(join(folder, name), dataset);
    files.push(name);
    rescaleSlopes.push(slope);
  }
  return { folder, files, seriesInstanceUid, rescaleSlopes, rescaleIntercept };
}
