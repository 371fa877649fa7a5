/**
 * The last few loaded volumes in memory, so the viewer's NIfTI requests and the VOI previews of
 * one session read its series once. A bounded LRU of promises (a second request while the first
 * load runs waits for it; a failed load is forgotten). Keys name what the volume depends on:
 * the series, its instance count (an import may grow a series) and, for PET, the tracer's
 * administration time.
 */
import { InputError } from '../core/errors.ts';
import type { Volume } from '../core/volume.ts';
import { readPetSeriesAsync } from '../io/dicom/read/read-pet-series.ts';
import { readSeriesAsync } from '../io/dicom/read/read-series.ts';
import { I124 } from '../physics/nuclides.ts';

/** Volumes kept (our choice): a session's PET and CT, and those of the session before. */
export const CACHED_VOLUMES = 4;

/** A loaded series: its volume and, for PET, the display range's high end. */
export interface CachedVolume {
  modality: 'PT' | 'CT';
  volume: Volume<Float32Array | Int16Array>;
  /** PET: 99.5th percentile of the voxel values, Bq/mL (display range; highPercentile). */
  highBqPerMl: number | null;
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

/** Voxels sampled for the percentile (our choice): exact below it, strided above. */
const PERCENTILE_SAMPLE = 1 << 18;

/**
 * The 99.5th percentile of the voxel values: the sorted (strided) sample's value at index
 * floor(0.995 (n - 1)) (numpy.percentile method "lower" on the sample); the maximum when that is
 * not positive, and 1 when nothing is.
 */
export function highPercentile(data: Float32Array | Int16Array): number {
  const stride = Math.max(1, Math.ceil(data.length / PERCENTILE_SAMPLE));
  const sample = new Float32Array(Math.ceil(data.length / stride));
  let max = -Infinity;
  for (let n = 0, m = 0; n < data.length; n += stride, m++) sample[m] = data[n] ?? 0;
  for (const v of data) if (v > max) max = v;
  sample.sort();
  const p = sample[Math.floor(0.995 * (sample.length - 1))] ?? 0;
  if (p > 0) return p;
  return max > 0 ? max : 1;
}

/**
 * Reads a stored series: PT in Bq/mL at the scan start (read-pet-series.ts; the tracer's
 * administration, or the header's when the tracer is not entered yet), CT in HU.
 */
export async function loadSeries(
  series: SeriesToLoad,
  administeredAt: string | null,
): Promise<CachedVolume> {
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
    return { modality: 'PT', volume: pet.volume, highBqPerMl: highPercentile(pet.volume.data) };
  }
  if (series.modality === 'CT') {
    const ct = await readSeriesAsync(series.folder, { modality: 'CT', seriesInstanceUid: uid });
    return { modality: 'CT', volume: ct.volume, highBqPerMl: null };
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
