/**
 * Contradictions between the manifest and the images (issue 7, item 5), refused as InputErrors
 * (exit 2, one line) unless the manifest's `overrides` accepts them; an accepted one becomes a
 * warning saying what was overridden. The thresholds are our own choices, explained at each.
 */
import { InputError } from '../core/errors.ts';
import { hoursBetween, parseLocalDateTimeMs } from '../core/time.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import type { IsocontourResult } from '../imaging/isocontour.ts';
import { I124 } from '../physics/nuclides.ts';
import type { LesionSeed } from './lesion-seeds.ts';
import type { Overrides, StudyManifest } from '../io/manifest/manifest-schema.ts';

/**
 * Header vs manifest administration time, h. Our choice: clocks of injection room and scanner
 * may differ by minutes (warned from 1 min, pet-quantification.ts), but an hour is a wrong date,
 * time zone or patient, and moves every 124I time point (1 h is 0.7% of 124I decay).
 */
export const ADMINISTRATION_REFUSE_H = 1;
/**
 * Relative header vs manifest activity difference refused. Our choice: the header's Radionuclide
 * Total Dose is often the assayed activity before the syringe residual (a few %) or entered by
 * hand; 20% is beyond any residual and beyond dose-calibrator tolerances (+-10%, IAEA TRS-454).
 */
export const ACTIVITY_REFUSE_FRACTION = 0.2;
/**
 * Shortest PET accepted, slices and mm along the slice normal. Our choice: a VOI needs its
 * background shell 10-20 mm outside it on both sides (isocontour-options.ts: shellGapMm +
 * shellThicknessMm = 20 mm) around a lesion of at least ~8 mm (the FWHM of 124I PET):
 * 8 + 2 x 20 = 48 mm, which is 10 slices of 4-5 mm. Fewer is no PET volume (a single slice or a
 * key-image export).
 */
export const MIN_PET_SLICES = 10;
export const MIN_PET_AXIAL_MM = 48;

interface Session {
  id: string;
  pet: LoadedPet;
}

/** Refuses (or warns, when overridden) the contradictions of each scan's PET with the manifest. */
export function checkSessions(
  sessions: readonly Session[],
  manifest: StudyManifest,
  warnings: string[],
): void {
  const overrides: Overrides = manifest.overrides ?? {};
  sessions.forEach((session, index) => {
    const field = `scans[${index}].pet`;
    checkShortPet(session.pet, field, overrides, warnings);
    const earlier = sessions.findIndex(
      (other, n) => n < index && other.pet.seriesInstanceUid === session.pet.seriesInstanceUid,
    );
    if (earlier >= 0) {
      refuseOrWarn(
        overrides.scansOnSameSeries,
        'scansOnSameSeries',
        { field },
        `the same PET series as scans[${earlier}] (Series Instance UID ${session.pet.seriesInstanceUid}): two scans on one series count one time point twice`,
        'give each scan its own PET series (`series` picks one of several in a folder)',
        warnings,
      );
    }
    const timeDifferenceH = checkAdministrationTime(session.pet, field, manifest, warnings);
    checkActivity(session.pet, field, manifest, timeDifferenceH, warnings);
  });
}

function checkShortPet(pet: LoadedPet, field: string, overrides: Overrides, warnings: string[]) {
  const slices = pet.volume.size[2];
  const axialMm = slices * pet.volume.spacingMm[2];
  if (slices >= MIN_PET_SLICES && axialMm >= MIN_PET_AXIAL_MM) return;
  refuseOrWarn(
    overrides.shortPetSeries,
    'shortPetSeries',
    { field },
    `the PET has ${slices} slice(s) covering ${axialMm.toFixed(0)} mm: too short to hold a lesion VOI and its background shell (at least ${MIN_PET_SLICES} slices and ${MIN_PET_AXIAL_MM} mm)`,
    'export the whole PET series (every slice of the bed positions)',
    warnings,
  );
}

