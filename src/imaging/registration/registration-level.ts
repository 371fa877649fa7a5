/**
 * One pyramid level of rigid registration: the fixed body region, its sample set, and Powell's
 * method on minus the Mattes MI in scaled parameters (rotations times the body's RMS radius, so
 * that one unit of every parameter moves body points by about one millimetre; the "parameter
 * scales" of ITK/elastix optimisers).
 */

import type { Vec3, Volume } from '../../core/volume.ts';
import { ijkToLps } from '../../core/volume.ts';
import { mulberry32 } from '../../numerics/random.ts';
import type { SampleSet } from './mattes-mi.ts';
import { drawSamples, evaluateMattesMi, intensityRange } from './mattes-mi.ts';
import { minimisePowell } from './powell.ts';
import type { RigidTransform } from './rigid-transform.ts';

/** Body region statistics of a level image: voxel box, centroid and RMS radius. */
export interface BodyRegion {
  /** Continuous ijk box of the body voxels, widened by the margin and clipped to the grid. */
  box: { lo: Vec3; hi: Vec3 };
  centroidLps: Vec3;
  /** RMS distance of body voxel centres from the centroid, mm (>= 10). */
  rmsRadiusMm: number;
}

/** Margin around the body box from which samples are drawn (keeps the skin-air edge in), mm. */
export const SAMPLE_MARGIN_MM = 20;

/** Body (> thresholdHu) box, centroid and RMS radius of a level image. */
export function bodyRegion(volume: Volume<Float32Array>, thresholdHu: number): BodyRegion {
  const [nx, ny, nz] = volume.size;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  let count = 0;
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  // Centroid and spread in voxel coordinates, then mapped to LPS (the map is affine; the RMS
  // radius needs the spacing only, the direction being orthonormal).
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!((volume.data[n] ?? 0) > thresholdHu)) continue;
        if (i < (lo[0] ?? 0)) lo[0] = i;
        if (i > (hi[0] ?? 0)) hi[0] = i;
        if (j < (lo[1] ?? 0)) lo[1] = j;
        if (j > (hi[1] ?? 0)) hi[1] = j;
        if (k < (lo[2] ?? 0)) lo[2] = k;
        if (k > (hi[2] ?? 0)) hi[2] = k;
        sum[0] = (sum[0] ?? 0) + i;
        sum[1] = (sum[1] ?? 0) + j;
        sum[2] = (sum[2] ?? 0) + k;
        sumSq[0] = (sumSq[0] ?? 0) + i * i;
        sumSq[1] = (sumSq[1] ?? 0) + j * j;
        sumSq[2] = (sumSq[2] ?? 0) + k * k;
        count++;
      }
    }
  }
  const meanIjk = sum.map((v) => v / Math.max(count, 1)) as unknown as Vec3;
  const variance = sumSq.reduce(
    (acc, v, a) =>
      acc + (v / Math.max(count, 1) - (meanIjk[a] ?? 0) ** 2) * (volume.spacingMm[a] ?? 1) ** 2,
    0,
  );
  const centroid = ijkToLps(volume, meanIjk);
  const margin = volume.spacingMm.map((s) => SAMPLE_MARGIN_MM / s);
  const clip = (v: number, a: number) => Math.min(Math.max(v, 0), (volume.size[a] ?? 1) - 1);
  return {
    box: {
      lo: lo.map((v, a) => clip(v - (margin[a] ?? 0), a)) as unknown as Vec3,
      hi: hi.map((v, a) => clip(v + (margin[a] ?? 0), a)) as unknown as Vec3,
    },
    centroidLps: centroid,
    rmsRadiusMm: Math.max(10, Math.sqrt(Math.max(variance, 0))),
  };
}

/** Samples of a level: drawn in the fixed body box, binned against the moving level's range. */
export function levelSamples(
  fixed: Volume<Float32Array>,
  moving: Volume<Float32Array>,
  region: BodyRegion,
  count: number,
  seed: number,
  bins: number,
): SampleSet {
  return drawSamples(fixed, region.box, count, mulberry32(seed), bins, intensityRange(moving));
}

/** Scaled parameters <-> transform about a fixed centre. */
export function toParameters(transform: RigidTransform, radiusMm: number): number[] {
  return [...transform.rotationRad.map((r) => r * radiusMm), ...transform.translationMm];
}
export function fromParameters(
  y: readonly number[],
  radiusMm: number,
  centreLps: Vec3,
): RigidTransform {
  return {
    rotationRad: [(y[0] ?? 0) / radiusMm, (y[1] ?? 0) / radiusMm, (y[2] ?? 0) / radiusMm],
    translationMm: [y[3] ?? 0, y[4] ?? 0, y[5] ?? 0],
    centreLps,
  };
}

/** Outcome of one level. */
export interface LevelFit {
  transform: RigidTransform;
  miNats: number;
  overlap: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/** Samples kept below this overlap fraction score as no information (MI 0). */
export const MIN_OVERLAP = 0.25;

/**
 * Powell's method from `start` (centre = start.centreLps) on -MI; step and tolerances scale with
 * the level's voxel size: first step 1 voxel, line tolerance 5% (finest level 2%) and sweep
 * tolerance 5% of it.
 */
export function fitLevel(
  samples: SampleSet,
  moving: Volume<Float32Array>,
  start: RigidTransform,
  radiusMm: number,
  levelMm: number,
  maxIterations: number,
  finest: boolean,
): LevelFit {
  const centre = start.centreLps;
  const cost = (y: readonly number[]) => {
    const value = evaluateMattesMi(samples, moving, fromParameters(y, radiusMm, centre));
    return value.overlap < MIN_OVERLAP ? 0 : -value.miNats;
  };
  const result = minimisePowell(cost, toParameters(start, radiusMm), {
    initialStep: levelMm,
    lineTolerance: (finest ? 0.02 : 0.05) * levelMm,
    xTolerance: 0.05 * levelMm,
    fTolerance: 1e-6,
    maxIterations,
  });
  const transform = fromParameters(result.x, radiusMm, centre);
  const final = evaluateMattesMi(samples, moving, transform);
  return {
    transform,
    miNats: final.miNats,
    overlap: final.overlap,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}
