/**
 * SULpeak (PERCIST 1.0, Wahl et al. 2009 J Nucl Med 50:122S; O, Lodge, Wahl 2016 Radiology
 * 280:576): the mean of the image in a 1 cm3 sphere placed where that mean is largest, and the
 * liver reference (mean and SD in a 3 cm sphere in the right lobe).
 *
 * The sphere: exactly 1 mL, radius (3 / (4 pi))^(1/3) cm = 6.2035 mm (diameter 12.41 mm;
 * PERCIST and reference/physics.md round this to "1.2 cm"). Voxels cut by its surface are
 * weighted by the fraction of the voxel inside (n^3 sub-voxel samples, steps <= 0.2 mm, n >= 10); the
 * boundary weights are then scaled so that the weights x voxel volume sum to exactly 1 mL (the
 * sampled sum is within 0.5% before scaling, test/imaging/sul-peak.test.ts). The kernel is
 * computed once per grid; the sphere's axes are the voxel axes scaled by the spacing, which is a
 * sphere in LPS for any orthonormal direction matrix.
 *
 * Placement: candidate centres are voxel centres (no sub-voxel search) within the lesion VOI
 * (`maskIndices`), within searchRadiusMm of a seed, or both (their intersection); the whole
 * sphere must lie inside the image. The mean at each candidate is the weighted sum over the
 * precomputed linear offsets; ties go to the lowest voxel index. The value is in the image's
 * units: pass an SUL image for SULpeak.
 */

