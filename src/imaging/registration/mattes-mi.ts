/**
 * Mutual information of a fixed and a moving image over a fixed set of sample points, with the
 * Parzen-window joint histogram of Mattes et al. 2003 (IEEE Trans Med Imaging 22:120, "PET-CT
 * image registration in the chest using free-form deformations", section II.B): a zero-order
 * (box) window on the fixed intensity and a cubic B-spline window on the moving intensity, so
 * that the metric is a continuous function of the transform; MI = sum p(f,m) ln(p(f,m) /
 * (p(f) p(m))), nats (Maes et al. 1997, IEEE TMI 16:187; Wells et al. 1996, Med Image Anal 1:35).
 *
 * Samples: `count` points drawn uniformly at continuous (not voxel-centre) positions of a box of
 * the fixed grid with a seeded generator (numerics/random.ts), as Mattes et al. and elastix do
 * ("RandomCoordinate"), then ordered by fixed voxel; off-grid points avoid the interpolation artefacts of MI on grid-aligned
 * samples (Pluim et al. 2000, Comput Vis Image Underst 77:211). The set is drawn once per level
 * and kept, so the metric is deterministic. The moving image is read by trilinear
 * interpolation; samples whose moving point falls outside the moving image are left out (ITK's
 * rule), and the fraction kept is reported as the overlap.
 * Intensities are clamped to [-1024, 3071] (the 12-bit CT range) before binning.
 */

import type { Vec3, Volume } from '../../core/volume.ts';
import { ijkToLps } from '../../core/volume.ts';
import type { Random } from '../../numerics/random.ts';
import type { RigidTransform } from './rigid-transform.ts';
import {
  applyRigid,
  eulerToMatrix,
  mulMat3,
  mulMat3Vec,
  transposeMat3,
} from './rigid-transform.ts';

/** Clamp range of CT intensities for binning, HU (12-bit CT range). */
export const HU_CLAMP: readonly [number, number] = [-1024, 3071];

/** A fixed sample set with its fixed-intensity bins and the moving-intensity binning. */
export interface SampleSet {
  /** LPS positions, x y z per sample, mm. */
  pointsLps: Float64Array;
  /** Fixed-image trilinear values (HU, clamped) per sample. */
  fixedValues: Float32Array;
  /** Fixed bin (0 .. bins-1) per sample. */
  fixedBins: Int32Array;
  bins: number;
  movingMin: number;
  movingBinWidth: number;
}

/** Value of the result of evaluateMattesMi. */
export interface MetricValue {
  /** Mutual information, nats (>= 0; larger = better aligned). */
  miNats: number;
  /** Fraction of the samples whose moving point lay inside the moving image. */
  overlap: number;
}

const clamp = (v: number) => Math.min(Math.max(v, HU_CLAMP[0]), HU_CLAMP[1]);

/** Trilinear value at continuous voxel coordinates inside [0, n-1]^3, else NaN. */
export function trilinearAt(volume: Volume<Float32Array>, x: number, y: number, z: number): number {
  const [nx, ny, nz] = volume.size;
  if (!(x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1)) return NaN;
  const i = Math.min(Math.floor(x), nx - 2);
  const j = Math.min(Math.floor(y), ny - 2);
  const k = Math.min(Math.floor(z), nz - 2);
  const fx = x - i;
  const fy = y - j;
  const fz = z - k;
  const d = volume.data;
  const sy = nx;
  const sz = nx * ny;
  const n = i + nx * (j + ny * k);
  const v000 = d[n] ?? 0;
  const v100 = d[n + 1] ?? 0;
  const v010 = d[n + sy] ?? 0;
  const v110 = d[n + 1 + sy] ?? 0;
  const v001 = d[n + sz] ?? 0;
  const v101 = d[n + 1 + sz] ?? 0;
  const v011 = d[n + sy + sz] ?? 0;
  const v111 = d[n + 1 + sy + sz] ?? 0;
  const a = v000 + fx * (v100 - v000);
  const b = v010 + fx * (v110 - v010);
  const c = v001 + fx * (v101 - v001);
  const e = v011 + fx * (v111 - v011);
  const f = a + fy * (b - a);
  const g = c + fy * (e - c);
  return f + fz * (g - f);
}

