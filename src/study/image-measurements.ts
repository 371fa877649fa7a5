/**
 * Image-level input (issue "From DICOM to dose"): for every scan of the manifest, read the PET
 * (Bq/mL at the scan start) and CT, segment each lesion at its seed with the background-adapted
 * 50% isocontour, take its CT volume (given, ellipsoid from diameters, CT region growing at the
 * PET maximum, mean over the CT scans; the PET VOI volume only as a fallback), and turn each
 * (lesion, scan) into a measurement row of the measurement-level pipeline. PET and CT of one
 * session share a frame of reference (checked), so LPS points carry over without registration.
 */
import { resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { formatLocalDateTime, parseLocalDateTimeMs } from '../core/time.ts';
import type { Vec3 } from '../core/volume.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import { growCtRegion } from '../imaging/ct-region-growing.ts';
import { maskVolumeMl } from '../imaging/ct-volume.ts';
import { readLesionMask } from '../io/dicom/masks/mask-file.ts';
import { segmentIsocontour, type IsocontourResult } from '../imaging/isocontour.ts';
import { voiPicture, type VoiPicture } from '../imaging/voi-picture.ts';
import type { LesionMeasurement, StudyManifest } from '../io/manifest/manifest-schema.ts';
import { checkManifestPaths, readForField } from '../io/manifest/path-kinds.ts';
import type { LesionImaging, ScanVoi } from './results.ts';
import { checkAxialEnd, checkSessions } from './contradictions.ts';
import { notAssessableReasons, type ScanVoiCheck } from './lesion-assessability.ts';
import { lesionSeeds, seedToLps } from './lesion-seeds.ts';
import { checkRasReading } from './seed-check.ts';
import { readExtraCts, readSessions, type Session } from './scan-sessions.ts';
import { chooseLesionVolume, growCtAtVoi } from './lesion-ct-volume.ts';
import { imagingProvenance, type ImagingProvenance } from './scan-provenance.ts';

/** What the images gave: measurement rows, CT volumes and per-lesion image details. */
export interface ImageMeasurements {
  measurements: LesionMeasurement[];
  volumesMl: Map<string, number>;
  imaging: Map<string, LesionImaging>;
  /** The VOIs, for export (DICOM SEG) and display. */
  vois: { lesionId: string; scanId: string; voi: IsocontourResult; pet: LoadedPet }[];
  warnings: string[];
  /** Every image file read, with the SHA-256 taken while reading it (inputs hash). */
  files: { path: string; sha256: string }[];
  /** Files in the series folders not read (not DICOM, no series), with why (provenance). */
  skippedFiles: { path: string; reason: string }[];
  /** A small PET/CT picture of each VOI (taken while the volumes are at hand), for the report. */
  pictures: { lesionId: string; scanId: string; picture: VoiPicture }[];
  /** Per scan the series records (UIDs, scanner, reconstruction) and the headers' patient. */
  provenance: ImagingProvenance;
}

/** Reads the scans of `manifest` (paths relative to `baseDir`) and measures every seeded lesion. */
export function measureFromImages(manifest: StudyManifest, baseDir: string): ImageMeasurements {
  checkManifestPaths(manifest, baseDir);
  const administeredMs = parseLocalDateTimeMs(manifest.tracer.administeredAt, {
    field: 'tracer.administeredAt',
  });
  const sessions = readSessions(manifest, baseDir);
  const extraCts = readExtraCts(manifest, baseDir);
  const warnings = sessions.flatMap((s) => s.pet.warnings.map((w) => `scan ${s.id}: ${w}`));
  const measurements: LesionMeasurement[] = [];
  const volumesMl = new Map<string, number>();
  const imaging = new Map<string, LesionImaging>();
  const vois: ImageMeasurements['vois'] = [];
  const pictures: ImageMeasurements['pictures'] = [];

  checkSessions(sessions, manifest, warnings);
  const overrides = manifest.overrides ?? {};
  const scanIds = sessions.map((s) => s.id);

  manifest.lesions.forEach((lesion, lesionIndex) => {
    const scanVois: ScanVoi[] = [];
    const checks: ScanVoiCheck[] = [];
    const ctVolumes: number[] = [];
    const lesionWarnings: string[] = [];
    for (const seedGiven of lesionSeeds(lesion, lesionIndex, scanIds)) {
      const scanId = seedGiven.scanId;
      const session = sessions.find((s) => s.id === scanId);
      if (session === undefined) throw new Error(`lesionSeeds returned unknown scan ${scanId}`);
      const seed = seedToLps(seedGiven, session.pet.volume);
      const background = lesion.backgroundsBqPerMl?.[scanId];
      const voi = segmentAt(session, seed, seedGiven.field, background);
      checkRasReading(
        seedGiven,
        voi,
        (point) => segmentOrNull(session, point, background),
        overrides.seedsLpsAsGiven === true,
        lesionWarnings,
      );
      checkAxialEnd(voi, seedGiven, session.pet, overrides, lesionWarnings);
      checks.push({ scanId, seedLps: seed, voi });
      vois.push({ lesionId: lesion.id, scanId, voi, pet: session.pet });
      const picture = voiPicture(session.pet.volume, session.ct?.volume ?? null, voi);
      pictures.push({ lesionId: lesion.id, scanId, picture });
      let ctVolumeMl: number | null = null;
      if (session.ct !== null && lesion.ctVolumeMethod !== 'pet-isocontour') {
        const region = growCtAtVoi(session.ct, voi, seed, session.pet);
        if (region === null) {
          lesionWarnings.push(
            `CT ${scanId}: region growing at the PET VOI centre, maximum and seed found no lesion`,
          );
        } else {
          lesionWarnings.push(...region.warnings.map((w) => `CT ${scanId}: ${w}`));
          ctVolumeMl = region.volumeMl;
          ctVolumes.push(region.volumeMl);
        }
      }
      lesionWarnings.push(...voi.warnings.map((w) => `PET ${scanId}: ${w}`));
      const at = formatLocalDateTime(administeredMs + session.pet.scanStartH * 3_600_000);
      scanVois.push({
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
        ctVolumeMl,
      });
      measurements.push({ lesion: lesion.id, at, meanConcBqPerMl: voi.meanConcBqPerMl });
    }
    for (const [ctId, ctSeed] of Object.entries(lesion.ctSeedsLps ?? {})) {
      const extra = extraCts.find((c) => c.id === ctId);
      if (extra === undefined) {
        throw new InputError(
          { field: `lesions[${lesionIndex}].ctSeedsLps.${ctId}` },
          `no extra CT with id ${JSON.stringify(ctId)}; extraCts are ${extraCts.map((c) => JSON.stringify(c.id)).join(', ') || 'none'}`,
        );
      }
      const region = growCtRegion(extra.ct.volume, ctSeed);
      lesionWarnings.push(...region.warnings.map((w) => `CT ${ctId}: ${w}`));
      if (region.volumeMl > 0) ctVolumes.push(region.volumeMl);
      else lesionWarnings.push(`CT ${ctId}: region growing at the seed found no lesion`);
    }
    const masks = (lesion.ctMasks ?? []).map((spec, maskIndex) => {
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
      const read = readForField(`${field}.path`, () =>
        readLesionMask(
          resolve(baseDir, spec.path),
          {
            ...(name === undefined ? {} : { name }),
            ...(spec.label === undefined ? {} : { number: spec.label }),
          },
          gridSession?.ct?.volume ?? null,
        ),
      );
      lesionWarnings.push(...read.warnings.map((w) => `mask ${spec.path}: ${w}`));
      return { kind: read.kind, volumeMl: maskVolumeMl(read.mask) };
    });
    if (scanVois.length === 0 && masks.length === 0) return;
    const chosen = chooseLesionVolume(lesion, masks, ctVolumes, scanVois, lesionWarnings);
    volumesMl.set(lesion.id, chosen.volumeMl);
    const ctVolumeMl = chosen.petFallback ? null : chosen.volumeMl;
    imaging.set(lesion.id, {
      scans: scanVois,
      volumeMethod: chosen.method,
      volumesMl: chosen.averaged,
      warnings: lesionWarnings,
      notAssessableReasons: notAssessableReasons(checks, ctVolumeMl),
    });
  });
  const series = [
    ...sessions.flatMap((s) => (s.ct === null ? [s.pet] : [s.pet, s.ct])),
    ...extraCts.map((c) => c.ct),
  ];
  const files = series.flatMap((s) =>
    s.files.map((path, n) => ({ path, sha256: s.filesSha256[n] ?? '' })),
  );
  const skipped = new Map(series.flatMap((s) => s.skippedFiles).map((f) => [f.path, f]));
  const skippedFiles = [...skipped.values()];
  const provenance = imagingProvenance(sessions, extraCts);
  return {
    measurements,
    volumesMl,
    imaging,
    vois,
    pictures,
    warnings,
    files,
    skippedFiles,
    provenance,
  };
}

/** The VOI at `seedLps`, or null when the point lies outside the PET or has no background. */
function segmentOrNull(
  session: Session,
  seedLps: Vec3,
  backgroundConcBqPerMl: number | undefined,
): IsocontourResult | null {
  try {
    return segmentAt(session, seedLps, '', backgroundConcBqPerMl);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function segmentAt(
  session: Session,
  seed: Vec3,
  field: string,
  backgroundConcBqPerMl: number | undefined,
): IsocontourResult {
  try {
    return segmentIsocontour(
      session.pet.volume,
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