import { ComputationError, InputError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { ijkToLps, lpsToIjk, voxelVolumeMl } from '../core/volume.ts';
import { seedVoxel } from '../imaging/seed-maximum.ts';

/** Radius of a 1 mL sphere, mm: (3 / (4 pi))^(1/3) x 10 mm = 6.2035 mm. */
export const ONE_ML_SPHERE_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

/** Radius (mm) of a sphere of the given volume (mL). */
export function sphereRadiusMm(volumeMl: number): number {
  return 10 * Math.cbrt((3 * volumeMl) / (4 * Math.PI));
}

/** A sphere as voxel offsets with partial-volume weights (fraction of each voxel inside). */
export interface SphereKernel {
  /** Voxel offsets (di, dj, dk) of the voxels touched by the sphere, 3 per voxel. */
  offsets: Int32Array;
  /** Weight of each voxel in [0, 1]; weights x voxel volume sum to volumeMl. */
  weights: Float64Array;
  /** Largest |di|, |dj|, |dk| of the kernel. */
  halfWidth: Vec3;
  /** Volume of the sphere, mL (the exact target). */
  volumeMl: number;
  /** Volume of the sampled weights before the boundary was scaled to volumeMl, mL. */
  sampledVolumeMl: number;
}

/**
 * Partial-volume weights of a sphere of `volumeMl` centred on a voxel centre, for a grid of the
 * given spacing (mm); `supersample` sub-voxel samples per axis for voxels cut by the surface.
 */
export function sphereKernel(
  spacingMm: Vec3,
  volumeMl = 1,
  supersample = autoSupersample(spacingMm),
): SphereKernel {
  if (!(volumeMl > 0) || !spacingMm.every((s) => s > 0) || !(supersample >= 1)) {
    throw new InputError(
      { field: 'sphereVolumeMl' },
      `a sphere needs a positive volume (mL) and spacing (mm), got ${volumeMl} mL, spacing ${spacingMm.join('x')} mm`,
    );
  }
  const radius = sphereRadiusMm(volumeMl);
  const halfDiagonal = 0.5 * Math.hypot(...spacingMm);
  const half = spacingMm.map((s) => Math.ceil(radius / s + 0.5)) as unknown as Vec3;
  const offsets: number[] = [];
  const weights: number[] = [];
  const boundary: number[] = [];
  for (let dk = -half[2]; dk <= half[2]; dk++) {
    for (let dj = -half[1]; dj <= half[1]; dj++) {
      for (let di = -half[0]; di <= half[0]; di++) {
        const d = Math.hypot(di * spacingMm[0], dj * spacingMm[1], dk * spacingMm[2]);
        if (d >= radius + halfDiagonal) continue;
        const w =
          d <= radius - halfDiagonal
            ? 1
            : fractionInside([di, dj, dk], spacingMm, radius, supersample);
        if (w === 0) continue;
        if (w < 1) boundary.push(weights.length);
        offsets.push(di, dj, dk);
        weights.push(w);
      }
    }
  }
  const voxelMl = (spacingMm[0] * spacingMm[1] * spacingMm[2]) / 1000;
  const sampled = weights.reduce((a, b) => a + b, 0);
  const inner = sampled - boundary.reduce((a, n) => a + (weights[n] ?? 0), 0);
  const scale = (volumeMl / voxelMl - inner) / (sampled - inner);
  if (boundary.length > 0 && scale > 0) {
    for (const n of boundary) weights[n] = Math.min(1, (weights[n] ?? 0) * scale);
  }
  const maxAbs = (a: number) =>
    offsets.reduce((m, v, n) => (n % 3 === a ? Math.max(m, Math.abs(v)) : m), 0);
  return {
    offsets: Int32Array.from(offsets),
    weights: Float64Array.from(weights),
    halfWidth: [maxAbs(0), maxAbs(1), maxAbs(2)],
    volumeMl: weights.reduce((a, b) => a + b, 0) * voxelMl,
    sampledVolumeMl: sampled * voxelMl,
  };
}

/** Sub-voxel samples per axis: steps of at most 0.2 mm, at least 10 (sampled volume within 0.2%). */
export function autoSupersample(spacingMm: Vec3): number {
  return Math.max(10, Math.ceil(Math.max(...spacingMm) / 0.2));
}

function fractionInside(ijk: Vec3, spacingMm: Vec3, radius: number, n: number): number {
  let inside = 0;
  const r2 = radius * radius;
  for (let c = 0; c < n; c++) {
    const z = (ijk[2] - 0.5 + (c + 0.5) / n) * spacingMm[2];
    for (let b = 0; b < n; b++) {
      const y = (ijk[1] - 0.5 + (b + 0.5) / n) * spacingMm[1];
      for (let a = 0; a < n; a++) {
        const x = (ijk[0] - 0.5 + (a + 0.5) / n) * spacingMm[0];
        if (x * x + y * y + z * z <= r2) inside++;
      }
    }
  }
  return inside / (n * n * n);
}

/** Options of sulPeak; at least one of seedLps and maskIndices restricts the sphere centre. */
export interface SulPeakOptions {
  /** Seed of the lesion, LPS mm; centres within searchRadiusMm of it are tried. */
  seedLps?: Vec3;
  /** Search radius around the seed, mm; default 15 (SUL_PEAK_DEFAULTS). */
  searchRadiusMm?: number;
  /** Linear voxel indices of the lesion VOI; the sphere centre must be one of them. */
  maskIndices?: ArrayLike<number>;
  /** Sphere volume, mL; default 1 (PERCIST). */
  sphereVolumeMl?: number;
  /** Sub-voxel samples per axis for the partial-volume weights; default autoSupersample. */
  supersample?: number;
}

/**
 * Defaults. searchRadiusMm 15: a seed clicked anywhere on a lesion of up to 3 cm diameter still
 * lets the sphere reach its hottest part; the lesion VOI restricts it better when available.
 */
export const SUL_PEAK_DEFAULTS = { searchRadiusMm: 15, sphereVolumeMl: 1 } as const;

/** The peak found: mean in the best sphere (image units), its centre and its voxels. */
export interface SulPeakResult {
  /** Weighted mean in the sphere, image units (SUL for an SUL image). */
  peak: number;
  /** Centre of the sphere (a voxel centre), LPS mm. */
  centerLps: Vec3;
  /** Linear index of the centre voxel. */
  centerIndex: number;
  /** Voxels with a non-zero weight in the sphere. */
  voxelsUsed: number;
  /** Volume of the sphere, mL. */
  sphereVolumeMl: number;
  /** Candidate centres tried (whole sphere inside the image). */
  candidates: number;
}

/**
 * SULpeak: the largest mean of `volume` in a 1 mL sphere (partial-volume weighted) centred on a
 * voxel of the lesion VOI and/or within searchRadiusMm of the seed (PERCIST 1.0, Wahl 2009).
 */
export function sulPeak(volume: Volume<Float32Array>, options: SulPeakOptions): SulPeakResult {
  const opts = {
    searchRadiusMm: options.searchRadiusMm ?? SUL_PEAK_DEFAULTS.searchRadiusMm,
    sphereVolumeMl: options.sphereVolumeMl ?? SUL_PEAK_DEFAULTS.sphereVolumeMl,
  };
  if (options.seedLps === undefined && options.maskIndices === undefined) {
    throw new InputError(
      { field: 'seedLps' },
      'SULpeak needs a lesion seed or a lesion VOI to place its sphere',
      'give the lesion seed (LPS mm) or its mask',
    );
  }
  if (!(opts.searchRadiusMm >= 0)) {
    throw new InputError(
      { field: 'searchRadiusMm' },
      `the search radius must be >= 0 mm, got ${opts.searchRadiusMm}`,
    );
  }
  const kernel = sphereKernel(volume.spacingMm, opts.sphereVolumeMl, options.supersample);
  const [nx, ny, nz] = volume.size;
  const linear = new Int32Array(kernel.weights.length);
  for (let n = 0; n < linear.length; n++) {
    const o = kernel.offsets;
    linear[n] = (o[3 * n] ?? 0) + nx * ((o[3 * n + 1] ?? 0) + ny * (o[3 * n + 2] ?? 0));
  }
  const weightSum = kernel.weights.reduce((a, b) => a + b, 0);
  const [hx, hy, hz] = kernel.halfWidth;
  const fits = (i: number, j: number, k: number) =>
    i >= hx && i < nx - hx && j >= hy && j < ny - hy && k >= hz && k < nz - hz;
  const seedIjk = options.seedLps === undefined ? undefined : seedVoxel(volume, options.seedLps);
  const candidates = candidateCentres(volume, opts.searchRadiusMm, seedIjk, options.maskIndices);
  const data = volume.data;
  let best = -Infinity;
  let bestIndex = -1;
  let tried = 0;
  for (const index of candidates) {
    const i = index % nx;
    const j = Math.floor(index / nx) % ny;
    const k = Math.floor(index / (nx * ny));
    if (!fits(i, j, k)) continue;
    tried++;
    let sum = 0;
    for (let n = 0; n < linear.length; n++) {
      sum += (kernel.weights[n] ?? 0) * (data[index + (linear[n] ?? 0)] ?? 0);
    }
    const mean = sum / weightSum;
    if (mean > best || (mean === best && index < bestIndex)) {
      best = mean;
      bestIndex = index;
    }
  }
  if (bestIndex < 0) {
    throw new ComputationError(
      { field: 'seedLps' },
      `no ${opts.sphereVolumeMl} mL sphere fits inside the image at the lesion ` +
        `(${candidates.length} candidate centres, all within ${sphereRadiusMm(opts.sphereVolumeMl).toFixed(1)} mm of the image edge or none given)`,
      'check the lesion seed or mask lies inside the PET field of view',
    );
  }
  const ijk: Vec3 = [
    bestIndex % nx,
    Math.floor(bestIndex / nx) % ny,
    Math.floor(bestIndex / (nx * ny)),
  ];
  return {
    peak: best,
    centerLps: ijkToLps(volume, ijk),
    centerIndex: bestIndex,
    voxelsUsed: kernel.weights.length,
    sphereVolumeMl: kernel.volumeMl,
    candidates: tried,
  };
}

function candidateCentres(
  volume: Volume<Float32Array>,
  radiusMm: number,
  seedIjk: Vec3 | undefined,
  mask: ArrayLike<number> | undefined,
): number[] {
  const [nx, ny, nz] = volume.size;
  const [sx, sy, sz] = volume.spacingMm;
  const near = (i: number, j: number, k: number) =>
    seedIjk === undefined ||
    ((i - seedIjk[0]) * sx) ** 2 + ((j - seedIjk[1]) * sy) ** 2 + ((k - seedIjk[2]) * sz) ** 2 <=
      radiusMm * radiusMm;
  const out: number[] = [];
  if (mask !== undefined) {
    const total = nx * ny * nz;
    for (let n = 0; n < mask.length; n++) {
      const index = mask[n] ?? -1;
      if (!(Number.isInteger(index) && index >= 0 && index < total)) {
        throw new InputError(
          { field: 'maskIndices' },
          `lesion VOI index ${index} is not a voxel of the ${volume.size.join('x')} image`,
          'the mask must be on the PET grid',
        );
      }
      if (near(index % nx, Math.floor(index / nx) % ny, Math.floor(index / (nx * ny))))
        out.push(index);
    }
    return out.sort((a, b) => a - b);
  }
  if (seedIjk === undefined) return out;
  const lo = (a: number) => Math.max(0, Math.floor(seedIjk[a]! - radiusMm / volume.spacingMm[a]!));
  const hi = (a: number, n: number) =>
    Math.min(n - 1, Math.ceil(seedIjk[a]! + radiusMm / volume.spacingMm[a]!));
  for (let k = lo(2); k <= hi(2, nz); k++) {
    for (let j = lo(1); j <= hi(1, ny); j++) {
      for (let i = lo(0); i <= hi(0, nx); i++) if (near(i, j, k)) out.push(i + nx * (j + ny * k));
    }
  }
  return out;
}

/** Mean, SD and measurability threshold of a reference region (PERCIST liver). */
export interface ReferenceRegion {
  /** Mean of the voxels whose centre lies in the sphere, image units. */
  mean: number;
  /** Sample SD (n - 1) of those voxels, image units. */
  sd: number;
  voxelCount: number;
  volumeMl: number;
  /** PERCIST measurability threshold 1.5 x mean + 2 SD (Wahl 2009), image units. */
  measurabilityThreshold: number;
}

/**
 * Liver reference: mean and SD of the voxels with centres in a sphere of diameterMm (default 30,
 * PERCIST's 3 cm ROI in the right lobe) and the measurability threshold 1.5 mean + 2 SD.
 */
export function liverReference(
  volume: Volume<Float32Array>,
  centerLps: Vec3,
  diameterMm = 30,
): ReferenceRegion {
  if (!(diameterMm > 0)) {
    throw new InputError(
      { field: 'liverDiameterMm' },
      `the liver ROI diameter must be > 0 mm, got ${diameterMm}`,
    );
  }
  const c = lpsToIjk(volume, centerLps);
  const r = diameterMm / 2;
  const [nx, ny] = volume.size;
  const span = volume.spacingMm.map((s) => r / s);
  const inside = c.every((x, a) => x - span[a]! >= -0.5 && x + span[a]! <= volume.size[a]! - 0.5);
  if (!centerLps.every(Number.isFinite) || !inside) {
    throw new InputError(
      { field: 'liverCenterLps' },
      `the ${diameterMm} mm liver sphere at (${centerLps.join(', ')}) mm LPS does not lie inside the image`,
      'place the liver ROI in the right lobe, away from the image edge',
    );
  }
  const values: number[] = [];
  const [sx, sy, sz] = volume.spacingMm;
  for (let k = Math.ceil(c[2] - span[2]!); k <= Math.floor(c[2] + span[2]!); k++) {
    for (let j = Math.ceil(c[1] - span[1]!); j <= Math.floor(c[1] + span[1]!); j++) {
      for (let i = Math.ceil(c[0] - span[0]!); i <= Math.floor(c[0] + span[0]!); i++) {
        const d2 = ((i - c[0]) * sx) ** 2 + ((j - c[1]) * sy) ** 2 + ((k - c[2]) * sz) ** 2;
        if (d2 <= r * r) values.push(volume.data[i + nx * (j + ny * k)] ?? NaN);
      }
    }
  }
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return {
    mean,
    sd,
    voxelCount: n,
    volumeMl: n * voxelVolumeMl(volume),
    measurabilityThreshold: 1.5 * mean + 2 * sd,
  };
}
