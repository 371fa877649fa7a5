/**
 * Rigid (6-DOF) registration of a later session's CT (moving) to the first session's CT (fixed):
 * the transform T mapping fixed LPS points to moving LPS points (ITK convention,
 * rigid-transform.ts) that maximises Mattes mutual information (mattes-mi.ts), coarse to fine
 * over a Gaussian pyramid (pyramid.ts; default levels 8, 4, 2 mm), each level by Powell's method
 * (powell.ts) from the previous level's result.
 *
 * Start: unless an initial transform is given, of two starts, the identity (scanner coordinates
 * agree) and the centroid alignment of the two body masks (ITK's CenteredTransformInitializer in
 * MOMENTS mode), the one with the larger MI at the coarsest level is optimised. The
 * centre of rotation is the fixed body's centroid (HU > bodyThresholdHu at the coarsest level).
 *
 * Residual misalignment (`residualMm`): at the finest level the optimisation is run a second
 * time, from the result displaced by 3 mm along each axis and rotated 1.5 degrees about each
 * axis, on a second, independent sample set (another seed); residualMm is the mean distance
 * between the two transforms' images of the fixed body sample points (HU > bodyThresholdHu). It
 * measures how well the data pin the optimum (a flat or multi-modal optimum, or an estimate
 * dominated by sampling noise, gives a large figure), not the distance to a ground truth, which
 * a real patient does not have. The mean of the two transforms (angles and translations, about
 * the same centre) is returned; the two differ by a fraction of a degree when the figure is small.
 *
 * Why not a library: @itk-wasm/elastix 1.0.1 (Apache-2.0) was tried first and works on Node 20
 * (256x256x100 CT pair at 2x2x4 mm, its default rigid map: 6.3-6.8 s alone on a lightly loaded
 * box, 679 MB peak RSS, deterministic with RandomSeed; alternated with this module in
 * bench/registration.ts on a loaded box it took 1.05x our time and was 4-8x less accurate on the
 * phantom, 1.1 mm vs 0.14 mm at the box corners), but it is asynchronous, loads a 16 MB
 * WebAssembly pipeline from disk inside the call (file access in the imaging layer, which must do
 * no I/O), and brings 196 packages / 72 MB with it (itk-wasm 1.0.0-b.201, a beta, with axios, an
 * IPFS data-asset manager and a CLI as runtime dependencies). This module is synchronous, pure
 * and about 1,300 lines.
 */

import { InputError } from '../../core/errors.ts';
import type { Vec3, Volume } from '../../core/volume.ts';
import { checkCt, checkOverlap } from './check-input.ts';
import type { SampleSet } from './mattes-mi.ts';
import { evaluateMattesMi } from './mattes-mi.ts';
import { pyramidLevel } from './pyramid.ts';
import type { LevelFit } from './registration-level.ts';
import { bodyRegion, fitLevel, levelSamples, MIN_OVERLAP } from './registration-level.ts';
import type { RigidTransform } from './rigid-transform.ts';
import { applyRigid, composeRigid, identityRigid, recentreRigid } from './rigid-transform.ts';

type CtData = Float32Array | Int16Array;

/** Options of registerRigid (defaults in REGISTER_RIGID_DEFAULTS). */
export interface RegisterRigidOptions {
  /** Pyramid levels, mm, coarse to fine. */
  levelsMm?: readonly number[];
  /** Sample points at the finest level; coarser levels use a quarter (at least 1000). */
  samples?: number;
  /** Histogram bins per image. */
  bins?: number;
  /** Seed of the sample positions. */
  seed?: number;
  /** Powell sweeps per level at most. */
  maxIterations?: number;
  /** Body mask threshold, HU. */
  bodyThresholdHu?: number;
  /** Start from this transform instead of the identity / centroid starts. */
  initialTransform?: RigidTransform;
  /** Run the second start at the finest level for residualMm. */
  residualCheck?: boolean;
  /** Names of the two series in error messages. */
  fixedSeries?: string;
  movingSeries?: string;
}