/**
 * `count` samples at uniform continuous positions of the voxel box [lo, hi] (continuous ijk of
 * the fixed level image), binned in `bins` bins; moving intensities are binned over
 * [movingRange] with two padding bins each side for the cubic window.
 */
export function drawSamples(
  fixed: Volume<Float32Array>,
  box: { lo: Vec3; hi: Vec3 },
  count: number,
  random: Random,
  bins: number,
  movingRange: readonly [number, number],
): SampleSet {
  const drawn: Vec3[] = [];
  for (let s = 0; s < count; s++) {
    drawn.push([
      box.lo[0] + random() * (box.hi[0] - box.lo[0]),
      box.lo[1] + random() * (box.hi[1] - box.lo[1]),
      box.lo[2] + random() * (box.hi[2] - box.lo[2]),
    ]);
  }
  // In slice, row, column order: the moving image is then read nearly in memory order (cache).
  const [nx, ny] = fixed.size;
  const key = (q: Vec3) => Math.floor(q[0]) + nx * (Math.floor(q[1]) + ny * Math.floor(q[2]));
  drawn.sort((a, b) => key(a) - key(b));
  const pointsLps = new Float64Array(3 * count);
  const fixedValues = new Float32Array(count);
  drawn.forEach((ijk, s) => {
    pointsLps.set(ijkToLps(fixed, ijk), 3 * s);
    fixedValues[s] = clamp(trilinearAt(fixed, ijk[0], ijk[1], ijk[2]));
  });
  let fMin = Infinity;
  let fMax = -Infinity;
  for (const v of fixedValues) {
    fMin = Math.min(fMin, v);
    fMax = Math.max(fMax, v);
  }
  const fWidth = (fMax - fMin) / bins || 1;
  const fixedBins = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    fixedBins[s] = Math.min(bins - 1, Math.floor(((fixedValues[s] ?? fMin) - fMin) / fWidth));
  }
  const mMin = clamp(movingRange[0]);
  const mMax = clamp(movingRange[1]);
  const movingBinWidth = (mMax - mMin) / (bins - 5) || 1;
  return { pointsLps, fixedValues, fixedBins, bins, movingMin: mMin, movingBinWidth };
}

/** Min and max of a volume's data, clamped to HU_CLAMP. */
export function intensityRange(volume: Volume<Float32Array>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of volume.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [clamp(lo), clamp(hi)];
}

