/**
 * Volume geometry from image planes (PS3.3 C.7.6.2.1.1): slices sorted by their position along
 * the slice normal (row x column cosines), never by Instance Number or file name; spacing from
 * the position steps. Gantry tilt and irregular or missing slices are refused, because a
 * regular grid would then misplace voxels.
 */
import { InputError } from '../../../core/errors.ts';
import { directionFromAxes, type Vec3, type Volume } from '../../../core/volume.ts';
import { TAG } from '../tags.ts';

/** What the geometry needs of each plane. */
export interface PlaneGeometry {
  positionLps: Vec3;
  orientation: readonly number[];
  pixelSpacingMm: readonly [number, number];
  sliceThicknessMm: number | null;
}

/** Sorted plane order and the volume geometry. */
export interface SeriesGeometry {
  /** order[k] = index (into the input planes) of slice k. */
  order: number[];
  geometry: Omit<Volume, 'data'>;
}

/** Largest relative deviation of a slice step from the mean step (issue: 1%). */
export const SLICE_SPACING_TOLERANCE = 0.01;
const ORIENTATION_TOLERANCE = 1e-4;
/** Largest in-plane component of a slice step relative to the step (gantry tilt check). */
const TILT_TOLERANCE = 1e-3;

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const fmt = (v: number): string => (Math.round(v * 1000) / 1000).toString();

function unit(v: Vec3, where: string): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 0.99 && n < 1.01)) {
    throw new InputError(
      { file: where, field: TAG.imageOrientation },
      `direction cosines of length ${fmt(n)}, expected unit vectors`,
    );
  }
  return [v[0] / n, v[1] / n, v[2] / n];
}

/**
 * Sort planes along the slice normal and derive origin, spacing and direction. `where` names
 * the series (folder) in error messages; `gantryTiltDeg` is (0018,1120) when present.
 */
export function seriesGeometry(
  planes: readonly PlaneGeometry[],
  size: readonly [number, number],
  where: string,
  gantryTiltDeg = 0,
): SeriesGeometry {
  const first = planes[0];
  if (first === undefined) throw new InputError({ file: where }, 'no image slices in the series');
  if (Math.abs(gantryTiltDeg) > 1e-3) {
    throw new InputError(
      { file: where, field: TAG.gantryTilt },
      `gantry tilt of ${fmt(gantryTiltDeg)} degrees: tilted slices do not form a regular grid`,
      'reconstruct or resample the CT without tilt (axial, 0 degrees) before dosimetry',
    );
  }
  const o = first.orientation;
  const row = unit([o[0] ?? 0, o[1] ?? 0, o[2] ?? 0], where);
  const col = unit([o[3] ?? 0, o[4] ?? 0, o[5] ?? 0], where);
  if (Math.abs(dot(row, col)) > 1e-3) {
    throw new InputError(
      { file: where, field: TAG.imageOrientation },
      'row and column directions are not orthogonal',
    );
  }
  const normal = cross(row, col);
  for (const p of planes) {
    if (p.orientation.some((v, n) => Math.abs(v - (o[n] ?? 0)) > ORIENTATION_TOLERANCE)) {
      throw new InputError(
        { file: where, field: TAG.imageOrientation },
        `slices with different orientations (${o.map(fmt).join('\\')} vs ${p.orientation.map(fmt).join('\\')})`,
        'the folder mixes series or localisers: keep one volume per series',
      );
    }
  }
  const distance = planes.map((p) => dot(p.positionLps, normal));
  const order = distance.map((_, n) => n).sort((a, b) => (distance[a] ?? 0) - (distance[b] ?? 0));
  const sorted = order.map((n) => planes[n] as PlaneGeometry);
  const along = order.map((n) => distance[n] ?? 0);
  const steps = along.slice(1).map((d, k) => d - (along[k] ?? 0));
  const sliceSpacing = checkSteps(sorted, steps, normal, where, first.sliceThicknessMm);
  const [rowSpacing, colSpacing] = first.pixelSpacingMm;
  const origin = (sorted[0] as PlaneGeometry).positionLps;
  const direction = directionFromAxes(row, col, normal);
  return {
    order,
    geometry: {
      size: [size[0], size[1], planes.length],
      spacingMm: [colSpacing, rowSpacing, sliceSpacing],
      originLps: [origin[0], origin[1], origin[2]],
      direction,
    },
  };
}

/** Mean slice step after checking for duplicates, tilt, gaps and irregular spacing. */
function checkSteps(
  sorted: readonly PlaneGeometry[],
  steps: readonly number[],
  normal: Vec3,
  where: string,
  thickness: number | null,
): number {
  if (steps.length === 0) return thickness ?? 1;
  const field = TAG.imagePosition;
  const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
  const median = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)] ?? mean;
  for (let k = 0; k < steps.length; k++) {
    const a = (sorted[k] as PlaneGeometry).positionLps;
    const b = (sorted[k + 1] as PlaneGeometry).positionLps;
    const step = steps[k] ?? 0;
    const at = `${fmt(a[0])}\\${fmt(a[1])}\\${fmt(a[2])}`;
    if (step < 1e-3 * Math.max(1, Math.abs(median))) {
      throw new InputError(
        { file: where, field },
        `two slices at the same position ${at}: several time frames or series mixed in one series`,
        'split dynamic frames into separate series, or give the Series Instance UID of one volume',
      );
    }
    const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const along = dot(d, normal);
    const lateral = Math.hypot(
      d[0] - along * normal[0],
      d[1] - along * normal[1],
      d[2] - along * normal[2],
    );
    if (lateral > TILT_TOLERANCE * Math.hypot(d[0], d[1], d[2]) && lateral > 1e-3) {
      const angle = (Math.atan2(lateral, along) * 180) / Math.PI;
      throw new InputError(
        { file: where, field },
        `slice positions step ${fmt(lateral)} mm sideways per slice (gantry tilt of about ${fmt(angle)} degrees): tilted slices are not supported`,
        'reconstruct or resample the series without tilt before dosimetry',
      );
    }
    if (Math.abs(step - median) > SLICE_SPACING_TOLERANCE * median) {
      const missing = Math.round(step / median) - 1;
      const what =
        missing >= 1
          ? `${missing} slice(s) missing after position ${at} (step ${fmt(step)} mm, expected ${fmt(median)} mm)`
          : `irregular slice spacing: step ${fmt(step)} mm after position ${at}, expected ${fmt(median)} mm (tolerance 1%)`;
      throw new InputError(
        { file: where, field },
        what,
        'export the complete series, or resample it to a regular slice spacing',
      );
    }
  }
  return mean;
}
