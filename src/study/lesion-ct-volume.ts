/**
 * A lesion's volume from the images (image-level input): CT region growing started from its PET
 * VOI, and the choice among a given volume, CT diameters, CT masks, CT regions and (fallback) the
 * PET VOIs.
 */
import { ijkToLps, type Vec3 } from '../core/volume.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import type { LoadedSeries } from '../io/dicom/read/read-series.ts';
import { growCtRegion, type CtRegionResult } from '../imaging/ct-region-growing.ts';
import { ellipsoidVolumeMl, meanCtVolumeMl } from '../imaging/ct-volume.ts';
import type { IsocontourResult } from '../imaging/isocontour.ts';
import { voxelCentroidIjk } from '../imaging/voxel-centroid.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import type { ScanVoi } from './results.ts';

/** A lesion volume, mL, how it was obtained, and the volumes averaged into it ([] for one). */
export interface ChosenVolume {
  volumeMl: number;
  method: string;
  averaged: number[];
  /** True when no CT-based volume existed and the PET VOIs' mean was used. */
  petFallback: boolean;
}

/**
 * CT region grown from the PET VOI's centroid, else its maximum, else the user's seed: the first
 * start point inside the lesion on CT that gives a region without warnings (or the first region
 * at all). The centroid is tried first because a small lesion's PET maximum is displaced by noise
 * and blur.
 */
export function growCtAtVoi(
  ct: LoadedSeries,
  voi: IsocontourResult,
  seedLps: Vec3,
  pet: LoadedPet,
): CtRegionResult | null {
  const centroidLps = ijkToLps(pet.volume, voxelCentroidIjk(pet.volume.size, voi.voxelIndices));
  const starts = [centroidLps, voi.maxPointLps, seedLps];
  let fallback: CtRegionResult | null = null;
  for (const start of starts) {
    const region = growCtRegion(ct.volume, start);
    if (region.volumeMl <= 0) continue;
    if (region.warnings.length === 0) return region;
    fallback ??= region;
  }
  return fallback;
}

/**
 * Lesion volume: given > CT masks (mean) > diameters > mean CT region > mean PET VOI (fallback,
 * with a warning pushed to `warnings`).
 */
export function chooseLesionVolume(
  lesion: StudyManifest['lesions'][number],
  masks: readonly { kind: string; volumeMl: number }[],
  ctVolumes: readonly number[],
  scanVois: readonly ScanVoi[],
  warnings: string[],
): ChosenVolume {
  if (masks.length > 0 && lesion.volumeMl === undefined) {
    return {
      volumeMl: masks.reduce((sum, m) => sum + m.volumeMl, 0) / masks.length,
      method: `CT mask (${masks.map((m) => m.kind).join(', ')}), mean of ${masks.length}`,
      averaged: masks.map((m) => m.volumeMl),
      petFallback: false,
    };
  }
  if (lesion.volumeMl !== undefined)
    return {
      volumeMl: lesion.volumeMl,
      method: 'given (lesions[].volumeMl)',
      averaged: [],
      petFallback: false,
    };
  if (lesion.diametersMm !== undefined) {
    const [a, b, c] = lesion.diametersMm;
    return {
      volumeMl: ellipsoidVolumeMl(a, b, c),
      method: 'ellipsoid from CT diameters',
      averaged: [],
      petFallback: false,
    };
  }
  if (ctVolumes.length > 0) {
    const mean = meanCtVolumeMl(ctVolumes);
    // A threshold of our own choice (no guideline gives one): a spread of the CT volumes over
    // 20% (CV) asks for a look at the regions grown on each CT.
    if (mean.cvPercent > 20) {
      warnings.push(`CT volumes differ between scans by ${mean.cvPercent.toFixed(0)}% (CV)`);
    }
    return {
      volumeMl: mean.meanMl,
      method: `CT region growing, mean of ${mean.n} CT scan(s)`,
      averaged: [...ctVolumes],
      petFallback: false,
    };
  }
  const petVolumes = scanVois.map((s) => s.voiVolumeMl);
  warnings.push(
    'no CT volume (no CT, or ctVolumeMethod pet-isocontour): the PET isocontour volume is used, which depends on resolution and contrast',
  );
  return {
    volumeMl: petVolumes.reduce((a, b) => a + b, 0) / petVolumes.length,
    method: `PET isocontour (fallback), mean of ${petVolumes.length} scan(s)`,
    averaged: petVolumes,
    petFallback: true,
  };
}
