/**
 * The seed of a lesion and the maximum near it: the seed's voxel (InputError outside the image)
 * and the hottest voxel whose centre lies within a search radius of the seed (the seed's own
 * voxel always counts), as used by the isocontour segmentation (isocontour.ts).
 */

import { ComputationError, InputError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { lpsToIjk } from '../core/volume.ts';

/** The maximum found near the seed: linear index, value, distance from the seed (mm). */
export interface SearchPeak {
  index: number;
  value: number;
  distanceMm: number;
}

/** Continuous voxel position of the seed; InputError when it lies outside the image. */
export function seedVoxel(pet: Volume<Float32Array>, seedLps: Vec3): Vec3 {
  const ijk = lpsToIjk(pet, seedLps);
  const inside = ijk.every((c, a) => c >= -0.5 && c < (pet.size[a] ?? 0) - 0.5);
  if (!seedLps.every(Number.isFinite) || !inside) {
    throw new InputError(
      { field: 'seedLps' },
      `the seed (${seedLps.join(', ')}) mm LPS lies outside the PET image ` +
        `(voxel ${ijk.map((c) => c.toFixed(1)).join(', ')} of ${pet.size.join('x')})`,
      'check the seed coordinates are patient LPS in mm for this scan',
    );
  }
  return ijk;
}

/** Hottest voxel (index, value Bq/mL, distance mm) with centre within radiusMm of the continuous voxel position `seedIjk`. */
export function findMaximum(
  pet: Volume<Float32Array>,
  seedIjk: Vec3,
  radiusMm: number,
): SearchPeak {
  const [nx, ny, nz] = pet.size;
  const [sx, sy, sz] = pet.spacingMm;
  const rounded = seedIjk.map(Math.round) as [number, number, number];
  let best: SearchPeak = {
    index: rounded[0] + nx * (rounded[1] + ny * rounded[2]),
    value: -Infinity,
    distanceMm: 0,
  };
  const r2 = radiusMm * radiusMm;
  const lo = (a: number) => Math.max(0, Math.floor(seedIjk[a]! - radiusMm / pet.spacingMm[a]!));
  const hi = (a: number, n: number) =>
    Math.min(n - 1, Math.ceil(seedIjk[a]! + radiusMm / pet.spacingMm[a]!));
  for (let k = lo(2); k <= hi(2, nz); k++) {
    for (let j = lo(1); j <= hi(1, ny); j++) {
      for (let i = lo(0); i <= hi(0, nx); i++) {
        const d2 =
          ((i - seedIjk[0]) * sx) ** 2 +
          ((j - seedIjk[1]) * sy) ** 2 +
          ((k - seedIjk[2]) * sz) ** 2;
        const isSeedVoxel = i === rounded[0] && j === rounded[1] && k === rounded[2];
        if (d2 > r2 && !isSeedVoxel) continue;
        const index = i + nx * (j + ny * k);
        const value = pet.data[index] ?? NaN;
        if (value > best.value) best = { index, value, distanceMm: Math.sqrt(d2) };
      }
    }
  }
  if (!Number.isFinite(best.value)) {
    throw new ComputationError(
      { field: 'seedLps' },
      `no finite PET value within ${radiusMm} mm of the seed`,
      'check the PET volume and the seed',
    );
  }
  return best;
}
