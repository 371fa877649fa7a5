/**
 * Resampling of a volume onto another volume's grid in the same frame of reference (CT onto PET
 * or PET onto CT of one PET/CT session; no registration). Each target voxel centre is mapped to
 * continuous source voxel coordinates through the two affine maps of core/volume.ts (any
 * orthonormal direction matrices, any spacings), then:
 * - 'linear': trilinear interpolation of the 8 surrounding source voxel centres (intensities:
 *   Bq/mL, HU); reproduces any affine function of position exactly;
 * - 'nearest': the value of the nearest source voxel (masks and labels keep their values).
 * A target point inside the source image (within half a voxel of a centre voxel, i.e. inside the
 * outer voxel faces) gets a value; between the outermost centres and the faces trilinear clamps
 * to the edge voxel. Points outside get `outsideValue` (default 0; use -1000 HU for CT).
 * The values are point samples: resampling to much coarser voxels does not average (blur first
 * with gaussian.ts if the target grid is coarser and averaging is wanted).
 */

import type { Vec3, Volume } from '../core/volume.ts';
import { voxelCount } from '../core/volume.ts';

/** 'linear' (trilinear) for intensities, 'nearest' for masks and labels. */
export type Interpolation = 'linear' | 'nearest';

/** Options of the resampling functions. */
export interface ResampleOptions {
  /** Value for target voxels outside the source image (source units); default 0. */
  outsideValue?: number;
}

type AnyData = Float32Array | Int16Array | Uint8Array;
type Grid = Omit<Volume<AnyData>, 'data'>;

/**
 * Source continuous voxel coordinates of target voxel (i, j, k) as s = A [i j k] + b: returns
 * the columns of A (the source step per target step along i, j, k) and b.
 */
export function targetToSourceAffine(
  source: Grid,
  target: Grid,
): { columns: [Vec3, Vec3, Vec3]; offset: Vec3 } {
  const ds = source.direction;
  const dt = target.direction;
  // source ijk = S^-1 Ds^T (Dt T ijk_t + o_t - o_s); column c: S^-1 Ds^T (dt column c) t_c.
  const toSource = (v: Vec3): Vec3 => [
    (ds[0] * v[0] + ds[3] * v[1] + ds[6] * v[2]) / source.spacingMm[0],
    (ds[1] * v[0] + ds[4] * v[1] + ds[7] * v[2]) / source.spacingMm[1],
    (ds[2] * v[0] + ds[5] * v[1] + ds[8] * v[2]) / source.spacingMm[2],
  ];
  const column = (c: 0 | 1 | 2): Vec3 => {
    const t = target.spacingMm[c];
    return toSource([dt[c] * t, (dt[3 + c] ?? 0) * t, (dt[6 + c] ?? 0) * t]);
  };
  const offset = toSource([
    target.originLps[0] - source.originLps[0],
    target.originLps[1] - source.originLps[1],
    target.originLps[2] - source.originLps[2],
  ]);
  return { columns: [column(0), column(1), column(2)], offset };
}

