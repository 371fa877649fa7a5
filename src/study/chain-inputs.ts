/**
 * The dosimetric chains' typed inputs (dosimetry/lesion-chain-types.ts, blood-chain-types.ts) from
 * a manifest and, for image-level input, the image measurements: times in hours after the
 * administration, the volume chosen by lesion-volume.ts, and every value with its source - a
 * manifest field (`measurements.lesions[3].meanConcBqPerMl`) or what the images measured
 * (`scans[1] (pet96): isocontour VOI of lesion L2`) - so the chains' errors name it.
 */
import { InputError } from '../core/errors.ts';
import type { BloodChainInput } from '../dosimetry/blood-chain-types.ts';
import type {
  LesionChainInput,
  LesionPointInput,
  LesionVolumeInput,
} from '../dosimetry/lesion-chain-types.ts';
import { errorAt, originPrefix, type ValueSource } from '../dosimetry/value-source.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import { checkCtSeedsUsable } from './lesion-seeds.ts';
import { chooseLesionVolume } from './lesion-volume.ts';
import type { ScanMeasurement } from './measure-scan.ts';
import { checkedHoursAfterAdministration, hoursAfterAdministration } from './timing.ts';

/** What the chains need of a lesion measured on images (measure-lesions.ts gives more). */
export interface ImagedLesion {
  scans: readonly Pick<
    ScanMeasurement,
    'scanId' | 'scanIndex' | 'seedField' | 'at' | 'timeH' | 'meanConcBqPerMl'
  >[];
  volume: LesionVolumeInput;
}

/** The lesions measured on images, by id. */
export type LesionImages = ReadonlyMap<string, ImagedLesion>;

/**
 * Hours after administration of `at` (or `timeH` when already known, checked), an error placed on
 * `source` (with its origin).
 */
function hoursAt(
  at: string,
  source: ValueSource,
  administeredMs: number,
  manifest: StudyManifest,
  timeH?: number,
) {
  const administeredAt = manifest.tracer.administeredAt;
  try {
    return timeH === undefined
      ? hoursAfterAdministration(at, administeredMs, administeredAt, source.field)
      : checkedHoursAfterAdministration(timeH, at, administeredAt, source.field);
  } catch (error) {
    if (error instanceof InputError) throw errorAt(error, source.field, originPrefix(source));
    throw error;
  }
}

/** The lesion chain's input for every lesion of the manifest, in its order. */
export function lesionChainInputs(
  manifest: StudyManifest,
  administeredMs: number,
  images: LesionImages | null,
): LesionChainInput[] {
  const rows = manifest.measurements?.lesions ?? [];
  checkLesionIds(manifest);
  checkCtSeedsUsable(manifest);
  return manifest.lesions.map((lesion, lesionIndex): LesionChainInput => {
    const imaged = images?.get(lesion.id);
    const mine = rows.flatMap((row, index) => (row.lesion === lesion.id ? [{ row, index }] : []));
    const volume =
      imaged?.volume ??
      chooseLesionVolume({
        lesionId: lesion.id,
        lesionIndex,
        volumeMl: lesion.volumeMl,
        diametersMm: lesion.diametersMm,
        masks: [],
        ctRegions: [],
        petVois: [],
        rows: mine.flatMap(({ row, index }) =>
          row.volumeMl === undefined ? [] : [{ volumeMl: row.volumeMl, index }],
        ),
      });
    const typed = mine.map(({ row, index }): LesionPointInput => {
      const field = `measurements.lesions[${index}]`;
      const timeSource = { field: `${field}.at` };
      return {
        at: row.at,
        timeH: hoursAt(row.at, timeSource, administeredMs, manifest),
        meanConcBqPerMl: row.meanConcBqPerMl,
        ...(row.recoveryCoefficient === undefined
          ? {}
          : { recoveryCoefficient: row.recoveryCoefficient }),
        timeSource,
        valueSource: { field: `${field}.meanConcBqPerMl` },
        recoverySource: { field: `${field}.recoveryCoefficient` },
      };
    });
    const measured = (imaged?.scans ?? []).map((scan): LesionPointInput => {
      const timeSource = {
        field: `scans[${scan.scanIndex}].pet`,
        origin: 'the PET scan start (DICOM header)',
      };
      return {
        at: scan.at,
        timeH: hoursAt(scan.at, timeSource, administeredMs, manifest, scan.timeH),
        meanConcBqPerMl: scan.meanConcBqPerMl,
        timeSource,
        valueSource: {
          field: scan.seedField,
          origin: `scans[${scan.scanIndex}] (${scan.scanId}): isocontour VOI of lesion ${lesion.id}`,
        },
      };
    });
    return {
      id: lesion.id,
      site: lesion.site ?? null,
      volume: { volumeMl: volume.volumeMl, source: volume.source, volumesMl: volume.volumesMl },
      points: [...typed, ...measured],
      curveField:
        measured.length > 0
          ? `lesions[${lesionIndex}]`
          : `measurements.lesions (lesion ${lesion.id})`,
    };
  });
}

/** Lesion ids are unique, and every measurement names a declared lesion. */
function checkLesionIds(manifest: StudyManifest): void {
  const known = new Map<string, number>();
  manifest.lesions.forEach((lesion, index) => {
    const earlier = known.get(lesion.id);
    if (earlier !== undefined) {
      throw new InputError(
        { field: `lesions[${index}].id` },
        `duplicate lesion id ${JSON.stringify(lesion.id)} (also lesions[${earlier}].id)`,
        'give every lesion its own id',
      );
    }
    known.set(lesion.id, index);
  });
  (manifest.measurements?.lesions ?? []).forEach((measurement, index) => {
    if (!known.has(measurement.lesion)) {
      const ids = [...known.keys()].map((id) => JSON.stringify(id)).join(', ');
      throw new InputError(
        { field: `measurements.lesions[${index}].lesion` },
        `unknown lesion ${JSON.stringify(measurement.lesion)}; lesions declares ${ids || 'none'}`,
        'add the lesion under `lesions:` or correct the id',
      );
    }
  });
}

/** The blood chain's input; null when neither blood samples nor whole-body counts were given. */
export function bloodChainInput(
  manifest: StudyManifest,
  administeredMs: number,
): BloodChainInput | null {
  const { blood, wholeBody } = manifest;
  // one without the other is refused by computeBloodChain (blood-chain.ts)
  if (blood.length === 0 && wholeBody.length === 0) return null;
  const samples = blood.map((sample, index) => {
    const timeSource = { field: `blood[${index}].at` };
    return {
      at: sample.at,
      timeH: hoursAt(sample.at, timeSource, administeredMs, manifest),
      concBqPerMl: sample.concBqPerMl,
      timeSource,
      valueSource: { field: `blood[${index}].concBqPerMl` },
    };
  });
  const counts = wholeBody.map((count, index) => {
    const timeSource = { field: `wholeBody[${index}].at` };
    return {
      at: count.at,
      timeH: hoursAt(count.at, timeSource, administeredMs, manifest),
      netCounts: count.netCounts,
      timeSource,
      valueSource: { field: `wholeBody[${index}].netCounts` },
    };
  });
  return {
    samples,
    wholeBody: counts,
    weightKg: manifest.patient.weightKg,
    administeredActivityMBq: manifest.tracer.activityMBq,
  };
}
