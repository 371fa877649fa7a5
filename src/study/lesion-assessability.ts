/**
 * Whether a lesion's image measurement can be trusted (issue 7, item 4), as stable codes with a
 * sentence, from the isocontour checks of each scan's VOI and the lesion's CT volume. The patient
 * decision ("not assessable when that could change the verdict") is made from these elsewhere.
 */
import type { IsocontourResult } from '../imaging/isocontour.ts';
import type { Vec3 } from '../core/volume.ts';
import { whyNoUptake } from './seed-check.ts';

/** One reason a lesion is not assessable: a stable code and a sentence. */
export interface NotAssessableReason {
  code:
    'seed.no-uptake' | 'voi.leak' | 'voi.image-edge' | 'voi.axial-end' | 'volume.pet-ct-disagree';
  message: string;
}

/**
 * PET VOI / CT volume ratios outside [1/2, 2] are gross disagreement. Our choice: for lesions
 * a few FWHM across, the background-adapted 50% isocontour gives the volume within about 30%
 * (Jentzen et al. 2007 J Nucl Med 48:108; the demo patient's lesions of 0.6-16 mL: 0.7-1.2);
 * a factor of 2 means the two are not the same object (a leak, a merger, a wrong seed, CT growth
 * into neighbours). Below MIN_VOI_ML_FOR_LARGER the 50% isocontour of a small lesion is set by
 * the PET's resolution (a blurred lesion's VOI is about a sphere of the FWHM plus partial voxels,
 * 0.2-1 mL at 124I's 7-8 mm on 4 mm voxels), so "PET larger" is only flagged above it.
 */
export const PET_CT_RATIO_LIMITS = [0.5, 2] as const;
export const MIN_VOI_ML_FOR_LARGER = 1;

/** One scan's VOI of the lesion. */
export interface ScanVoiCheck {
  scanId: string;
  seedLps: Vec3;
  voi: IsocontourResult;
}

/**
 * The reasons, in a fixed order. `ctVolumeMl` is the lesion's CT volume (null when the PET VOI
 * itself is the volume).
 */
export function notAssessableReasons(
  scans: readonly ScanVoiCheck[],
  ctVolumeMl: number | null,
): NotAssessableReason[] {
  const reasons: NotAssessableReason[] = [];
  for (const { scanId, seedLps, voi } of scans) {
    const f = voi.flags;
    const at = `PET ${scanId}`;
    if (f.lowContrast || f.noUptakeNearSeed) {
      reasons.push({
        code: 'seed.no-uptake',
        message: `${at}: the seed finds no clear uptake (${whyNoUptake(voi, seedLps).join('; ')})`,
      });
    }
    if (f.growthLimit || f.implausibleVolume) {
      reasons.push({
        code: 'voi.leak',
        message: `${at}: the VOI leaks into surrounding uptake (${voi.volumeMl.toFixed(1)} mL${f.growthLimit ? ', reaching the growth limit' : ''})`,
      });
    }
    if (f.imageEdge) {
      reasons.push({
        code: 'voi.image-edge',
        message: `${at}: the VOI touches the image edge (first or last row or column): the lesion may be cut off`,
      });
    }
    if (f.axialEnd) {
      reasons.push({
        code: 'voi.axial-end',
        message: `${at}: the VOI touches the first or last slice: the lesion is cut by the end of the axial range`,
      });
    }
    if (ctVolumeMl !== null && ctVolumeMl > 0) {
      const ratio = voi.volumeMl / ctVolumeMl;
      const larger = ratio > PET_CT_RATIO_LIMITS[1] && voi.volumeMl > MIN_VOI_ML_FOR_LARGER;
      if (ratio < PET_CT_RATIO_LIMITS[0] || larger) {
        reasons.push({
          code: 'volume.pet-ct-disagree',
          message: `${at}: the PET VOI (${voi.volumeMl.toFixed(2)} mL) is ${ratio.toFixed(2)} x the CT volume (${ctVolumeMl.toFixed(2)} mL), outside ${PET_CT_RATIO_LIMITS[0]}-${PET_CT_RATIO_LIMITS[1]} x: PET and CT do not outline the same lesion`,
        });
      }
    }
  }
  return reasons;
}
