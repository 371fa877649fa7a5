/**
 * Image-level input (issue "From DICOM to dose"), without I/O: on the LoadedStudy
 * (loaded-study.ts), segment each lesion at its seed on every scan with the background-adapted
 * 50% isocontour, grow its CT region from the VOI, take its masks, and choose its volume
 * (lesion-volume.ts). The result is typed per lesion and scan (time, concentration, VOI, CT
 * volume, warnings); chain-inputs.ts turns it into the lesion chain's points with their sources.
 * PET and CT of one session share a frame of reference (checked), so LPS points carry over
 * without registration.
 */
import { InputError } from '../core/errors.ts';
import { parseLocalDateTimeMs } from '../core/time.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import { growCtRegion } from '../imaging/ct-region-growing.ts';
import { maskVolumeMl } from '../imaging/ct-volume.ts';
import type { IsocontourResult } from '../imaging/isocontour.ts';
import { voiPicture, type VoiPicture } from '../imaging/voi-picture.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import type { LesionImaging } from './results.ts';
import { checkSessions } from './contradictions.ts';
import { notAssessableReasons } from './lesion-assessability.ts';
import { checkCtSeedsUsable } from './lesion-seeds.ts';
import { chooseLesionVolume, type ChosenVolume } from './lesion-volume.ts';
import { seriesOf, type LoadedStudy } from './loaded-study.ts';
import { measureOnScans, type ScanMeasurement } from './measure-scan.ts';
import { imagingProvenance, type ImagingProvenance } from './scan-provenance.ts';

/** One lesion measured on the images. */
export interface LesionImageMeasurement {
  lesionId: string;
  lesionIndex: number;
  /** One per scan the lesion is seeded on, in the order of the manifest's scans. */
  scans: ScanMeasurement[];
  volume: ChosenVolume;
  /** The image details of results.json (lesions[].imaging). */
  imaging: LesionImaging;
}

/** What the images gave, with the LoadedStudy they came from. */
export interface StudyImages {
  loaded: LoadedStudy;
  /** tracer.administeredAt as parsed for the measurement (runStudy takes it: parsed once). */
  administeredMs: number;
  /** By lesion id; only lesions seeded on a scan or given a mask. */
  lesions: Map<string, LesionImageMeasurement>;
  /** The VOIs, for export (DICOM SEG) and display. */
  vois: { lesionId: string; scanId: string; voi: IsocontourResult; pet: LoadedPet }[];
  warnings: string[];
  /** Every image and mask file read, with its SHA-256 (inputs hash). */
  files: { path: string; sha256: string }[];
  /** Files in the series folders not read (not DICOM, no series), with why (provenance). */
  skippedFiles: { path: string; reason: string }[];
  /** A small PET/CT picture of each VOI (taken while the volumes are at hand), for the report. */
  pictures: { lesionId: string; scanId: string; picture: VoiPicture }[];
  /** Per scan the series records (UIDs, scanner, reconstruction) and the headers' patient. */
  provenance: ImagingProvenance;
}

/**
 * Measures every seeded (or masked) lesion of `manifest` on the images of `loaded`; `between` (an
 * abort check that throws) runs before each lesion after the first.
 */
export function measureStudyImages(
  manifest: StudyManifest,
  loaded: LoadedStudy,
  between: () => void = () => undefined,
): StudyImages {
  const administeredMs = parseLocalDateTimeMs(manifest.tracer.administeredAt, {
    field: 'tracer.administeredAt',
  });
  checkCtSeedsUsable(manifest);
  const { sessions, extraCts } = loaded;
  const warnings = sessions.flatMap((s) => s.pet.warnings.map((w) => `scan ${s.id}: ${w}`));
  const lesions = new Map<string, LesionImageMeasurement>();
  const vois: StudyImages['vois'] = [];
  const pictures: StudyImages['pictures'] = [];
  checkSessions(sessions, manifest, warnings);
  const rows = manifest.measurements?.lesions ?? [];

  manifest.lesions.forEach((lesion, lesionIndex) => {
    if (lesionIndex > 0) between();
    const lesionWarnings: string[] = [];
    const scans = measureOnScans(manifest, administeredMs, lesionIndex, sessions, lesionWarnings);
    const ctRegions = scans.flatMap((s) =>
      s.ctRegionMl === null ? [] : [{ volumeMl: s.ctRegionMl, ct: `scan ${s.scanId}` }],
    );
    for (const scan of scans) {
      vois.push({ lesionId: lesion.id, scanId: scan.scanId, voi: scan.voi, pet: scan.pet });
      const session = sessions.find((s) => s.id === scan.scanId);
      const picture = voiPicture(scan.pet.volume, session?.ct?.volume ?? null, scan.voi);
      pictures.push({ lesionId: lesion.id, scanId: scan.scanId, picture });
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
      if (region.volumeMl > 0)
        ctRegions.push({ volumeMl: region.volumeMl, ct: `extra CT ${ctId}` });
      else lesionWarnings.push(`CT ${ctId}: region growing at the seed found no lesion`);
    }
    const masks = loaded.masks
      .filter((m) => m.lesionIndex === lesionIndex)
      .map((m) => {
        lesionWarnings.push(...m.warnings.map((w) => `mask ${m.path}: ${w}`));
        return { kind: m.kind, volumeMl: maskVolumeMl(m.mask), field: m.field };
      });
    if (scans.length === 0 && masks.length === 0) return;
    const volume = chooseLesionVolume({
      lesionId: lesion.id,
      lesionIndex,
      volumeMl: lesion.volumeMl,
      diametersMm: lesion.diametersMm,
      masks,
      ctRegions,
      petVois: scans.map((s) => ({ volumeMl: s.voi.volumeMl, scanId: s.scanId })),
      rows: rows.flatMap((row, index) =>
        row.lesion === lesion.id && row.volumeMl !== undefined
          ? [{ volumeMl: row.volumeMl, index }]
          : [],
      ),
    });
    lesionWarnings.push(...volume.warnings);
    const ctVolumeMl = volume.kind === 'pet-isocontour' ? null : volume.volumeMl;
    lesions.set(lesion.id, {
      lesionId: lesion.id,
      lesionIndex,
      scans,
      volume,
      imaging: {
        scans: scans.map((s) => s.record),
        volumeMethod: volume.source.origin ?? volume.source.field,
        volumesMl: [...volume.volumesMl],
        warnings: lesionWarnings,
        notAssessableReasons: notAssessableReasons(
          scans.map((s) => s.check),
          ctVolumeMl,
        ),
      },
    });
  });
  const series = seriesOf(loaded);
  const files = [
    ...series.flatMap((s) => s.files.map((path, n) => ({ path, sha256: s.filesSha256[n] ?? '' }))),
    ...loaded.masks.map((mask) => mask.file),
  ];
  const skipped = new Map(series.flatMap((s) => s.skippedFiles).map((f) => [f.path, f]));
  return {
    loaded,
    administeredMs,
    lesions,
    vois,
    pictures,
    warnings,
    files,
    skippedFiles: [...skipped.values()],
    provenance: imagingProvenance(sessions, extraCts),
  };
}
