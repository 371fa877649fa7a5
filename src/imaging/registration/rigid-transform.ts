/**
 * Rigid (6 degrees of freedom) transforms of DICOM patient space (LPS, mm) as plain records.
 *
 * Convention (that of ITK and elastix, Ibanez et al., The ITK Software Guide 4th ed., section
 * 3.9 "Transforms"): a registration transform maps points of the FIXED image's space to the
 * MOVING image's space, p_moving = R (p_fixed - c) + c + t, so resampling the moving image onto
 * the fixed grid reads the moving image at T(p) for every fixed voxel centre p.
 *
 * Rotation: Euler angles (rx, ry, rz) in radians about the LPS x, y and z axes, applied in that
 * order about fixed (extrinsic) axes, R = Rz(rz) Ry(ry) Rx(rx). This is scipy's
 * Rotation.from_euler('xyz', [rx, ry, rz]) and ITK's Euler3DTransform with ComputeZYX = true
 * (elastix "ComputeZYX" "true"; its default false is Rz Rx Ry, a different order).
 * The centre c changes only the split between rotation and translation, not the mapping's
 * generality: any rigid map is R p + (c + t - R c).
 */

import type { Mat3, Vec3 } from '../../core/volume.ts';

/** A rigid map of LPS space: p -> R(rotationRad) (p - centreLps) + centreLps + translationMm. */
export interface RigidTransform {
  /** Euler angles (rx, ry, rz) about LPS x, y, z, radians; R = Rz Ry Rx (extrinsic x-y-z). */
  rotationRad: Vec3;
  /** Translation after rotating about the centre, mm (LPS). */
  translationMm: Vec3;
  /** Centre of rotation, LPS mm (registration uses the fixed body's centroid). */
  centreLps: Vec3;
}

/** 4 x 4 homogeneous matrix, row-major; last row 0 0 0 1. */
export type Mat4 = readonly number[] & { length: 16 };

/** The identity transform about the given centre. */
export function identityRigid(centreLps: Vec3 = [0, 0, 0]): RigidTransform {
  return { rotationRad: [0, 0, 0], translationMm: [0, 0, 0], centreLps };
}

/** Rotation matrix (row-major) R = Rz(rz) Ry(ry) Rx(rx) of Euler angles in radians. */
export function eulerToMatrix(rotationRad: Vec3): Mat3 {
  const [cx, cy, cz] = rotationRad.map(Math.cos) as [number, number, number];
  const [sx, sy, sz] = rotationRad.map(Math.sin) as [number, number, number];
  return [
    cz * cy,
    cz * sy * sx - sz * cx,
    cz * sy * cx + sz * sx,
    sz * cy,
    sz * sy * sx + cz * cx,
    sz * sy * cx - cz * sx,
    -sy,
    cy * sx,
    cy * cx,
  ];
}

/**
 * Euler angles (rx, ry, rz), radians, of a rotation matrix R = Rz Ry Rx; ry in [-pi/2, pi/2].
 * At gimbal lock (|ry| = pi/2) only rx - rz (or rx + rz) is defined; rz = 0 is returned.
 */
export function matrixToEuler(r: Mat3): Vec3 {
  const ry = Math.asin(Math.max(-1, Math.min(1, -r[6])));
  if (Math.abs(r[6]) < 1 - 1e-12) {
    return [Math.atan2(r[7], r[8]), ry, Math.atan2(r[3], r[0])];
  }
  return [Math.atan2(-r[5], r[4]), ry, 0];
}

/** R a for a row-major 3 x 3 matrix. */
export function mulMat3Vec(r: Mat3, a: Vec3): Vec3 {
  return [
    r[0] * a[0] + r[1] * a[1] + r[2] * a[2],
    r[3] * a[0] + r[4] * a[1] + r[5] * a[2],
    r[6] * a[0] + r[7] * a[1] + r[8] * a[2],
  ];
}

/** a b for row-major 3 x 3 matrices. */
export function mulMat3(a: Mat3, b: Mat3): Mat3 {
  const out: number[] = [];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      let sum = 0;
      for (let m = 0; m < 3; m++) sum += (a[3 * row + m] ?? 0) * (b[3 * m + col] ?? 0);
      out.push(sum);
    }
  }
  return out as unknown as Mat3;
}

/** Transpose (= inverse of a rotation). */
export function transposeMat3(r: Mat3): Mat3 {
  return [r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]];
}