export const REGISTER_RIGID_DEFAULTS = {
  levelsMm: [8, 4, 2],
  samples: 100000,
  bins: 32,
  seed: 1,
  maxIterations: 12,
  bodyThresholdHu: -500,
  residualCheck: true,
  fixedSeries: 'fixed CT',
  movingSeries: 'moving CT',
} as const;

/** One level's figures. */
export interface RegistrationLevel {
  levelMm: number;
  /** Fixed image voxel size at this level, mm. */
  spacingMm: Vec3;
  miNats: number;
  overlap: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/** Result of registerRigid. */
export interface RigidRegistration {
  /** Fixed LPS -> moving LPS, about the fixed body's centroid. */
  transform: RigidTransform;
  /** Mattes mutual information at the result, finest level, nats. */
  metric: number;
  metricName: 'mattes-mutual-information';
  /** Powell sweeps over all levels (the residual check's included). */
  iterations: number;
  levels: RegistrationLevel[];
  /** Mean displacement between the result and the second start's result over body points, mm. */
  residualMm: number | undefined;
  /** Fraction of the fixed samples inside the moving image at the result, finest level. */
  overlap: number;
}

const DEGREE = Math.PI / 180;

/** The rigid transform that aligns `moving` to `fixed` by Mattes MI (see module comment). */
export function registerRigid(
  fixed: Volume<CtData>,
  moving: Volume<CtData>,
  options: RegisterRigidOptions = {},
): RigidRegistration {
  const o = { ...REGISTER_RIGID_DEFAULTS, ...options };
  checkOptions(o);
  checkCt(fixed, o.fixedSeries, o.bodyThresholdHu);
  checkCt(moving, o.movingSeries, o.bodyThresholdHu);
  if (options.initialTransform === undefined) {
    checkOverlap(fixed, moving, o.fixedSeries, o.movingSeries);
  }
  const levels: RegistrationLevel[] = [];
  let current: RigidTransform | undefined;
  let radiusMm = 0;
  let iterations = 0;
  let last:
    | {
        fit: LevelFit;
        run: (start: RigidTransform, set: SampleSet) => LevelFit;
        draw: (seed: number) => SampleSet;
        samples: SampleSet;
        movingLevel: Volume<Float32Array>;
        bodyPoints: Vec3[];
      }
    | undefined;
  for (const [index, levelMm] of o.levelsMm.entries()) {
    const fixedLevel = pyramidLevel(fixed, levelMm);
    const movingLevel = pyramidLevel(moving, levelMm);
    const region = bodyRegion(fixedLevel, o.bodyThresholdHu);
    const finest = index === o.levelsMm.length - 1;
    const count = finest ? o.samples : Math.max(1000, Math.round(o.samples / 4));
    const draw = (seed: number) =>
      levelSamples(fixedLevel, movingLevel, region, count, seed, o.bins);
    const samples = draw(o.seed + index);
    const run = (start: RigidTransform, set = samples) =>
      fitLevel(set, movingLevel, start, radiusMm, levelMm, o.maxIterations, finest);
    let fit: LevelFit;
    if (current === undefined) {
      radiusMm = region.rmsRadiusMm;
      const centre = region.centroidLps;
      if (options.initialTransform !== undefined) {
        fit = run(recentreRigid(options.initialTransform, centre));
        iterations += fit.iterations;
      } else {
        const movingCentroid = bodyRegion(movingLevel, o.bodyThresholdHu).centroidLps;
        const moments: RigidTransform = {
          ...identityRigid(centre),
          translationMm: [0, 1, 2].map(
            (a) => (movingCentroid[a] ?? 0) - (centre[a] ?? 0),
          ) as unknown as Vec3,
        };
        const identity = identityRigid(centre);
        const better =
          evaluateMattesMi(samples, movingLevel, moments).miNats >
          evaluateMattesMi(samples, movingLevel, identity).miNats
            ? moments
            : identity;
        fit = run(better);
        iterations += fit.iterations;
      }
    } else {
      fit = run(current);
      iterations += fit.iterations;
    }
    levels.push({ levelMm, spacingMm: fixedLevel.spacingMm, ...pick(fit) });
    current = fit.transform;
    const bodyPoints: Vec3[] = [];
    for (let s = 0; s < samples.fixedValues.length; s++) {
      if ((samples.fixedValues[s] ?? -Infinity) > o.bodyThresholdHu) {
        const p = samples.pointsLps;
        bodyPoints.push([p[3 * s] ?? 0, p[3 * s + 1] ?? 0, p[3 * s + 2] ?? 0]);
      }
    }
    last = { fit, run, draw, samples, movingLevel, bodyPoints };
  }
  if (current === undefined || last === undefined) throw new Error('no pyramid level ran');
  let result = last.fit;
  let residualMm: number | undefined;
  if (o.residualCheck) {
    const nudge: RigidTransform = {
      rotationRad: [1.5 * DEGREE, -1.5 * DEGREE, 1.5 * DEGREE],
      translationMm: [3, -3, 3],
      centreLps: current.centreLps,
    };
    const second = last.run(composeRigid(current, nudge), last.draw(o.seed + 1000));
    iterations += second.iterations;
    residualMm = meanDisplacementMm(last.fit.transform, second.transform, last.bodyPoints);
    const mean = meanRigid(last.fit.transform, second.transform);
    const value = evaluateMattesMi(last.samples, last.movingLevel, mean);
    result = { ...result, transform: mean, miNats: value.miNats, overlap: value.overlap };
  }
  if (result.overlap < MIN_OVERLAP) {
    throw new InputError(
      { file: o.movingSeries },
      `after registration only ${(100 * result.overlap).toFixed(0)}% of ${o.fixedSeries}'s samples fall inside this CT (at least ${100 * MIN_OVERLAP}% needed)`,
      'the two CTs must show the same part of the body; give the transform in the manifest otherwise',
    );
  }
  return {
    transform: result.transform,
    metric: result.miNats,
    metricName: 'mattes-mutual-information',
    iterations,
    levels,
    residualMm,
    overlap: result.overlap,
  };
}

/** The mean of two nearby transforms about the same centre (angles and translations averaged). */
function meanRigid(a: RigidTransform, b: RigidTransform): RigidTransform {
  const mean = (u: Vec3, v: Vec3) => u.map((x, n) => (x + (v[n] ?? 0)) / 2) as unknown as Vec3;
  return {
    rotationRad: mean(a.rotationRad, b.rotationRad),
    translationMm: mean(a.translationMm, b.translationMm),
    centreLps: a.centreLps,
  };
}

/** Mean distance between the images of `points` under two transforms, mm. */
export function meanDisplacementMm(
  a: RigidTransform,
  b: RigidTransform,
  points: readonly Vec3[],
): number {
  if (points.length === 0) return NaN;
  let sum = 0;
  for (const p of points) {
    const pa = applyRigid(a, p);
    const pb = applyRigid(b, p);
    sum += Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]);
  }
  return sum / points.length;
}