/** Hours from the manifest's administration to the header's (null without a header time). */
function checkAdministrationTime(
  pet: LoadedPet,
  field: string,
  manifest: StudyManifest,
  warnings: string[],
): number | null {
  const header = pet.timing.administrationDateTime;
  if (header === null) return null;
  const manifestMs = parseLocalDateTimeMs(manifest.tracer.administeredAt, {
    field: 'tracer.administeredAt',
  });
  const differenceH = hoursBetween(manifestMs, parseLocalDateTimeMs(header, { field }));
  if (Math.abs(differenceH) > ADMINISTRATION_REFUSE_H) {
    refuseOrWarn(
      manifest.overrides?.administrationTimeMismatch,
      'administrationTimeMismatch',
      { field: 'tracer.administeredAt' },
      `${manifest.tracer.administeredAt} is ${Math.abs(differenceH).toFixed(1)} h ${differenceH > 0 ? 'before' : 'after'} the administration time in the PET header of ${field} ((0018,1078) ${header}); expected them within ${ADMINISTRATION_REFUSE_H} h`,
      'correct tracer.administeredAt; if the header is wrong, the manifest time is t = 0',
      warnings,
    );
  }
  return differenceH;
}

/**
 * Manifest activity vs the header's (0018,1074) Radionuclide Total Dose, which DICOM gives at the
 * (0018,1078) Radiopharmaceutical Start DateTime (PS3.3 C.8.9.1.1.x): decayed (124I) to the
 * manifest's administration time when the two times agree within ADMINISTRATION_REFUSE_H; when
 * a larger difference was overridden the header time is deemed wrong and the dose is taken as
 * it stands.
 */
function checkActivity(
  pet: LoadedPet,
  field: string,
  manifest: StudyManifest,
  timeDifferenceH: number | null,
  warnings: string[],
): void {
  const headerBq = pet.timing.totalDoseBq;
  if (headerBq === null || !(headerBq > 0)) return;
  const decayed = timeDifferenceH !== null && Math.abs(timeDifferenceH) <= ADMINISTRATION_REFUSE_H;
  const decay = decayed ? Math.exp(I124.decayConstantPerH * timeDifferenceH) : 1;
  const headerMBq = (headerBq * decay) / 1e6;
  const ratio = manifest.tracer.activityMBq / headerMBq;
  if (Math.abs(ratio - 1) <= ACTIVITY_REFUSE_FRACTION) return;
  const how = decayed
    ? `at ${pet.timing.administrationDateTime ?? ''}, decayed to the manifest's administration time`
    : `as it stands: its time ${pet.timing.administrationDateTime ?? '(none)'} is not the manifest's`;
  refuseOrWarn(
    manifest.overrides?.administeredActivityMismatch,
    'administeredActivityMismatch',
    { field: 'tracer.activityMBq' },
    `${manifest.tracer.activityMBq} MBq is ${Math.abs(100 * (ratio - 1)).toFixed(0)}% ${ratio > 1 ? 'above' : 'below'} the PET header's (0018,1074) Radionuclide Total Dose of ${headerMBq.toPrecision(4)} MBq (${how}) in ${field}; expected within ${100 * ACTIVITY_REFUSE_FRACTION}%`,
    'correct tracer.activityMBq (MBq administered)',
    warnings,
  );
}

/** Refuses a VOI cut by the end of its PET's axial range (first or last slice). */
export function checkAxialEnd(
  voi: IsocontourResult,
  seed: LesionSeed,
  pet: LoadedPet,
  overrides: Overrides,
  warnings: string[],
): void {
  // A leak that runs to the end is a leak (not assessable, lesion-assessability.ts), not a cut lesion.
  if (!voi.flags.axialEnd || voi.flags.growthLimit || voi.flags.implausibleVolume) return;
  refuseOrWarn(
    overrides.voiAtAxialEnd,
    'voiAtAxialEnd',
    { field: seed.field },
    `the lesion's VOI (${voi.volumeMl.toFixed(1)} mL) touches the first or last of the ${pet.volume.size[2]} slices of the PET of scan ${seed.scanId}: the lesion is cut by the end of the axial range`,
    'acquire or export the PET with the lesion inside its axial range',
    warnings,
    ' (the lesion is then not assessable)',
  );
}

/** InputError naming the override, or (when `accepted`) a warning saying what was overridden. */
function refuseOrWarn(
  accepted: boolean | undefined,
  name: keyof Overrides,
  where: { field: string },
  what: string,
  fix: string,
  warnings: string[],
  afterOverride = '',
): void {
  if (accepted !== true) {
    throw new InputError(where, what, `${fix}; or set overrides.${name}: true${afterOverride}`);
  }
  warnings.push(`overrides.${name} accepted: ${where.field}: ${what}`);
}
