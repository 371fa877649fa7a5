/**
 * Random directions for particle transport, on the seeded generator of src/numerics/random.ts.
 */

import type { Random } from '../../numerics/random.ts';

/** Isotropic unit vector [u, v, w] (uniform cos(theta) in [-1, 1], uniform azimuth). */
export function isotropicDirection(random: Random): [number, number, number] {
  const w = 2 * random() - 1;
  const phi = 2 * Math.PI * random();
  const s = Math.sqrt(Math.max(0, 1 - w * w));
  return [s * Math.cos(phi), s * Math.sin(phi), w];
}

/**
 * Direction after a deflection by polar angle acos(cosTheta) and a uniform azimuth, from the unit
 * vector [u, v, w] (standard rotation, e.g. PENELOPE 2008 manual eq. 1.131).
 */
export function deflect(
  u: number,
  v: number,
  w: number,
  cosTheta: number,
  random: Random,
): [number, number, number] {
  const sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
  const phi = 2 * Math.PI * random();
  const cosPhi = Math.cos(phi);
  const sinPhi = Math.sin(phi);
  const rho = Math.sqrt(u * u + v * v);
  if (rho < 1e-10) {
    const sign = w >= 0 ? 1 : -1;
    return [sinTheta * cosPhi, sinTheta * sinPhi, sign * cosTheta];
  }
  const nu = u * cosTheta + (sinTheta * (u * w * cosPhi - v * sinPhi)) / rho;
  const nv = v * cosTheta + (sinTheta * (v * w * cosPhi + u * sinPhi)) / rho;
  const nw = w * cosTheta - rho * sinTheta * cosPhi;
  const norm = Math.sqrt(nu * nu + nv * nv + nw * nw);
  return [nu / norm, nv / norm, nw / norm];
}
