/**
 * The RT Dose grid of a Volume (PS3.3 C.8.8.3.2, C.7.6.2.1.1): Image Position (Patient) of the
 * first frame, Image Orientation (Patient) from the i and j directions, Pixel Spacing = [row
 * spacing (between rows, along j), column spacing (between columns, along i)], and the Grid Frame
 * Offset Vector of the frames along the normal n = row x column, relative to the first frame
 * (first value 0, the "relative" form of C.8.8.3.2, valid for any orientation).
 *
 * RT Dose places frame f at IPP + offset_f n, so a grid whose slice axis has a component inside
 * the plane (shear, gantry tilt) cannot be written and is refused. Frames are written in order of
 * increasing offset: a volume whose slices run against n (k direction = -n) is written with its
 * slices reversed, so every offset is >= 0 and increasing, the form every reader handles.
 */
import { InputError } from '../../../core/errors.ts';
import type { Vec3, Volume } from '../../../core/volume.ts';
import { ijkToLps } from '../../../core/volume.ts';

/** Largest in-plane drift (mm) of the last slice that the written grid may ignore. */
export const MAX_LATERAL_DRIFT_MM = 1e-3;
/** Tolerance on |row|, |column| = 1 (RT Dose stores direction cosines). */
const UNIT_TOLERANCE = 1e-4;
/** Largest |row . column|: the tolerance of the series reader (read/geometry.ts). */
const ORTHOGONAL_TOLERANCE = 1e-3;

/** Where the frames of an RT Dose sit, and which slice k of the volume each frame holds. */
export interface RtDoseGrid {
  rows: number;
  columns: number;
  /** frameSlice[f] = slice k of the volume stored in frame f. */
  frameSlice: number[];
  /** LPS of the centre of the first pixel of frame 0, mm. */
  imagePositionLps: Vec3;
  /** Row direction (i) then column direction (j) cosines. */
  orientation: [number, number, number, number, number, number];
  /** [row spacing (along j), column spacing (along i)], mm (PS3.3 C.7.6.2.1.1). */
  pixelSpacingMm: [number, number];
  /** Offset of each frame from frame 0 along the unit normal, mm; first 0, increasing. */
  frameOffsetsMm: number[];
  /** Distance between adjacent frames along the normal, mm. */
  frameSpacingMm: number;
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
const fmt = (v: number): string => v.toPrecision(4);

function checkSize(volume: Omit<Volume, 'data'>, field: string): void {
  for (let a = 0; a < 3; a++) {
    const n = volume.size[a] ?? 0;
    if (!Number.isInteger(n) || n < 1) {
      throw new InputError({ field: `${field}.size` }, `size must be positive integers, got ${n}`);
    }
    const s = volume.spacingMm[a] ?? 0;
    if (!(Number.isFinite(s) && s > 0)) {
      throw new InputError(
        { field: `${field}.spacingMm` },
        `voxel spacing must be finite and > 0 mm, got ${s}`,
      );
    }
  }
}

function checkInPlane(row: Vec3, column: Vec3, field: string): void {
  for (const [name, v] of [
    ['row (i)', row],
    ['column (j)', column],
  ] as const) {
    if (!(Math.abs(norm(v) - 1) <= UNIT_TOLERANCE)) {
      throw new InputError(
        { field: `${field}.direction` },
        `the ${name} direction must be a unit vector, its length is ${fmt(norm(v))}`,
      );
    }
  }
  if (!(Math.abs(dot(row, column)) <= ORTHOGONAL_TOLERANCE)) {
    throw new InputError(
      { field: `${field}.direction` },
      `the row and column directions must be perpendicular, their cosine is ${fmt(dot(row, column))}`,
    );
  }
}

/**
 * The RT Dose grid of `volume` (see the file comment). Throws InputError for an empty or
 * non-positive size or spacing, non-unit or non-perpendicular row/column directions, or a slice
 * axis that is not along the normal (in-plane drift over the grid > MAX_LATERAL_DRIFT_MM).
 */
export function rtDoseGrid(volume: Omit<Volume, 'data'>, field = 'dose'): RtDoseGrid {
  checkSize(volume, field);
  const d = volume.direction;
  const row: Vec3 = [d[0], d[3], d[6]];
  const column: Vec3 = [d[1], d[4], d[7]];
  checkInPlane(row, column, field);
  const cross: Vec3 = [
    row[1] * column[2] - row[2] * column[1],
    row[2] * column[0] - row[0] * column[2],
    row[0] * column[1] - row[1] * column[0],
  ];
  const length = norm(cross);
  const normal: Vec3 = [cross[0] / length, cross[1] / length, cross[2] / length];
  const [nx, ny, nk] = volume.size;
  const sk = volume.spacingMm[2];
  const step: Vec3 = [d[2] * sk, d[5] * sk, d[8] * sk];
  const along = dot(step, normal);
  const lateral = norm([
    step[0] - along * normal[0],
    step[1] - along * normal[1],
    step[2] - along * normal[2],
  ]);
  if (!(Math.abs(along) > 0) || lateral * (nk - 1) > MAX_LATERAL_DRIFT_MM) {
    const angleDeg = (Math.atan2(lateral, Math.abs(along)) * 180) / Math.PI;
    throw new InputError(
      { field: `${field}.direction` },
      `the slice (k) direction must be perpendicular to the rows and columns for RT Dose ` +
        `(PS3.3 C.8.8.3.2 has no shear), it is ${fmt(angleDeg)} degrees off the normal ` +
        `(${fmt(lateral * (nk - 1))} mm in-plane drift over the grid)`,
      'resample the dose onto a grid whose slices are perpendicular to its rows and columns',
    );
  }
  const reversed = along < 0;
  const frameSlice = Array.from({ length: nk }, (_, f) => (reversed ? nk - 1 - f : f));
  const spacing = Math.abs(along);
  return {
    rows: ny,
    columns: nx,
    frameSlice,
    imagePositionLps: ijkToLps(volume, [0, 0, frameSlice[0] ?? 0]),
    orientation: [row[0], row[1], row[2], column[0], column[1], column[2]],
    pixelSpacingMm: [volume.spacingMm[1], volume.spacingMm[0]],
    frameOffsetsMm: frameSlice.map((_, f) => f * spacing),
    frameSpacingMm: spacing,
  };
}
