/**
 * Resampling of a moving image onto a fixed grid through a rigid transform (fixed -> moving, the
 * ITK convention of rigid-transform.ts): fixed voxel centre p reads the moving image at T(p).
 *
 * Method: a rigid transform of LPS space carries the moving image's geometry onto a geometry in
 * fixed space with the same voxel grid: direction R^T D and origin T^-1(o) give
 * lpsToIjk(moved, p) = S^-1 D^T R (p - T^-1(o)) = S^-1 D^T (T(p) - o) = lpsToIjk(moving, T(p)).
 * That geometry is orthonormal, so the trilinear resampler of ../resample.ts or the cubic
 * B-spline one of ../resample-cubic.ts (same rules for the image edge: a value inside the outer
 * voxel faces, `fillValue` outside) does the work.
 */

import type { Volume } from '../../core/volume.ts';
import { resampleLinear } from '../resample.ts';
import { resampleCubic } from '../resample-cubic.ts';
import type { RigidTransform } from './rigid-transform.ts';
import {
  applyRigid,
  eulerToMatrix,
  invertRigid,
  mulMat3,
  transposeMat3,
} from './rigid-transform.ts';

type AnyData = Float32Array | Int16Array | Uint8Array;
type Grid = Omit<Volume<AnyData>, 'data'>;

/**
 * The geometry, in fixed space, of the moving image carried by the inverse of `transform`: the
 * same data read on it equals the moving image read at T(p).
 */
export function movedGeometry<V extends Grid>(moving: V, transform: RigidTransform): V {
  const rt = transposeMat3(eulerToMatrix(transform.rotationRad));
  return {
    ...moving,
    direction: mulMat3(rt, moving.direction),
    originLps: applyRigid(invertRigid(transform), moving.originLps),
  };
}

/** Options of resampleRigid. */
export interface ResampleRigidOptions {
  /**
   * 'linear' (trilinear, the default: smooths peaks between voxel centres) or 'cubic' (cubic
   * B-spline, keeps peaks but can undershoot below the data's minimum next to sharp edges: clamp
   * a non-negative quantity yourself).
   */
  interpolation?: 'linear' | 'cubic';
}

/**
 * `moving` on the grid of `fixedGrid` through `transform` (fixed LPS -> moving LPS), trilinear
 * or cubic B-spline, Float32 in the moving image's units; fixed voxels whose T(p) lies outside
 * the moving image get `fillValue` (default 0; -1000 for a CT in HU).
 */
export function resampleRigid(
  moving: Volume<AnyData>,
  fixedGrid: Grid,
  transform: RigidTransform,
  fillValue = 0,
  options: ResampleRigidOptions = {},
): Volume<Float32Array> {
  const moved = movedGeometry(moving, transform);
  return options.interpolation === 'cubic'
    ? resampleCubic(moved, fixedGrid, { outsideValue: fillValue })
    : resampleLinear(moved, fixedGrid, { outsideValue: fillValue });
}
