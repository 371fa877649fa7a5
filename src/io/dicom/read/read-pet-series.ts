/**
 * PET ingest: read a PT series and convert it to Bq/mL at the scan start, not decay-corrected
 * (the manifest's convention), with the factor to decay-correct it to the administration.
 */
import { InputError, isUserError } from '../../../core/errors.ts';
import {
  petToBqPerMlAtAcquisition,
  type PetExpectation,
  type PetTiming,
} from './pet-quantification.ts';
import { extractPetTiming } from './pet-timing.ts';
import {
  readSeries,
  readSeriesAsync,
  type LoadedSeries,
  type ReadSeriesOptions,
} from './read-series.ts';

/** A PET series in Bq/mL at the scan start. */
export interface LoadedPet extends LoadedSeries<Float32Array> {
  timing: PetTiming;
  /** Scan start, hours after the manifest administration. */
  scanStartH: number;
  /** Factor applied to the rescaled values to get Bq/mL at the scan start. */
  concAtAcquisitionScale: number;
  /** Multiply the volume by this to decay-correct it to the administration (expect.halfLifeH). */
  decayCorrectToAdministrationFactor: number;
  warnings: string[];
}

/** Options of readPetSeries: the manifest's administration and tracer, and the series choice. */
export interface ReadPetOptions extends PetExpectation {
  seriesInstanceUid?: string;
}

/** Read a PET series; volume in Bq/mL at the scan start (PS3.3 C.8.9.1 Units, Decay Correction). */
export function readPetSeries(folder: string, expect: ReadPetOptions): LoadedPet {
  return toPet(readSeries(folder, seriesOptions(expect)), folder, expect);
}

/** readPetSeries, reading the files asynchronously (node:fs/promises). */
export async function readPetSeriesAsync(
  folder: string,
  expect: ReadPetOptions,
): Promise<LoadedPet> {
  return toPet(await readSeriesAsync(folder, seriesOptions(expect)), folder, expect);
}

function seriesOptions(expect: ReadPetOptions): ReadSeriesOptions {
  return {
    modality: 'PT',
    ...(expect.seriesInstanceUid === undefined
      ? {}
      : { seriesInstanceUid: expect.seriesInstanceUid }),
  };
}

/** A loaded PT series (from a folder or from instances) in Bq/mL at the scan start. */
export function toPet(series: LoadedSeries, folder: string, expect: ReadPetOptions): LoadedPet {
  if (series.modality !== 'PT') {
    throw new InputError(
      { file: folder, field: '(0008,0060) Modality' },
      `expected a PET (PT) series, got ${series.modality}`,
    );
  }
  const notes: string[] = [];
  try {
    const timing = extractPetTiming(
      series.header,
      series.slices,
      folder,
      expect.administeredAt,
      notes,
    );
    const scale = petToBqPerMlAtAcquisition(timing, expect, { file: folder });
    const data = series.volume.data;
    // Only a CT may be held as Int16 (assemble-series.ts).
    if (!(data instanceof Float32Array)) throw new Error('a PT series is decoded as Float32');
    for (let n = 0; n < data.length; n++) data[n] = (data[n] ?? 0) * scale.factor;
    return {
      ...series,
      volume: { ...series.volume, data },
      timing,
      scanStartH: scale.scanStartH,
      concAtAcquisitionScale: scale.factor,
      decayCorrectToAdministrationFactor: Math.exp(
        (Math.LN2 / expect.halfLifeH) * scale.scanStartH,
      ),
      warnings: [...series.warnings, ...notes, ...scale.warnings],
    };
  } catch (error) {
    throw isUserError(error) ? error.inFile(folder) : error;
  }
}
