/**
 * Analytic solids of the digital phantoms, axis-aligned in patient LPS (mm): ellipsoids (spheres
 * included) and elliptic cylinders along z. Each gives a point test, a conservative distance
 * bound for the voxeliser (|distance to the surface| >= |bound|) and its exact volume.
 */
import type { Vec3 } from '../core/volume.ts';

/** Ellipsoid with semi-axes along L, P, S (a sphere when all three are equal). */
export interface Ellipsoid {
  kind: 'ellipsoid';
  centerLps: Vec3;
  radiiMm: Vec3;
}

/** Elliptic cylinder with its axis along S (z), semi-axes along L and P, half-length along S. */
export interface EllipticCylinder {
  kind: 'cylinder';
  centerLps: Vec3;
  radiiMm: readonly [number, number];
  halfLengthMm: number;
}

export type Shape = Ellipsoid | EllipticCylinder;

/** A sphere of the given inner diameter (mm) centred at `centerLps`. */
export function sphere(centerLps: Vec3, diameterMm: number): Ellipsoid {
  const r = diameterMm / 2;
  return { kind: 'ellipsoid', centerLps, radiiMm: [r, r, r] };
}

/** Diameter (mm) of a sphere of `volumeMl` mL: (6 V / pi)^(1/3), V in mm^3. */
export function sphereDiameterMm(volumeMl: number): number {
  return Math.cbrt((6 * volumeMl * 1000) / Math.PI);
}

/** Exact volume of a shape, mL: 4/3 pi abc (ellipsoid), pi ab 2h (cylinder). */
export function shapeVolumeMl(shape: Shape): number {
  if (shape.kind === 'ellipsoid') {
    const [a, b, c] = shape.radiiMm;
    return ((4 / 3) * Math.PI * a * b * c) / 1000;
  }
  const [a, b] = shape.radiiMm;
  return (Math.PI * a * b * 2 * shape.halfLengthMm) / 1000;
}

/**
 * Signed lower bound on the distance (mm) from point p to the surface: > 0 outside, < 0 inside,
 * and the true distance is at least its magnitude. For an ellipsoid, with k = |(p - c) / r|,
 * (k - 1) min(r) (the map x -> x / r shrinks distances by at most 1 / min(r)); for a cylinder,
 * the larger of the radial bound and the axial excess.
 */
export function distanceBoundMm(shape: Shape, p: Vec3): number {
  const x = p[0] - shape.centerLps[0];
  const y = p[1] - shape.centerLps[1];
  const z = p[2] - shape.centerLps[2];
  if (shape.kind === 'ellipsoid') {
    const [a, b, c] = shape.radiiMm;
    const k = Math.hypot(x / a, y / b, z / c);
    return (k - 1) * Math.min(a, b, c);
  }
  const [a, b] = shape.radiiMm;
  const radial = (Math.hypot(x / a, y / b) - 1) * Math.min(a, b);
  const axial = Math.abs(z) - shape.halfLengthMm;
  return Math.max(radial, axial);
}

/** True when p lies inside the shape (boundary included). */
export function containsPoint(shape: Shape, p: Vec3): boolean {
  const x = p[0] - shape.centerLps[0];
  const y = p[1] - shape.centerLps[1];
  const z = p[2] - shape.centerLps[2];
  if (shape.kind === 'ellipsoid') {
    const [a, b, c] = shape.radiiMm;
    return (x / a) ** 2 + (y / b) ** 2 + (z / c) ** 2 <= 1;
  }
  const [a, b] = shape.radiiMm;
  return (x / a) ** 2 + (y / b) ** 2 <= 1 && Math.abs(z) <= shape.halfLengthMm;
}

/** Axis-aligned LPS bounding box of a shape: [min corner, max corner], mm. */
export function boundsLps(shape: Shape): [Vec3, Vec3] {
  const c = shape.centerLps;
  const r: Vec3 =
    shape.kind === 'ellipsoid'
      ? shape.radiiMm
      : [shape.radiiMm[0], shape.radiiMm[1], shape.halfLengthMm];
  return [
    [c[0] - r[0], c[1] - r[1], c[2] - r[2]],
    [c[0] + r[0], c[1] + r[1], c[2] + r[2]],
  ];
}
