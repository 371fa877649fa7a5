/**
 * The VOI a seed gives on one session, before a run (the web app's "accept or adjust" step): the
 * same background-adapted 50% isocontour (imaging/isocontour.ts) and CT region growing from it
 * (study/lesion-ct-volume.ts) that a run measures at that seed with the default options, so what
 * the physicist accepts is what the run will use. Pure; the caller loads the volumes.
 */
import { voxelCount, withData, type Vec3, type Volume } from '../../core/volume.ts';
import { segmentIsocontour } from '../../imaging/isocontour.ts';
import { growCtAtVoi } from '../../study/lesion-ct-volume.ts';
import { whyNoClearUptake } from '../../study/seed-check.ts';

/** Options of previewVoi: the manifest's per-lesion choices that change the VOI. */
export interface VoiPreviewOptions {
  /** A background given for this lesion and scan (manifest backgroundsBqPerMl), Bq/mL. */
  backgroundBqPerMl?: number | undefined;
  /** 'pet-isocontour' skips the CT region (manifest ctVolumeMethod). */
  ctVolumeMethod?: 'ct-region-growing' | 'pet-isocontour' | undefined;
}

/** The VOI's numbers, warnings and its mask on the whole PET grid (1 inside). */
export interface VoiPreviewResult {
  seedLps: Vec3;
  maxLps: Vec3;
  petVolumeMl: number;
  /** The CT region grown from the VOI, mL; null without CT, when skipped, or when none was found. */
  ctVolumeMl: number | null;
  meanConcBqPerMl: number;
  maxConcBqPerMl: number;
  backgroundBqPerMl: number;
  thresholdBqPerMl: number;
  voxelCount: number;
  warnings: string[];
  mask: Volume<Uint8Array>;
  /**
   * The CT region whose volume is ctVolumeMl: linear indices (ascending) into the CT grid (the
   * mask is made on request, ctMask: a CT-sized mask per cached preview would be megabytes).
   */
  ctVoxelIndices: Int32Array | null;
}

/**
 * The isocontour VOI at `seedLps` on `pet` (Bq/mL at acquisition) and the CT region grown from it
 * on `ct` (HU, any grid in the same frame of reference). Throws the segmentation's InputError
 * when the seed lies outside the PET or no background can be measured.
 */
export function previewVoi(
  pet: Volume<Float32Array>,
  ct: Volume<Int16Array | Float32Array> | null,
  seedLps: Vec3,
  options: VoiPreviewOptions = {},
): VoiPreviewResult {
  const given = options.backgroundBqPerMl;
  const voi = segmentIsocontour(
    pet,
    seedLps,
    given === undefined ? {} : { backgroundConcBqPerMl: given },
  );
  const warnings = voi.warnings.map((w) => `PET: ${w}`);
  const unclear = whyNoClearUptake(voi, seedLps);
  if (unclear !== null) warnings.unshift(`not a clear lesion at this seed: ${unclear}`);
  if (voi.flags.axialEnd) {
    warnings.push(
      'PET: the VOI touches the first or last slice: the lesion may be cut by the axial range',
    );
  }
  let ctVolumeMl: number | null = null;
  let ctVoxelIndices: Int32Array | null = null;
  if (ct !== null && options.ctVolumeMethod !== 'pet-isocontour') {
    const region = growCtAtVoi({ volume: ct }, voi, seedLps, { volume: pet });
    if (region === null) {
      warnings.push('CT: region growing at the PET VOI centre, maximum and seed found no lesion');
    } else {
      warnings.push(...region.warnings.map((w) => `CT: ${w}`));
      ctVolumeMl = region.volumeMl;
      ctVoxelIndices = region.voxelIndices;
    }
  }
  const maskData = new Uint8Array(voxelCount(pet.size));
  for (const index of voi.voxelIndices) maskData[index] = 1;
  return {
    seedLps,
    maxLps: voi.maxPointLps,
    petVolumeMl: voi.volumeMl,
    ctVolumeMl,
    meanConcBqPerMl: voi.meanConcBqPerMl,
    maxConcBqPerMl: voi.maxConcBqPerMl,
    backgroundBqPerMl: voi.backgroundConcBqPerMl,
    thresholdBqPerMl: voi.thresholdBqPerMl,
    voxelCount: voi.voxelCount,
    warnings,
    mask: withData(pet, maskData),
    ctVoxelIndices,
  };
}

/** The CT region of a preview as a uint8 mask on the CT grid (1 inside); null without one. */
export function ctMask(
  preview: Pick<VoiPreviewResult, 'ctVoxelIndices'>,
  ct: Volume<Int16Array | Float32Array>,
): Volume<Uint8Array> | null {
  if (preview.ctVoxelIndices === null) return null;
  const data = new Uint8Array(voxelCount(ct.size));
  for (const index of preview.ctVoxelIndices) data[index] = 1;
  return withData(ct, data);
}
