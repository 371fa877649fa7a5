/**
 * A lesion's seeds from the manifest: one per scan, given as patient LPS (`seedsLps`, mm), RAS
 * (`seedsRas`, mm, x and y negated) or voxel indices of that scan's PET (`seedsIjk`: zero-based
 * column i, row j and slice k, slices sorted along the normal row x column, as 3D Slicer's IJK).
 * Converted to LPS here, at the edge; the imaging code works in LPS only.
 */
import { InputError } from '../core/errors.ts';
import { ijkToLps, rasToLps, type Vec3, type Volume } from '../core/volume.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';

export type SeedForm = 'seedsLps' | 'seedsRas' | 'seedsIjk';
const FORMS: readonly SeedForm[] = ['seedsLps', 'seedsRas', 'seedsIjk'];

/** One seed as written: scan, form, the numbers given and the manifest field. */
export interface LesionSeed {
  scanId: string;
  form: SeedForm;
  given: Vec3;
  field: string;
}

/** The seeds of lesions[lesionIndex], in the order of `scanIds`; one form per scan. */
export function lesionSeeds(
  lesion: StudyManifest['lesions'][number],
  lesionIndex: number,
  scanIds: readonly string[],
): LesionSeed[] {
  const seeds = new Map<string, LesionSeed>();
  for (const form of FORMS) {
    for (const [scanId, given] of Object.entries(lesion[form] ?? {})) {
      const field = `lesions[${lesionIndex}].${form}.${scanId}`;
      if (!scanIds.includes(scanId)) {
        throw new InputError(
          { field },
          `no scan with id ${JSON.stringify(scanId)}; scans are ${scanIds.map((s) => JSON.stringify(s)).join(', ') || 'none'}`,
        );
      }
      const earlier = seeds.get(scanId);
      if (earlier !== undefined) {
        throw new InputError(
          { field },
          `scan ${scanId} already has a seed under ${earlier.form}; a scan takes one seed`,
          `keep one of ${earlier.form}.${scanId} and ${form}.${scanId}`,
        );
      }
      seeds.set(scanId, { scanId, form, given, field });
    }
  }
  return scanIds.flatMap((id) => {
    const seed = seeds.get(id);
    return seed === undefined ? [] : [seed];
  });
}

/** The seed in LPS mm on `pet` (the scan's PET grid for seedsIjk; InputError outside it). */
export function seedToLps(
  seed: LesionSeed,
  pet: Pick<Volume, 'size' | 'originLps' | 'spacingMm' | 'direction'>,
): Vec3 {
  if (seed.form === 'seedsLps') return seed.given;
  if (seed.form === 'seedsRas') return rasToLps(seed.given);
  const outside = seed.given.findIndex((c, axis) => c > (pet.size[axis] ?? 0) - 1);
  if (outside >= 0) {
    throw new InputError(
      { field: seed.field },
      `voxel [${seed.given.join(', ')}] lies outside the PET of ${pet.size.join(' x ')} voxels ` +
        `(zero-based column, row, slice: each index below its size)`,
      "give zero-based indices of this scan's PET (ITK-SNAP shows one-based ones: subtract 1)",
    );
  }
  return ijkToLps(pet, seed.given);
}

/**
 * A lesion's `ctSeedsLps` (regions grown on extra CTs) give a volume only to a lesion measured on
 * a PET (lesion-volume.ts, candidate 4), or one with CT masks: anywhere else they would be ignored,
 * so they are refused with what is missing.
 */
export function checkCtSeedsUsable(manifest: StudyManifest): void {
  manifest.lesions.forEach((lesion, index) => {
    if (Object.keys(lesion.ctSeedsLps ?? {}).length === 0) return;
    const petSeeded = FORMS.some((form) => Object.keys(lesion[form] ?? {}).length > 0);
    if (petSeeded || lesion.ctMasks !== undefined) return;
    const at = `lesions[${index}]`;
    throw new InputError(
      { field: `${at}.ctSeedsLps` },
      `lesion ${JSON.stringify(lesion.id)} has ctSeedsLps but no PET seed (${at}.seedsLps, seedsRas or seedsIjk) and no ${at}.ctMasks: ` +
        'a region grown on an extra CT gives a volume only to a lesion measured on a PET, so it would be ignored',
      `add ${at}.seedsLps for a scan, or give the volume (${at}.volumeMl, or volumeMl in its measurements) and remove ctSeedsLps`,
    );
  });
}
