/**
 * A small seeded pseudo-random generator, so that every Monte Carlo result in iodose can be rerun
 * bit for bit from the seed written into its provenance.
 */

/** Uniform generator on [0, 1). */
export type Random = () => number;

/**
 * Mulberry32 (Tommy Ettinger, public domain; 32-bit state, period 2^32): returns uniform numbers
 * on [0, 1). Good enough for variance-reduced transport tallies of 1e5-1e7 histories; it is not a
 * cryptographic generator.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
