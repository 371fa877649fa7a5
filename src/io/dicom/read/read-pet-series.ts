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
import type { SeriesDescription } from './assemble-series.ts';
import { readSeriesAsync, readSeriesSync, type ValueScale } from './folder-series.ts';
import type { LoadedSeries, ReadSeriesOptions } from './series-types.ts';

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
  const quantity = petQuantity(folder, expect);
  return finish(readSeriesSync(folder, seriesOptions(expect), quantity.scale), quantity, expect);
}

/** readPetSeries, reading the files asynchronously (node:fs/promises). */
export async function readPetSeriesAsync(
  folder: string,
  expect: ReadPetOptions,
): Promise<LoadedPet> {
  const quantity = petQuantity(folder, expect);
  const series = await readSeriesAsync(folder, seriesOptions(expect), quantity.scale);
  return finish(series, quantity, expect);
}

function seriesOptions(expect: ReadPetOptions): ReadSeriesOptions {
  return {
    modality: 'PT',
    ...(expect.seriesInstanceUid === undefined
      ? {}
      : { seriesInstanceUid: expect.seriesInstanceUid }),
  };
}

interface Quantity {
  timing: PetTiming;
  scale: ReturnType<typeof petToBqPerMlAtAcquisition>;
  notes: string[];
}

/**
 * The scale to Bq/mL at the scan start of a PT series, from its description (before its pixels
 * are decoded, so that the factor is folded into each slice's rescale: one pass over the
 * voxels); `scale` records what it found for finish().
 */
function petQuantity(
  folder: string,
  expect: ReadPetOptions,
): { scale: ValueScale; found?: Quantity } {
  const quantity: { scale: ValueScale; found?: Quantity } = {
    scale: (series) => {
      quantity.found = quantify(series, folder, expect);
      return quantity.found.scale.factor;
    },
  };
  return quantity;
}

function quantify(series: SeriesDescription, folder: string, expect: ReadPetOptions): Quantity {
  if (series.modality !== 'PT') {
    throw new InputError(
      { file: folder, field: '(0008,0060) Modality' },
      `expected a PET (PT) series, got ${series.modality}`,
    );
  }
  try {
    const notes: string[] = [];
    const timing = extractPetTiming(
      series.header,
      series.slices,
      folder,
      expect.administeredAt,
      notes,
    );
    const scale = petToBqPerMlAtAcquisition(timing, expect, { file: folder });
    return { timing, scale, notes };
  } catch (error) {
    throw isUserError(error) ? error.inFile(folder) : error;
  }
}

function finish(
  series: LoadedSeries,
  quantity: { found?: Quantity },
  expect: ReadPetOptions,
): LoadedPet {
  const { found } = quantity;
  if (found === undefined) throw new Error('internal: the PET scale was not computed');
  const data = series.volume.data;
  // Only a CT may be held as Int16 (assemble-series.ts).
  if (!(data instanceof Float32Array)) throw new Error('a PT series is decoded as Float32');
  return {
    ...series,
    volume: { ...series.volume, data },
    timing: found.timing,
    scanStartH: found.scale.scanStartH,
    concAtAcquisitionScale: found.scale.factor,
    decayCorrectToAdministrationFactor: Math.exp(
      (Math.LN2 / expect.halfLifeH) * found.scale.scanStartH,
    ),
    warnings: [...series.warnings, ...found.notes, ...found.scale.warnings],
  };
}

/**
 * A loaded PT series (e.g. assembled from instances in memory) in Bq/mL at the scan start: the
 * scale applied in a pass over its voxels.
 */
export function toPet(series: LoadedSeries, folder: string, expect: ReadPetOptions): LoadedPet {
  const found = quantify(series, folder, expect);
  const data = series.volume.data;
  if (!(data instanceof Float32Array)) throw new Error('a PT series is decoded as Float32');
  for (let n = 0; n < data.length; n++) data[n] = (data[n] ?? 0) * found.scale.factor;
  return finish(series, { found }, expect);
}
