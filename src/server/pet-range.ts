/**
 * The viewer's default PET colour range (display only: no measurement reads it). A percentile of
 * the whole PET (the 99.5th, before) is a number about the body: lesions are far fewer than 0.5 %
 * of the voxels, so the body's own uptake reaches the top of the scale and every lesion is one
 * saturated blob. A nuclear-medicine physicist seeding lesions wants them unsaturated and the
 * background dark, so the range is lesion-oriented (our choice):
 * - with seeds in the session: 0 to the highest lesion peak, the maximum voxel within
 *   PEAK_RADIUS_MM of each seed: the hottest seeded lesion just reaches the top, and its 50 %
 *   isocontour (the VOI) lies mid-scale, where it can be judged;
 * - without seeds: 0 to NO_SEED_FRACTION of the image maximum, so the hottest focus (a lesion or
 *   the thyroid remnant, often the bladder or stomach) saturates only in its upper half and
 *   fainter lesions (a 124I lesion is many times its background) still stand out from the body.
 * The user changes it in the viewer's toolbar.
 */
import { lpsToIjk, type Vec3, type Volume } from '../core/volume.ts';

/** Radius around a seed searched for the lesion's peak, mm: a seed lands within a lesion of a
 *  few cm (our choice; wider would pick up a neighbouring hot organ). */
export const PEAK_RADIUS_MM = 15;
/** The top of the range without seeds, as a fraction of the image maximum (our choice). */
export const NO_SEED_FRACTION = 0.5;

/** The largest voxel value of `data`; -Infinity when empty. */
export function maxValue(data: Float32Array | Int16Array): number {
  let max = -Infinity;
  for (const v of data) if (v > max) max = v;
  return max;
}

/**
 * The maximum voxel whose centre lies within radiusMm of pointLps (null when none does: the seed
 * is outside the image). Distances in mm from index differences x spacing (the direction matrix
 * is orthonormal).
 */
export function peakNear(
  pet: Volume<Float32Array | Int16Array>,
  pointLps: Vec3,
  radiusMm: number,
): number | null {
  const c = lpsToIjk(pet, pointLps);
  const [nx, ny, nz] = pet.size;
  const [sx, sy, sz] = pet.spacingMm;
  const range = (a: 0 | 1 | 2, n: number) => {
    const h = radiusMm / pet.spacingMm[a];
    return [Math.max(0, Math.ceil(c[a] - h)), Math.min(n - 1, Math.floor(c[a] + h))] as const;
  };
  const [i0, i1] = range(0, nx);
  const [j0, j1] = range(1, ny);
  const [k0, k1] = range(2, nz);
  let peak: number | null = null;
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const d2 = ((i - c[0]) * sx) ** 2 + ((j - c[1]) * sy) ** 2 + ((k - c[2]) * sz) ** 2;
        if (d2 > radiusMm * radiusMm) continue;
        const v = pet.data[i + nx * (j + ny * k)] ?? -Infinity;
        if (peak === null || v > peak) peak = v;
      }
  return peak;
}

/** The default range (file comment), Bq/mL; [0, 1] when nothing is positive. */
export function petDisplayRange(
  pet: Volume<Float32Array | Int16Array>,
  imageMaxBqPerMl: number,
  seedsLps: readonly Vec3[],
): [number, number] {
  const peaks = seedsLps
    .map((p) => peakNear(pet, p, PEAK_RADIUS_MM))
    .filter((v): v is number => v !== null && v > 0);
  const high = peaks.length > 0 ? Math.max(...peaks) : NO_SEED_FRACTION * imageMaxBqPerMl;
  return [0, high > 0 ? high : 1];
}