/** `source` resampled onto the grid of `target` by trilinear interpolation (Float32, source units). */
export function resampleLinear(
  source: Volume<AnyData>,
  target: Grid,
  options: ResampleOptions = {},
): Volume<Float32Array> {
  const out = new Float32Array(voxelCount(target.size));
  const outside = options.outsideValue ?? 0;
  const [nx, ny, nz] = source.size;
  const data = source.data;
  forEachTargetVoxel(source, target, (n, x, y, z) => {
    if (x < -0.5 || y < -0.5 || z < -0.5 || x >= nx - 0.5 || y >= ny - 0.5 || z >= nz - 0.5) {
      out[n] = outside;
      return;
    }
    const cx = Math.min(Math.max(x, 0), nx - 1);
    const cy = Math.min(Math.max(y, 0), ny - 1);
    const cz = Math.min(Math.max(z, 0), nz - 1);
    const i0 = Math.min(Math.floor(cx), Math.max(nx - 2, 0));
    const j0 = Math.min(Math.floor(cy), Math.max(ny - 2, 0));
    const k0 = Math.min(Math.floor(cz), Math.max(nz - 2, 0));
    const fx = cx - i0;
    const fy = cy - j0;
    const fz = cz - k0;
    const sx = nx > 1 ? 1 : 0;
    const sy = ny > 1 ? nx : 0;
    const sz = nz > 1 ? nx * ny : 0;
    const base = i0 + nx * (j0 + ny * k0);
    const v000 = data[base] ?? 0;
    const v100 = data[base + sx] ?? 0;
    const v010 = data[base + sy] ?? 0;
    const v110 = data[base + sx + sy] ?? 0;
    const v001 = data[base + sz] ?? 0;
    const v101 = data[base + sx + sz] ?? 0;
    const v011 = data[base + sy + sz] ?? 0;
    const v111 = data[base + sx + sy + sz] ?? 0;
    const a = v000 + fx * (v100 - v000);
    const b = v010 + fx * (v110 - v010);
    const c = v001 + fx * (v101 - v001);
    const d = v011 + fx * (v111 - v011);
    const e = a + fy * (b - a);
    const f = c + fy * (d - c);
    out[n] = e + fz * (f - e);
  });
  return { ...gridOf(target), data: out };
}

/** `source` resampled onto the grid of `target` by nearest neighbour (same array type as source). */
export function resampleNearest<D extends AnyData>(
  source: Volume<D>,
  target: Grid,
  options: ResampleOptions = {},
): Volume<D> {
  const count = voxelCount(target.size);
  const out = new (source.data.constructor as new (length: number) => D)(count);
  const outside = options.outsideValue ?? 0;
  const [nx, ny, nz] = source.size;
  const data = source.data;
  forEachTargetVoxel(source, target, (n, x, y, z) => {
    // Round half up (floor(x + 0.5)) so that a point on a voxel face goes to the same side always.
    const i = Math.floor(x + 0.5);
    const j = Math.floor(y + 0.5);
    const k = Math.floor(z + 0.5);
    out[n] =
      i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz
        ? outside
        : (data[i + nx * (j + ny * k)] ?? outside);
  });
  return { ...gridOf(target), data: out };
}

/** `source` on the grid of `target` with the given interpolation (see resampleLinear/Nearest). */
export function resampleToGrid(
  source: Volume<AnyData>,
  target: Grid,
  interpolation: Interpolation,
  options: ResampleOptions = {},
): Volume<AnyData> {
  return interpolation === 'linear'
    ? resampleLinear(source, target, options)
    : resampleNearest(source, target, options);
}

/**
 * Calls visit(linear target index, source x, y, z) for every target voxel, incrementally (the
 * geometry shared by the resamplers here and in resample-cubic.ts).
 */
export function forEachTargetVoxel(
  source: Grid,
  target: Grid,
  visit: (n: number, x: number, y: number, z: number) => void,
): void {
  const { columns, offset } = targetToSourceAffine(source, target);
  const [ci, cj, ck] = columns;
  const [tx, ty, tz] = target.size;
  // Snap round-off (2.9999999999999996, 1.4999999999999998) to the nearest whole or half voxel
  // within 1e-9, so that grids that coincide give exact weights and stable nearest-voxel ties.
  const snap = (v: number) => {
    const r = Math.round(2 * v) / 2;
    return Math.abs(v - r) < 1e-9 ? r : v;
  };
  let n = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      const x0 = offset[0] + cj[0] * j + ck[0] * k;
      const y0 = offset[1] + cj[1] * j + ck[1] * k;
      const z0 = offset[2] + cj[2] * j + ck[2] * k;
      for (let i = 0; i < tx; i++) {
        visit(n++, snap(x0 + ci[0] * i), snap(y0 + ci[1] * i), snap(z0 + ci[2] * i));
      }
    }
  }
}

function gridOf(grid: Grid): Grid {
  return {
    size: grid.size,
    spacingMm: grid.spacingMm,
    originLps: grid.originLps,
    direction: grid.direction,
  };
}
