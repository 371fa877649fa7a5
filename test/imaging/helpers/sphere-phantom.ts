/**
 * Test-only digital phantoms: uniform spheres voxelised with partial volume by supersampling,
 * the analytic profile of a Gaussian-blurred sphere, and a seeded Gaussian noise source.
 */
import type { Mat3, Vec3, Volume } from '../../../src/core/volume.ts';
import { IDENTITY_DIRECTION, ijkToLps, lpsToIjk, voxelCount } from '../../../src/core/volume.ts';

/** A grid filled with `value`; origin and direction default to 0 and identity. */
export function makeVolume(
  size: Vec3,
  spacingMm: Vec3,
  value = 0,
  originLps: Vec3 = [0, 0, 0],
  direction: Mat3 = IDENTITY_DIRECTION,
): Volume<Float32Array> {
  const data = new Float32Array(voxelCount(size)).fill(value);
  return { size, spacingMm, originLps, direction, data };
}

/**
 * Adds `concentration` x (fraction of each voxel inside the sphere) to the volume: the fraction
 * from n^3 sub-voxel samples for voxels cut by the surface, 1 for voxels wholly inside.
 */
export function addSphere(
  volume: Volume<Float32Array>,
  centreLps: Vec3,
  radiusMm: number,
  concentration: number,
  supersample = 7,
): void {
  const [nx, ny, nz] = volume.size;
  const c = lpsToIjk(volume, centreLps);
  const halfDiagonalMm = 0.5 * Math.hypot(...volume.spacingMm);
  const lo = (a: number) => Math.max(0, Math.floor(c[a]! - radiusMm / volume.spacingMm[a]! - 1));
  const hi = (a: number, n: number) =>
    Math.min(n - 1, Math.ceil(c[a]! + radiusMm / volume.spacingMm[a]! + 1));
  for (let k = lo(2); k <= hi(2, nz); k++) {
    for (let j = lo(1); j <= hi(1, ny); j++) {
      for (let i = lo(0); i <= hi(0, nx); i++) {
        const p = ijkToLps(volume, [i, j, k]);
        const d = Math.hypot(p[0] - centreLps[0], p[1] - centreLps[1], p[2] - centreLps[2]);
        if (d > radiusMm + halfDiagonalMm) continue;
        let fraction = 1;
        if (d > radiusMm - halfDiagonalMm) {
          let inside = 0;
          for (let c2 = 0; c2 < supersample; c2++) {
            for (let b = 0; b < supersample; b++) {
              for (let a = 0; a < supersample; a++) {
                const q = ijkToLps(volume, [
                  i - 0.5 + (a + 0.5) / supersample,
                  j - 0.5 + (b + 0.5) / supersample,
                  k - 0.5 + (c2 + 0.5) / supersample,
                ]);
                const dq = Math.hypot(
                  q[0] - centreLps[0],
                  q[1] - centreLps[1],
                  q[2] - centreLps[2],
                );
                if (dq <= radiusMm) inside++;
              }
            }
          }
          fraction = inside / supersample ** 3;
        }
        const index = i + nx * (j + ny * k);
        volume.data[index] = volume.data[index]! + concentration * fraction;
      }
    }
  }
}

/** Radius (mm) of a sphere of the given volume (mL). */
export function sphereRadiusMm(volumeMl: number): number {
  return Math.cbrt((3 * volumeMl * 1000) / (4 * Math.PI));
}

/** Volume (mL) of a sphere of the given radius (mm). */
export function sphereVolumeMl(radiusMm: number): number {
  return ((4 / 3) * Math.PI * radiusMm ** 3) / 1000;
}

/** Error function, |error| < 1.2e-7 (Numerical Recipes erfc Chebyshev fit, 6.2). */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc : erfc - 1;
}

/**
 * Uniform unit sphere of radius R blurred by an isotropic 3-D Gaussian (sigma), at distance r
 * from the centre (radial convolution integral in closed form); r = 0 gives physics.md 5.
 */
export function blurredSphereProfile(r: number, radiusMm: number, sigmaMm: number): number {
  const s2 = Math.SQRT2 * sigmaMm;
  if (r < 1e-9) {
    const u = radiusMm / sigmaMm;
    return erf(radiusMm / s2) - Math.sqrt(2 / Math.PI) * u * Math.exp(-(u * u) / 2);
  }
  const a = (radiusMm - r) / s2;
  const b = (radiusMm + r) / s2;
  const tails =
    (sigmaMm / (r * Math.sqrt(2 * Math.PI))) * (Math.exp(-(b * b)) - Math.exp(-(a * a)));
  return 0.5 * (erf(a) + erf(b)) + tails;
}

/** Radius (mm) where the blurred-sphere profile falls to `fraction` of its centre value. */
export function isocontourRadiusMm(radiusMm: number, sigmaMm: number, fraction: number): number {
  const target = fraction * blurredSphereProfile(0, radiusMm, sigmaMm);
  let lo = 0;
  let hi = radiusMm + 10 * sigmaMm;
  for (let n = 0; n < 100; n++) {
    const mid = 0.5 * (lo + hi);
    if (blurredSphereProfile(mid, radiusMm, sigmaMm) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Seeded standard-normal generator (mulberry32 + Box-Muller). */
export function normalRandom(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** Multiplies each voxel by (1 + relativeSd x N(0, 1)): noise proportional to the local value. */
export function addRelativeNoise(
  volume: Volume<Float32Array>,
  relativeSd: number,
  seed: number,
): void {
  const normal = normalRandom(seed);
  for (let n = 0; n < volume.data.length; n++) {
    volume.data[n] = volume.data[n]! * (1 + relativeSd * normal());
  }
}