/** The image of an LPS point (mm) under the transform: R (p - c) + c + t. */
export function applyRigid(transform: RigidTransform, pointLps: Vec3): Vec3 {
  const c = transform.centreLps;
  const t = transform.translationMm;
  const r = mulMat3Vec(eulerToMatrix(transform.rotationRad), [
    pointLps[0] - c[0],
    pointLps[1] - c[1],
    pointLps[2] - c[2],
  ]);
  return [r[0] + c[0] + t[0], r[1] + c[1] + t[1], r[2] + c[2] + t[2]];
}

/**
 * The inverse map (moving -> fixed), about the same centre: p = R^T (q - c) + c - R^T t.
 */
export function invertRigid(transform: RigidTransform): RigidTransform {
  const rt = transposeMat3(eulerToMatrix(transform.rotationRad));
  const back = mulMat3Vec(rt, transform.translationMm);
  return {
    rotationRad: matrixToEuler(rt),
    translationMm: [-back[0], -back[1], -back[2]],
    centreLps: transform.centreLps,
  };
}

/**
 * The composition `outer` after `inner`: p -> outer(inner(p)), about inner's centre.
 * With R = Ro Ri: translation = Ro (ci + ti - co) + co + to - ci.
 */
export function composeRigid(outer: RigidTransform, inner: RigidTransform): RigidTransform {
  const ro = eulerToMatrix(outer.rotationRad);
  const ri = eulerToMatrix(inner.rotationRad);
  const ci = inner.centreLps;
  const co = outer.centreLps;
  const moved = mulMat3Vec(ro, [
    ci[0] + inner.translationMm[0] - co[0],
    ci[1] + inner.translationMm[1] - co[1],
    ci[2] + inner.translationMm[2] - co[2],
  ]);
  return {
    rotationRad: matrixToEuler(mulMat3(ro, ri)),
    translationMm: [
      moved[0] + co[0] + outer.translationMm[0] - ci[0],
      moved[1] + co[1] + outer.translationMm[1] - ci[1],
      moved[2] + co[2] + outer.translationMm[2] - ci[2],
    ],
    centreLps: ci,
  };
}

/** The same mapping expressed about another centre (translation adjusted). */
export function recentreRigid(transform: RigidTransform, centreLps: Vec3): RigidTransform {
  return composeRigid(transform, identityRigid(centreLps));
}

/**
 * The 4 x 4 homogeneous matrix (row-major) of the transform: [R, c + t - R c; 0 0 0 1], mapping
 * fixed LPS [x y z 1] to moving LPS (ITK's GetMatrix / GetOffset joined).
 */
export function rigidToMatrix4(transform: RigidTransform): Mat4 {
  const r = eulerToMatrix(transform.rotationRad);
  const o = applyRigid(transform, [0, 0, 0]);
  return [
    r[0],
    r[1],
    r[2],
    o[0],
    r[3],
    r[4],
    r[5],
    o[1],
    r[6],
    r[7],
    r[8],
    o[2],
    0,
    0,
    0,
    1,
  ] as readonly number[] as Mat4;
}

/** The transform of a 4 x 4 rigid matrix (its 3 x 3 block must be a rotation), about a centre. */
export function rigidFromMatrix4(matrix: Mat4, centreLps: Vec3 = [0, 0, 0]): RigidTransform {
  const r: Mat3 = [
    matrix[0] ?? 1,
    matrix[1] ?? 0,
    matrix[2] ?? 0,
    matrix[4] ?? 0,
    matrix[5] ?? 1,
    matrix[6] ?? 0,
    matrix[8] ?? 0,
    matrix[9] ?? 0,
    matrix[10] ?? 1,
  ];
  const rc = mulMat3Vec(r, centreLps);
  return {
    rotationRad: matrixToEuler(r),
    // offset = c + t - R c  =>  t = offset - c + R c
    translationMm: [
      (matrix[3] ?? 0) - centreLps[0] + rc[0],
      (matrix[7] ?? 0) - centreLps[1] + rc[1],
      (matrix[11] ?? 0) - centreLps[2] + rc[2],
    ],
    centreLps,
  };
}

/** Rotation angle of the transform (angle of R about its axis), radians: acos((tr R - 1) / 2). */
export function rotationAngleRad(transform: RigidTransform): number {
  const r = eulerToMatrix(transform.rotationRad);
  return Math.acos(Math.max(-1, Math.min(1, (r[0] + r[4] + r[8] - 1) / 2)));
}
