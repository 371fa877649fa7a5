/**
 * Checks of the two CTs given to registerRigid, each failing with an InputError that names the
 * series (the caller's label: a folder, a series description, "session 2 CT"), what is wrong and
 * how to fix it.
 */

import { InputError } from '../../core/errors.ts';
import type { Vec3, Volume } from '../../core/volume.ts';
import { ijkToLps, voxelCount } from '../../core/volume.ts';

type CtData = Float32Array | Int16Array;

/** Orthonormality tolerance of a direction matrix (DICOM orientations carry ~6 decimals). */
const ORTHONORMAL_TOLERANCE = 1e-4;
/** Fewest body voxels (above the body threshold) a CT must have to be registered. */
export const MIN_BODY_VOXELS = 64;

/** Throws an InputError naming `series` unless `volume` is a registrable CT (see module comment). */
export function checkCt(volume: Volume<CtData>, series: string, bodyThresholdHu: number): void {
  const fail = (field: string, expected: string, hint: string): never => {
    throw new InputError({ file: series, field }, expected, hint);
  };
  if (!(volume.data instanceof Float32Array || volume.data instanceof Int16Array)) {
    fail(
      'data',
      'a CT for registration must hold Float32 or Int16 HU values',
      'pass the CT volume',
    );
  }
  if (!volume.size.every((n) => Number.isInteger(n) && n >= 4)) {
    fail(
      'size',
      `a CT for registration needs >= 4 voxels along each axis, got ${volume.size.join('x')}`,
      'pass a 3-D CT series',
    );
  }
  if (volume.data.length !== voxelCount(volume.size)) {
    fail(
      'data',
      `data length ${volume.data.length} does not match size ${volume.size.join('x')}`,
      'the volume record is inconsistent',
    );
  }
  if (!volume.spacingMm.every((s) => Number.isFinite(s) && s > 0)) {
    fail(
      'spacingMm',
      `voxel spacing must be finite and > 0 mm, got ${volume.spacingMm.join(', ')}`,
      'check Pixel Spacing and the slice positions',
    );
  }
  if (!volume.originLps.every(Number.isFinite)) {
    fail(
      'originLps',
      `the origin must be finite, got ${volume.originLps.join(', ')}`,
      'check Image Position (Patient)',
    );
  }
  if (!isOrthonormal(volume.direction)) {
    fail(
      'direction',
      `the direction matrix must be orthonormal, got ${volume.direction.join(', ')}`,
      'check Image Orientation (Patient)',
    );
  }
  let body = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let n = 0; n < volume.data.length; n++) {
    const v = volume.data[n] ?? 0;
    if (!Number.isFinite(v)) {
      fail(
        'data',
        `voxel ${n} is ${v}; a CT must hold finite HU values`,
        'repair or re-export the series',
      );
    }
    if (v > bodyThresholdHu) body++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (body < MIN_BODY_VOXELS) {
    fail(
      'data',
      `the CT has ${body} voxels above ${bodyThresholdHu} HU (all air?); registration needs a body in the field of view`,
      'choose the CT series of this session, or give the transform in the manifest',
    );
  }
  if (!(hi > lo))
    fail(
      'data',
      `the CT is uniform (${lo} HU); nothing to register on`,
      'choose the CT series of this session',
    );
}

/** Throws unless the LPS bounding boxes of the two images intersect (an empty overlap). */
export function checkOverlap(
  fixed: Omit<Volume<CtData>, 'data'>,
  moving: Omit<Volume<CtData>, 'data'>,
  fixedSeries: string,
  movingSeries: string,
): void {
  const a = boundsLps(fixed);
  const b = boundsLps(moving);
  const apart = [0, 1, 2].some(
    (axis) => (a.hi[axis] ?? 0) < (b.lo[axis] ?? 0) || (b.hi[axis] ?? 0) < (a.lo[axis] ?? 0),
  );
  if (apart) {
    const span = (box: { lo: Vec3; hi: Vec3 }) =>
      box.lo.map((v, axis) => `${v.toFixed(0)}..${(box.hi[axis] ?? 0).toFixed(0)}`).join(', ');
    throw new InputError(
      { file: movingSeries, field: 'originLps' },
      `the CT does not overlap ${fixedSeries} in patient space (LPS mm ${span(b)} against ${span(a)})`,
      'check that both sessions are of the same patient and orientation, or give an initial transform',
    );
  }
}

/** Min and max LPS corner coordinates (voxel faces) of a volume, mm. */
export function boundsLps(volume: Omit<Volume<CtData>, 'data'>): { lo: Vec3; hi: Vec3 } {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const ijk: Vec3 = [
      corner & 1 ? volume.size[0] - 0.5 : -0.5,
      corner & 2 ? volume.size[1] - 0.5 : -0.5,
      corner & 4 ? volume.size[2] - 0.5 : -0.5,
    ];
    const p = ijkToLps(volume, ijk);
    for (let axis = 0; axis < 3; axis++) {
      lo[axis] = Math.min(lo[axis] ?? 0, p[axis] ?? 0);
      hi[axis] = Math.max(hi[axis] ?? 0, p[axis] ?? 0);
    }
  }
  return { lo: lo as unknown as Vec3, hi: hi as unknown as Vec3 };
}

function isOrthonormal(d: readonly number[]): boolean {
  if (d.length !== 9 || !d.every(Number.isFinite)) return false;
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const dot =
        (d[a] ?? 0) * (d[b] ?? 0) +
        (d[3 + a] ?? 0) * (d[3 + b] ?? 0) +
        (d[6 + a] ?? 0) * (d[6 + b] ?? 0);
      if (Math.abs(dot - (a === b ? 1 : 0)) > ORTHONORMAL_TOLERANCE) return false;
    }
  }
  return true;
}