function pick(fit: LevelFit): Omit<RegistrationLevel, 'levelMm' | 'spacingMm'> {
  const { miNats, overlap, iterations, evaluations, converged } = fit;
  return { miNats, overlap, iterations, evaluations, converged };
}

function checkOptions(o: Required<Omit<RegisterRigidOptions, 'initialTransform'>>): void {
  const bad = (field: string, expected: string) => {
    throw new InputError({ field: `registration.${field}` }, expected);
  };
  if (o.levelsMm.length === 0 || !o.levelsMm.every((l) => Number.isFinite(l) && l > 0)) {
    bad(
      'levelsMm',
      `pyramid levels must be positive lengths in mm, got [${o.levelsMm.join(', ')}]`,
    );
  }
  if (!(Number.isInteger(o.samples) && o.samples >= 1000))
    bad('samples', `samples must be an integer >= 1000, got ${o.samples}`);
  if (!(Number.isInteger(o.bins) && o.bins >= 8 && o.bins <= 256))
    bad('bins', `bins must be an integer in 8..256, got ${o.bins}`);
  if (!(Number.isInteger(o.maxIterations) && o.maxIterations >= 1))
    bad('maxIterations', `maxIterations must be an integer >= 1, got ${o.maxIterations}`);
  if (!Number.isFinite(o.bodyThresholdHu))
    bad('bodyThresholdHu', `bodyThresholdHu must be finite, got ${o.bodyThresholdHu}`);
}
