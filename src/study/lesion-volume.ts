/**
 * A lesion's volume, chosen in one place for measurement-level and image-level input. The first
 * candidate that exists wins:
 *   1. `lesions[i].volumeMl`, given;
 *   2. CT masks (`lesions[i].ctMasks`), mean;
 *   3. the ellipsoid of `lesions[i].diametersMm`;
 *   4. CT region growing (session CTs at the PET VOI, extra CTs at `ctSeedsLps`), mean - when
 *      the lesion was measured on a PET (extra-CT regions alone do not make a lesion imaged);
 *   5. the PET isocontour VOIs, mean (fallback, with a warning);
 *   6. the `volumeMl` of its measurement rows, mean (the seed paper averaged three CT volumes);
 * else an InputError. Candidates 5 and 6 never meet: a lesion with PET VOIs always has 5.
 * The result says where the number came from (results.json lesions[].volumeSource).
 */
import { InputError } from '../core/errors.ts';
import type { LesionVolumeInput } from '../dosimetry/lesion-chain-types.ts';
import { errorAt } from '../dosimetry/value-source.ts';
import { ellipsoidVolumeMl, meanCtVolumeMl } from '../imaging/ct-volume.ts';

export type VolumeKind =
  'given' | 'ct-mask' | 'ellipsoid' | 'ct-region-growing' | 'pet-isocontour' | 'measurement-rows';

/** Everything a lesion's volume may come from. */
export interface VolumeCandidates {
  lesionId: string;
  lesionIndex: number;
  volumeMl?: number | undefined;
  diametersMm?: readonly [number, number, number] | undefined;
  masks: readonly { kind: string; volumeMl: number; field: string }[];
  /** Regions grown on CT: volume and which CT (`scan pet24`, `extra CT ct2`). */
  ctRegions: readonly { volumeMl: number; ct: string }[];
  /** The lesion's PET VOIs (scan id and volume); [] when it was not measured on a PET. */
  petVois: readonly { volumeMl: number; scanId: string }[];
  /** Its measurement rows that give volumeMl, with their index in `measurements.lesions`. */
  rows: readonly { volumeMl: number; index: number }[];
}

export interface ChosenVolume extends LesionVolumeInput {
  kind: VolumeKind;
  /** Warnings about the choice (CT volumes that disagree, the PET fallback). */
  warnings: string[];
}

/**
 * A threshold of our own choice (no guideline gives one): a spread of the CT volumes over 20%
 * (CV) asks for a look at the regions grown on each CT.
 */
const CT_VOLUME_CV_WARN_PERCENT = 20;

/** Mean of volumes (meanCtVolumeMl: one or more positive, finite mL), an error placed on `field`. */
function meanVolumeMl(volumesMl: readonly number[], field: string): number {
  try {
    return meanCtVolumeMl(volumesMl).meanMl;
  } catch (error) {
    if (error instanceof InputError) throw errorAt(error, field);
    throw error;
  }
}

/** `(label)` for one, `(mean of n noun: a, b)` for several; `lead, ` first inside when given. */
function ofEach(labels: readonly string[], noun: string, lead = ''): string {
  const what =
    labels.length === 1
      ? (labels[0] ?? '')
      : `mean of ${labels.length} ${noun}: ${labels.join(', ')}`;
  return `(${lead === '' ? '' : `${lead}, `}${what})`;
}

/** The lesion's volume by the precedence of the file comment. */
export function chooseLesionVolume(c: VolumeCandidates): ChosenVolume {
  const lesion = `lesions[${c.lesionIndex}]`;
  const chosen = (
    kind: VolumeKind,
    volumeMl: number,
    field: string,
    origin: string | undefined,
    volumesMl: readonly number[],
    warnings: string[] = [],
  ): ChosenVolume => ({
    kind,
    volumeMl,
    source: origin === undefined ? { field } : { field, origin },
    volumesMl: [...volumesMl],
    warnings,
  });
  if (c.volumeMl !== undefined)
    return chosen('given', c.volumeMl, `${lesion}.volumeMl`, undefined, []);
  if (c.masks.length > 0) {
    const labels = c.masks.map((m) => `${m.kind} ${m.field}`);
    return chosen(
      'ct-mask',
      meanVolumeMl(
        c.masks.map((m) => m.volumeMl),
        `${lesion}.ctMasks`,
      ),
      `${lesion}.ctMasks`,
      `ct-mask ${ofEach(labels, 'masks')}`,
      c.masks.map((m) => m.volumeMl),
    );
  }
  if (c.diametersMm !== undefined) {
    const [a, b, d] = c.diametersMm;
    const field = `${lesion}.diametersMm`;
    return chosen('ellipsoid', ellipsoidVolumeMl(a, b, d), field, `ellipsoid from ${field}`, []);
  }
  if (c.petVois.length > 0 && c.ctRegions.length > 0) {
    const volumes = c.ctRegions.map((r) => r.volumeMl);
    const spread = meanCtVolumeMl(volumes);
    const warnings =
      spread.cvPercent > CT_VOLUME_CV_WARN_PERCENT
        ? [`CT volumes differ between scans by ${spread.cvPercent.toFixed(0)}% (CV)`]
        : [];
    const origin = `ct-region-growing ${ofEach(
      c.ctRegions.map((r) => r.ct),
      'CTs',
    )}`;
    return chosen('ct-region-growing', spread.meanMl, lesion, origin, volumes, warnings);
  }
  if (c.petVois.length > 0) {
    const volumes = c.petVois.map((v) => v.volumeMl);
    const scans = c.petVois.map((v) => `scan ${v.scanId}`);
    return chosen(
      'pet-isocontour',
      meanVolumeMl(volumes, lesion),
      lesion,
      `pet-isocontour ${ofEach(scans, 'VOIs', 'fallback')}`,
      volumes,
      [
        'no CT volume (no CT, or ctVolumeMethod pet-isocontour): the PET isocontour volume is used, which depends on resolution and contrast',
      ],
    );
  }
  if (c.rows.length > 0) {
    const fields = c.rows.map((r) => `measurements.lesions[${r.index}].volumeMl`);
    const first = fields[0] ?? 'measurements.lesions';
    const origin = fields.length === 1 ? undefined : `mean of ${fields.join(', ')}`;
    return chosen(
      'measurement-rows',
      meanVolumeMl(
        c.rows.map((r) => r.volumeMl),
        first,
      ),
      first,
      origin,
      c.rows.map((r) => r.volumeMl),
    );
  }
  throw new InputError(
    { field: `${lesion}.volumeMl` },
    `lesion ${JSON.stringify(c.lesionId)} has no volume`,
    'give volumeMl for the lesion or in its measurements (the CT volume in mL)',
  );
}
