/**
 * Reads the images of a manifest once, into a LoadedStudy (study/loaded-study.ts): the PET and,
 * when given, the CT of every scan, the extra CTs and the lesion masks, with errors naming the
 * manifest field (`scans[1].pet`, `extraCts[0].ct`, `lesions[2].ctMasks[0].path`). Paths are
 * relative to `baseDir`. The only I/O of image-level input; measurement is pure after it.
 */
import { resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { readLesionMask } from '../io/dicom/masks/mask-file.ts';
import { readPetSeriesAsync } from '../io/dicom/read/read-pet-series.ts';
import { readSeriesAsync } from '../io/dicom/read/read-series.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import { checkManifestPaths, readForField, readForFieldAsync } from '../io/manifest/path-kinds.ts';
import { I124 } from '../physics/nuclides.ts';
import type {
  LoadedExtraCt,
  LoadedMask,
  LoadedSession,
  LoadedStudy,
} from '../study/loaded-study.ts';
import { sha256OfFile } from '../io/file-hash.ts';

/**
 * The images of `manifest`, read with the asynchronous DICOM readers (node:fs/promises), one
 * series after the other (so the first bad input is the one reported, in manifest order).
 */
export async function loadStudyImages(
  manifest: StudyManifest,
  baseDir: string,
): Promise<LoadedStudy> {
  checkManifestPaths(manifest, baseDir);
  const sessions = await readSessions(manifest, baseDir);
  const extraCts = await readExtraCts(manifest, baseDir);
  const masks = readMasks(manifest, baseDir, sessions);
  return { sessions, extraCts, masks };
}

/**
 * The PET and CT of every scan; PET and CT of one session must share a frame of reference, since
 * iodose resamples but does not register.
 */
async function readSessions(manifest: StudyManifest, baseDir: string): Promise<LoadedSession[]> {
  const sessions: LoadedSession[] = [];
  for (const [index, scan] of (manifest.scans ?? []).entries()) {
    const pet = await readForFieldAsync(`scans[${index}].pet`, () =>
      readPetSeriesAsync(resolve(baseDir, scan.pet), {
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
        : await readForFieldAsync(`scans[${index}].ct`, () =>
            readSeriesAsync(resolve(baseDir, ctPath), { modality: 'CT' }),
          );
    if (ct !== null && ct.frameOfReferenceUid !== pet.frameOfReferenceUid) {
      throw new InputError(
        { field: `scans[${index}].ct` },
        `the CT's Frame of Reference UID differs from the PET's (${ct.frameOfReferenceUid} vs ${pet.frameOfReferenceUid}): PET and CT of one session must share it`,
        'give the CT of the same PET/CT session; iodose resamples but does not register',
      );
    }
    sessions.push({ id: scan.id, index, pet, ct });
  }
  return sessions;
}

/** The manifest's extra CTs (lesion volumes only). */
async function readExtraCts(manifest: StudyManifest, baseDir: string): Promise<LoadedExtraCt[]> {
  const extraCts: LoadedExtraCt[] = [];
  for (const [index, extra] of (manifest.extraCts ?? []).entries()) {
    const ct = await readForFieldAsync(`extraCts[${index}].ct`, () =>
      readSeriesAsync(resolve(baseDir, extra.ct), {
        modality: 'CT',
        ...(extra.series === undefined ? {} : { seriesInstanceUid: extra.series }),
      }),
    );
    extraCts.push({ id: extra.id, index, ct });
  }
  return extraCts;
}

/**
 * Every lesion's CT masks, on the CT of the scan they name (default: the first scan with a CT;
 * RTSTRUCT contours are rasterised on it).
 */
function readMasks(
  manifest: StudyManifest,
  baseDir: string,
  sessions: readonly LoadedSession[],
): LoadedMask[] {
  return manifest.lesions.flatMap((lesion, lesionIndex) =>
    (lesion.ctMasks ?? []).map((spec, maskIndex): LoadedMask => {
      const field = `lesions[${lesionIndex}].ctMasks[${maskIndex}]`;
      const gridSession =
        spec.scan === undefined
          ? sessions.find((s) => s.ct !== null)
          : sessions.find((s) => s.id === spec.scan);
      if (spec.scan !== undefined && gridSession === undefined) {
        throw new InputError(
          { field: `${field}.scan` },
          `no scan with id ${JSON.stringify(spec.scan)}`,
        );
      }
      const name = spec.segment ?? spec.roi;
      const maskPath = resolve(baseDir, spec.path);
      const read = readForField(`${field}.path`, () =>
        readLesionMask(
          maskPath,
          {
            ...(name === undefined ? {} : { name }),
            ...(spec.label === undefined ? {} : { number: spec.label }),
          },
          gridSession?.ct?.volume ?? null,
        ),
      );
      return {
        lesionIndex,
        maskIndex,
        field,
        path: spec.path,
        // A second read of a small file: the mask readers take a path, not bytes.
        file: { path: maskPath, sha256: sha256OfFile(maskPath) },
        kind: read.kind,
        mask: read.mask,
        warnings: read.warnings,
      };
    }),
  );
}
