/**
 * One lesion on each scan it is seeded on (pure, on the LoadedStudy): the background-adapted 50%
 * isocontour VOI at the seed, the checks of the seed's reading and the PET's axial end, and the CT
 * region grown from the VOI (unless the lesion's ctVolumeMethod is pet-isocontour).
 */
import { InputError } from '../core/errors.ts';
import { formatLocalDateTime } from '../core/time.ts';
import type { Vec3 } from '../core/volume.ts';
import { segmentIsocontour, type IsocontourResult } from '../imaging/isocontour.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import { checkAxialEnd } from './contradictions.ts';
import type { ScanVoiCheck } from './lesion-assessability.ts';
import { growCtAtVoi } from './lesion-ct-volume.ts';
import { lesionSeeds, seedToLps } from './lesion-seeds.ts';
import type { LoadedSession } from './loaded-study.ts';
import type { ScanVoi } from './results.ts';
import { checkRasReading } from './seed-check.ts';

/** A lesion measured on one PET scan (and its CT). */
export interface ScanMeasurement {
  scanId: string;
  /** Index in the manifest's `scans`. */
  scanIndex: number;
  /** The manifest field of the seed (`lesions[1].seedsRas.pet24`). */
  seedField: string;
  /** Scan start, local ISO date-time (the PET's Acquisition/Series time). */
  at: string;
  /** The same scan start in hours after the administration (no round trip through `at`). */
  timeH: number;
  /** Mean 124I concentration in the VOI at the scan start, Bq/mL. */
  meanConcBqPerMl: number;
  voi: IsocontourResult;
  pet: LoadedPet;
  /** The region grown on this session's CT, mL; null without CT or when none was found. */
  ctRegionMl: number | null;
  check: ScanVoiCheck;
  /** The results' record (lesions[].imaging.scans[]). */
  record: ScanVoi;
}

/** Lesion `lesionIndex` on every scan it is seeded on; warnings are pushed to `warnings`. */
export function measureOnScans(
  manifest: StudyManifest,
  administeredMs: number,
  lesionIndex: number,
  sessions: readonly LoadedSession[],
  warnings: string[],
): ScanMeasurement[] {
  const lesion = manifest.lesions[lesionIndex];
  if (lesion === undefined) throw new Error(`no lesion ${lesionIndex}`);
  const overrides = manifest.overrides ?? {};
  const scanIds = sessions.map((s) => s.id);
  return lesionSeeds(lesion, lesionIndex, scanIds).map((seedGiven): ScanMeasurement => {
    const scanId = seedGiven.scanId;
    const session = sessions.find((s) => s.id === scanId);
    if (session === undefined) throw new Error(`lesionSeeds returned unknown scan ${scanId}`);
    const seed = seedToLps(seedGiven, session.pet.volume);
    const background = lesion.backgroundsBqPerMl?.[scanId];
    const voi = segmentAt(session.pet, seed, seedGiven.field, background);
    checkRasReading(
      seedGiven,
      voi,
      (point) => segmentOrNull(session.pet, point, background),
      overrides.seedsLpsAsGiven === true,
      warnings,
    );
    checkAxialEnd(voi, seedGiven, session.pet, overrides, warnings);
    let ctRegionMl: number | null = null;
    if (session.ct !== null && lesion.ctVolumeMethod !== 'pet-isocontour') {
      const region = growCtAtVoi(session.ct, voi, seed, session.pet);
      if (region === null) {
        warnings.push(
          `CT ${scanId}: region growing at the PET VOI centre, maximum and seed found no lesion`,
        );
      } else {
        warnings.push(...region.warnings.map((w) => `CT ${scanId}: ${w}`));
        ctRegionMl = region.volumeMl;
      }
    }
    warnings.push(...voi.warnings.map((w) => `PET ${scanId}: ${w}`));
    const at = formatLocalDateTime(administeredMs + session.pet.scanStartH * 3_600_000);
    return {
      scanId,
      scanIndex: session.index,
      seedField: seedGiven.field,
      at,
      timeH: session.pet.scanStartH,
      meanConcBqPerMl: voi.meanConcBqPerMl,
      voi,
      pet: session.pet,
      ctRegionMl,
      check: { scanId, seedLps: seed, voi },
      record: {
        scanId,
        seedForm: seedGiven.form,
        seedLps: [...seed],
        maxPointLps: [...voi.maxPointLps],
        at,
        voiVolumeMl: voi.volumeMl,
        meanConcBqPerMl: voi.meanConcBqPerMl,
        maxConcBqPerMl: voi.maxConcBqPerMl,
        backgroundConcBqPerMl: voi.backgroundConcBqPerMl,
        contrast: voi.contrast,
        ctVolumeMl: ctRegionMl,
      },
    };
  });
}

/** The VOI at `seedLps`, or null when the point lies outside the PET or has no background. */
function segmentOrNull(
  pet: LoadedPet,
  seedLps: Vec3,
  backgroundConcBqPerMl: number | undefined,
): IsocontourResult | null {
  try {
    return segmentAt(pet, seedLps, '', backgroundConcBqPerMl);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function segmentAt(
  pet: LoadedPet,
  seed: Vec3,
  field: string,
  backgroundConcBqPerMl: number | undefined,
): IsocontourResult {
  try {
    return segmentIsocontour(
      pet.volume,
      seed,
      backgroundConcBqPerMl === undefined ? {} : { backgroundConcBqPerMl },
    );
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError({ field }, error.expected, error.hint);
    }
    throw error;
  }
}
