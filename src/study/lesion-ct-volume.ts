/**
 * A lesion's CT volume from the images (image-level input): CT region growing started from its
 * PET VOI. Which volume the lesion gets is chosen in lesion-volume.ts.
 */
import { ijkToLps, type Vec3 } from '../core/volume.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import type { LoadedSeries } from '../io/dicom/read/read-series.ts';
import { growCtRegion, type CtRegionResult } from '../imaging/ct-region-growing.ts';
import type { IsocontourResult } from '../imaging/isocontour.ts';
import { voxelCentroidIjk } from '../imaging/voxel-centroid.ts';

/**
 * CT region grown from the PET VOI's centroid, else its maximum, else the user's seed: the first
 * start point inside the lesion on CT that gives a region without warnings (or the first region
 * at all). The centroid is tried first because a small lesion's PET maximum is displaced by noise
 * and blur.
 */
export function growCtAtVoi(
  ct: Pick<LoadedSeries, 'volume'>,
  voi: IsocontourResult,
  seedLps: Vec3,
  pet: Pick<LoadedPet, 'volume'>,
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
