/**
 * Errors from the computation placed on the manifest field the user wrote (issue 7, item 9). The
 * pipelines see measurement rows (`measurements.lesions[7]`, image rows appended after the
 * manifest's own) and fit points sorted by time (`blood.points[1].timeH`); a user sees the scans
 * and lesions of the manifest. This maps the first onto the second:
 * - a row that came from the images -> `scans[k].pet` (its time is the PET's scan start) or
 *   `lesions[i].seedsLps.<scan>` (its concentration is the VOI mean);
 * - fit point k of a curve -> the sample, count or measurement it was made from;
 * - a lesion's fit (`measurements.lesions (lesion L1)`) -> `lesions[i]` when images gave points.
 */
import { InputError } from '../core/errors.ts';
import type { LesionMeasurement, StudyManifest } from '../io/manifest/manifest-schema.ts';

/** Image measurement rows and per-lesion scan ids (from measureFromImages). */
export interface ImageRows {
  measurements: readonly LesionMeasurement[];
  imaging: ReadonlyMap<string, { scans: readonly { scanId: string; at: string }[] }>;
}

/** Where one measurement row came from: its time field and its value field. */
interface RowOrigin {
  at: string;
  value: string;
  /** The scan the row was measured on (image rows only). */
  scanId?: string;
}

function timeOrder(rows: readonly { at: string }[]): number[] {
  const ms = rows.map((row) => Date.parse(`${row.at.trim().replace(' ', 'T')}Z`));
  return rows.map((_, i) => i).sort((a, b) => (ms[a] ?? 0) - (ms[b] ?? 0));
}

function originsOfRows(manifest: StudyManifest, images: ImageRows | null): RowOrigin[] {
  const given = manifest.measurements?.lesions ?? [];
  const out: RowOrigin[] = given.map((_, j) => ({
    at: `measurements.lesions[${j}].at`,
    value: `measurements.lesions[${j}].meanConcBqPerMl`,
  }));
  const seen = new Map<string, number>();
  for (const row of images?.measurements ?? []) {
    const lesionIndex = manifest.lesions.findIndex((lesion) => lesion.id === row.lesion);
    // The n-th image row of a lesion is its n-th scan VOI (both made in one loop over the seeds).
    const nth = seen.get(row.lesion) ?? 0;
    seen.set(row.lesion, nth + 1);
    const scans = images?.imaging.get(row.lesion)?.scans ?? [];
    const voi = scans[nth]?.at === row.at ? scans[nth] : scans.find((s) => s.at === row.at);
    const scanId = voi?.scanId;
    const scanIndex = (manifest.scans ?? []).findIndex((scan) => scan.id === scanId);
    const lesion = `lesions[${lesionIndex}]`;
    out.push({
      at: scanIndex < 0 ? lesion : `scans[${scanIndex}].pet`,
      value: scanId === undefined ? lesion : `${lesion}.seedsLps.${scanId}`,
      ...(scanId === undefined ? {} : { scanId }),
    });
  }
  return out;
}

/** The field of fit point `k` (sorted by time) among `fields` of rows with times `rows`. */
function pointField(
  rows: readonly { at: string }[],
  origins: readonly RowOrigin[],
  k: number,
  part: string,
): string | null {
  const row = timeOrder(rows)[k];
  const origin = row === undefined ? undefined : origins[row];
  if (origin === undefined) return null;
  return part.startsWith('.timeH') ? origin.at : origin.value;
}

/** `error` with its field moved onto the manifest's own field, where one is known. */
export function placeOnManifestField(
  error: InputError,
  manifest: StudyManifest,
  images: ImageRows | null,
): InputError {
  const field = error.field;
  if (field === undefined) return error;
  const origins = originsOfRows(manifest, images);
  const given = manifest.measurements?.lesions ?? [];
  const rows = [...given, ...(images?.measurements ?? [])];
  const Kind = error.constructor as typeof InputError;
  const moved = (to: string, prefix = '') =>
    new Kind({ file: error.file, field: to }, `${prefix}${error.expected}`, error.hint);

  const row = /^measurements\.lesions\[(\d+)\](\..*)?$/.exec(field);
  if (row !== null) {
    const index = Number(row[1]);
    const origin = origins[index];
    if (index < given.length || origin?.scanId === undefined) return error;
    const part = row[2] ?? '';
    if (part === '.at') return moved(origin.at, 'the PET scan start (DICOM header) ');
    return moved(origin.value, `scan ${origin.scanId}: `);
  }

  const fit = /^measurements\.lesions \(lesion (.*)\)(\.points\[(\d+)\](.*)|.*)$/.exec(field);
  if (fit !== null) {
    const lesionId = fit[1] ?? '';
    const lesionIndex = manifest.lesions.findIndex((lesion) => lesion.id === lesionId);
    const mine = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.lesion === lesionId);
    const fromImages = mine.some(({ i }) => origins[i]?.scanId !== undefined);
    if (fit[3] !== undefined) {
      const to = pointField(
        mine.map(({ r }) => r),
        mine.map(({ i }) => origins[i] ?? { at: field, value: field }),
        Number(fit[3]),
        fit[4] ?? '',
      );
      if (to !== null) return moved(to, `lesion ${lesionId}: `);
    }
    if (fromImages && lesionIndex >= 0) return moved(`lesions[${lesionIndex}]`);
    return error;
  }

  const curve = /^(blood|wholeBody)\.points\[(\d+)\](.*)$/.exec(field);
  if (curve !== null) {
    const name = curve[1] === 'blood' ? 'blood' : 'wholeBody';
    const entries = manifest[name];
    const valueKey = name === 'blood' ? 'concBqPerMl' : 'netCounts';
    const entryOrigins = entries.map((_, j) => ({
      at: `${name}[${j}].at`,
      value: `${name}[${j}].${valueKey}`,
    }));
    const to = pointField(entries, entryOrigins, Number(curve[2]), curve[3] ?? '');
    if (to !== null) return moved(to);
  }
  return error;
}

/** Runs `compute`, placing an InputError it throws on the manifest's own field. */
export function onManifestFields<T>(
  compute: () => T,
  manifest: StudyManifest,
  images: ImageRows | null,
): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof InputError) throw placeOnManifestField(error, manifest, images);
    throw error;
  }
}
