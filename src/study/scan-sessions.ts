/**
 * The series of the manifest's scans (a PET and, when given, the CT of the same PET/CT session)
 * and extra CTs, read with errors naming the manifest field (`scans[1].pet`, `extraCts[0].ct`).
 */
import { resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { readPetSeries, type LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import { readSeries, type LoadedSeries } from '../io/dicom/read/read-series.ts';
import { I124 } from '../physics/nuclides.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import { readForField } from '../io/manifest/path-kinds.ts';

/** One PET/CT session: the scan's id, its PET (Bq/mL at the scan start) and its CT. */
export interface Session {
  id: string;
  pet: LoadedPet;
  ct: LoadedSeries | null;
}

/**
 * The PET and CT of every scan (paths relative to `baseDir`); PET and CT of one session must
 * share a frame of reference, since iodose resamples but does not register.
 */
export function readSessions(manifest: StudyManifest, baseDir: string): Session[] {
  return (manifest.scans ?? []).map((scan, index): Session => {
    const pet = readForField(`scans[${index}].pet`, () =>
      readPetSeries(resolve(baseDir, scan.pet), {
        administeredAt: manifest.tracer.administeredAt,
        halfLifeH: I124.halfLifeH,
        ...(scan.series === undefined ? {} : { seriesInstanceUid: scan.series }),
        ...(scan.unitFactorBqPerMlPerUnit === undefined
          ? {}
          : { unitFactorBqPerMlPerUnit: scan.unitFactorBqPerMlPerUnit }),
      }),
    );
    const ctPath = scan.ct;
    const ct =
      ctPath === undefined
        ? null
        : readForField(`scans[${index}].ct`, () =>
            readSeries(resolve(baseDir, ctPath), { modality: 'CT' }),
          );
    if (ct !== null && ct.frameOfReferenceUid !== pet.frameOfReferenceUid) {
      throw new InputError(
        { field: `scans[${index}].ct` },
        `the CT's Frame of Reference UID differs from the PET's (${ct.frameOfReferenceUid} vs ${pet.frameOfReferenceUid}): PET and CT of one session must share it`,
        'give the CT of the same PET/CT session; iodose resamples but does not register',
      );
    }
    return { id: scan.id, pet, ct };
  });
}

/** The manifest's extra CTs (lesion volumes only), by id. */
export function readExtraCts(
  manifest: StudyManifest,
  baseDir: string,
): { id: string; ct: LoadedSeries }[] {
  return (manifest.extraCts ?? []).map((extra, index) => ({
    id: extra.id,
    ct: readForField(`extraCts[${index}].ct`, () =>
      readSeries(resolve(baseDir, extra.ct), {
        modality: 'CT',
        ...(extra.series === undefined ? {} : { seriesInstanceUid: extra.series }),
      }),
    ),
  }));
}
