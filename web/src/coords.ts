/**
 * Geometry at the viewer's edge, pure: DICOM/iodose points are LPS mm, niivue's world is NIfTI RAS
 * mm, and RAS = diag(-1, -1, 1) LPS (nifti1.h, "3D IMAGE (VOLUME) ORIENTATION AND LOCATION IN
 * SPACE"; the same flip src/io/nifti/write-nifti.ts applies). Voxel <-> LPS follows the PET grid of
 * a SessionView: LPS = origin + D (s_i i, s_j j, s_k k), D row-major with the axes as COLUMNS, so a
 * voxel index is the voxel's centre (i, j, k integers at voxel centres, as in DICOM and NIfTI).
 * Written out here (18 lines of 3x3 algebra) because web/ imports of src/ only the API types.
 */
import type { PointLps, SessionView } from '../../src/server/api-types.ts';

export type Grid = SessionView['petGrid'];
/** A point in NIfTI RAS mm (niivue's world). */
export type PointRas = [number, number, number];
/** Continuous voxel indices (i, j, k); integers are voxel centres. */
export type Voxel = [number, number, number];

export function lpsToRas(p: readonly number[]): PointRas {
  return [-(p[0] ?? NaN), -(p[1] ?? NaN), p[2] ?? NaN];
}

export function rasToLps(p: readonly number[]): PointLps {
  return [-(p[0] ?? NaN), -(p[1] ?? NaN), p[2] ?? NaN];
}

/** The 3x3 matrix M = D diag(spacing), row-major: LPS = origin + M ijk. */
function voxelMatrix(grid: Grid): number[] {
  const d = grid.direction;
  if (d.length !== 9 || d.some((v) => !Number.isFinite(v))) {
    throw new Error(`petGrid.direction: 9 finite numbers expected, got ${JSON.stringify(d)}`);
  }
  return d.map((v, n) => v * grid.spacingMm[n % 3]!);
}

export function voxelToLps(grid: Grid, ijk: readonly number[]): PointLps {
  const m = voxelMatrix(grid);
  const out = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    out[r] =
      grid.originLps[r]! + m[3 * r]! * ijk[0]! + m[3 * r + 1]! * ijk[1]! + m[3 * r + 2]! * ijk[2]!;
  }
  return out as PointLps;
}

/** Inverse of voxelToLps (general 3x3 inverse by cofactors: D need not be exactly orthonormal). */
export function lpsToVoxel(grid: Grid, pointLps: readonly number[]): Voxel {
  const [a, b, c, d, e, f, g, h, i] = voxelMatrix(grid) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (Math.abs(det) < 1e-12) throw new Error('petGrid: the direction/spacing matrix is singular');
  const inv = [
    e * i - f * h,
    c * h - b * i,
    b * f - c * e,
    f * g - d * i,
    a * i - c * g,
    c * d - a * f,
    d * h - e * g,
    b * g - a * h,
    a * e - b * d,
  ].map((v) => v / det);
  const rel = [0, 1, 2].map((n) => pointLps[n]! - grid.originLps[n]!);
  return [0, 1, 2].map(
    (r) => inv[3 * r]! * rel[0]! + inv[3 * r + 1]! * rel[1]! + inv[3 * r + 2]! * rel[2]!,
  ) as Voxel;
}

/** The nearest voxel's flat index (i + nx (j + ny k)) or null outside the grid. */
export function voxelIndex(grid: Grid, pointLps: readonly number[]): number | null {
  const v = lpsToVoxel(grid, pointLps).map(Math.round);
  const [nx, ny, nz] = grid.size;
  const [i, j, k] = v as Voxel;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return null;
  return i + nx * (j + ny * k);
}
