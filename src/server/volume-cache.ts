/**
 * The last few loaded volumes in memory, so the viewer's NIfTI requests and the VOI previews of
 * one session read its series once. A bounded LRU of promises (a second request while the first
 * load runs waits for it; a failed load is forgotten). Keys name what the volume depends on:
 * the series, its instance count (an import may grow a series) and, for PET, the tracer's
 * administration time. A series an import is writing into just then (files without rows, or its
 * temporary files) is refused with 409, not read half-way.
 */
import { readdirSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import type { Volume } from '../core/volume.ts';
import { readPetSeriesAsync } from '../io/dicom/read/read-pet-series.ts';
import { readSeriesAsync } from '../io/dicom/read/read-series.ts';
import { I124 } from '../physics/nuclides.ts';
import { HttpError } from './errors.ts';
import { maxValue } from './pet-range.ts';

/** Volumes kept (our choice): a session's PET and CT, and those of the session before. */
export const CACHED_VOLUMES = 4;

/** A loaded series: its volume and, for PET, its maximum (pet-range.ts). */
export interface CachedVolume {
  modality: 'PT' | 'CT';
  volume: Volume<Float32Array | Int16Array>;
  /** PET: the largest voxel value, Bq/mL (the display range without seeds, pet-range.ts). */
  maxBqPerMl: number | null;
}

/** The series facts a load needs (the store's getSeries). */
export interface SeriesToLoad {
  id: number;
  modality: string;
  seriesInstanceUid: string;
  instanceCount: number;
  acquiredAt: string | null;
  folder: string;
}

/** A bounded least-recently-used map of promises. */
export class LruCache<V> {
  private readonly entries = new Map<string, Promise<V>>();
  constructor(private readonly capacity: number) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const loading = load();
    this.entries.set(key, loading);
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return loading;
  }
}

/**
 * Reads a stored series: PT in Bq/mL at the scan start (read-pet-series.ts; the tracer's
 * administration, or the header's when the tracer is not entered yet), CT in HU.
 */
export async function loadSeries(
  series: SeriesToLoad,
  administeredAt: string | null,
): Promise<CachedVolume> {
  let loaded: { volume: CachedVolume; files: number };
  try {
    loaded = await readStored(series, administeredAt);
  } catch (error) {
    if (importing(series.folder)) throw busy(series.seriesInstanceUid);
    throw error;
  }
  // More files than rows: an import into the series has written files it has not committed.
  if (loaded.files !== series.instanceCount) throw busy(series.seriesInstanceUid);
  return loaded.volume;
}

/** True while an import writes into the folder (its temporary files are there). */
function importing(folder: string): boolean {
  try {
    return readdirSync(folder).some((name) => name.startsWith('.tmp-'));
  } catch {
    return false;
  }
}

function busy(uid: string): HttpError {
  return new HttpError(409, {
    error: `series ${uid} is being imported just now`,
    hint: 'show it again once the import has finished',
  });
}

async function readStored(
  series: SeriesToLoad,
  administeredAt: string | null,
): Promise<{ volume: CachedVolume; files: number }> {
  const uid = series.seriesInstanceUid;
  if (series.modality === 'PT') {
    const pet = await readPetSeriesAsync(series.folder, {
      // Without the tracer the factor to Bq/mL at the scan start does not depend on this time
      // (pet-quantification.ts), except for ADMIN correction without a header time: refused below.
      administeredAt: administeredAt ?? series.acquiredAt ?? '2000-01-01T00:00:00',
      halfLifeH: I124.halfLifeH,
      seriesInstanceUid: uid,
    });
    if (
      administeredAt === null &&
      pet.timing.decayCorrection === 'ADMIN' &&
      pet.timing.administrationDateTime === null
    ) {
      throw new InputError(
        { field: 'tracer.administeredAt' },
        `the PET series ${uid} is decay-corrected to the administration, whose time its header does not give`,
        "enter the tracer's administration time first",
      );
    }
    const volume = pet.volume;
    return {
      volume: { modality: 'PT', volume, maxBqPerMl: maxValue(volume.data) },
      files: pet.files.length,
    };
  }
  if (series.modality === 'CT') {
    const ct = await readSeriesAsync(series.folder, { modality: 'CT', seriesInstanceUid: uid });
    return {
      volume: { modality: 'CT', volume: ct.volume, maxBqPerMl: null },
      files: ct.files.length,
    };
  }
  throw new InputError(
    { field: `series ${uid}` },
    `expected a PET (PT) or CT series, got modality ${JSON.stringify(series.modality)}`,
    'only PET and CT series are shown and measured',
  );
}

/** The cache key of a series load. */
export function volumeKey(series: SeriesToLoad, administeredAt: string | null): string {
  const tracer = series.modality === 'PT' ? (administeredAt ?? '-') : '';
  return `${series.id}:${series.instanceCount}:${tracer}`;
}