/** Mattes MI of the samples against `moving` read at T(p) (see module comment). */
export function evaluateMattesMi(
  samples: SampleSet,
  moving: Volume<Float32Array>,
  transform: RigidTransform,
): MetricValue {
  const { bins, movingMin, movingBinWidth, pointsLps, fixedBins } = samples;
  // Fixed LPS -> moving continuous ijk: q = S^-1 D^T (R p + offset - o).
  const dt = transposeMat3(moving.direction);
  const m = mulMat3(dt, eulerToMatrix(transform.rotationRad));
  const offset = applyRigid(transform, [0, 0, 0]);
  const o = moving.originLps;
  const shift = mulMat3Vec(dt, [offset[0] - o[0], offset[1] - o[1], offset[2] - o[2]]);
  const [sx, sy, sz] = moving.spacingMm;
  const [a0, a1, a2] = [m[0] / sx, m[1] / sx, m[2] / sx];
  const [a3, a4, a5] = [m[3] / sy, m[4] / sy, m[5] / sy];
  const [a6, a7, a8] = [m[6] / sz, m[7] / sz, m[8] / sz];
  const [b0, b1, b2] = [shift[0] / sx, shift[1] / sy, shift[2] / sz];
  const joint = new Float64Array(bins * bins);
  const count = fixedBins.length;
  const data = moving.data;
  const [nx, ny, nz] = moving.size;
  const xMax = nx - 1;
  const yMax = ny - 1;
  const zMax = nz - 1;
  const sliceStride = nx * ny;
  const [lo, hi] = HU_CLAMP;
  let kept = 0;
  for (let s = 0; s < count; s++) {
    const px = pointsLps[3 * s] ?? 0;
    const py = pointsLps[3 * s + 1] ?? 0;
    const pz = pointsLps[3 * s + 2] ?? 0;
    const x = a0 * px + a1 * py + a2 * pz + b0;
    const y = a3 * px + a4 * py + a5 * pz + b1;
    const z = a6 * px + a7 * py + a8 * pz + b2;
    if (!(x >= 0 && y >= 0 && z >= 0 && x <= xMax && y <= yMax && z <= zMax)) continue;
    kept++;
    // Trilinear interpolation (as trilinearAt, inlined: this loop is the registration's cost).
    const i = Math.min(Math.floor(x), nx - 2);
    const j = Math.min(Math.floor(y), ny - 2);
    const k = Math.min(Math.floor(z), nz - 2);
    const fx = x - i;
    const fy = y - j;
    const fz = z - k;
    const n = i + nx * j + sliceStride * k;
    const v000 = data[n] ?? 0;
    const v100 = data[n + 1] ?? 0;
    const v010 = data[n + nx] ?? 0;
    const v110 = data[n + 1 + nx] ?? 0;
    const v001 = data[n + sliceStride] ?? 0;
    const v101 = data[n + 1 + sliceStride] ?? 0;
    const v011 = data[n + nx + sliceStride] ?? 0;
    const v111 = data[n + 1 + nx + sliceStride] ?? 0;
    const ca = v000 + fx * (v100 - v000);
    const cb = v010 + fx * (v110 - v010);
    const cc = v001 + fx * (v101 - v001);
    const cd = v011 + fx * (v111 - v011);
    const ce = ca + fy * (cb - ca);
    let value = ce + fz * (cc + fy * (cd - cc) - ce);
    value = value < lo ? lo : value > hi ? hi : value;
    const u = (value - movingMin) / movingBinWidth + 2;
    const m = Math.floor(u);
    const f = u - m;
    const f2 = f * f;
    const f3 = f2 * f;
    const row = (fixedBins[s] ?? 0) * bins + m - 1;
    // Cubic B-spline weights of bins m-1 .. m+2 (sum 1).
    joint[row] = (joint[row] ?? 0) + (1 - 3 * f + 3 * f2 - f3) / 6;
    joint[row + 1] = (joint[row + 1] ?? 0) + (3 * f3 - 6 * f2 + 4) / 6;
    joint[row + 2] = (joint[row + 2] ?? 0) + (-3 * f3 + 3 * f2 + 3 * f + 1) / 6;
    joint[row + 3] = (joint[row + 3] ?? 0) + f3 / 6;
  }
  return { miNats: kept > 0 ? mutualInformation(joint, bins, kept) : 0, overlap: kept / count };
}

/** MI (nats) of a joint histogram (row = fixed bin, column = moving bin) of total weight `total`. */
function mutualInformation(joint: Float64Array, bins: number, total: number): number {
  const pf = new Float64Array(bins);
  const pm = new Float64Array(bins);
  for (let f = 0; f < bins; f++) {
    for (let m = 0; m < bins; m++) {
      const h = joint[f * bins + m] ?? 0;
      pf[f] = (pf[f] ?? 0) + h;
      pm[m] = (pm[m] ?? 0) + h;
    }
  }
  let mi = 0;
  for (let f = 0; f < bins; f++) {
    const rowSum = pf[f] ?? 0;
    if (rowSum <= 0) continue;
    for (let m = 0; m < bins; m++) {
      const h = joint[f * bins + m] ?? 0;
      if (h > 0) mi += h * Math.log((h * total) / (rowSum * (pm[m] ?? 1)));
    }
  }
  return mi / total;
}
