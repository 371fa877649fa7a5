/**
 * 131I voxel S-value kernels in soft tissue (Lanconelli et al. 2012, Phys Med Biol 57:517, Monte
 * Carlo in an unbounded soft-tissue medium, 1.04 g/mL), from data/voxel-s-values/
 * I-131-voxel-s-values-soft.json (made by scripts/convert-voxel-s-values.ts from the shipped text
 * files; provenance inside it). The kernel is 11 x 11 x 11 voxels (offsets -5..5) in Gy/(Bq s):
 * dose to a voxel per decay in the voxel at that offset.
 *
 * For a PET grid spacing (kernelForSpacing):
 * - isotropic within 0.5% and within 0.5% of a tabulated size: that table (S0 ~ L^-3, so a 0.5%
 *   size mismatch is <= 1.5% in the self-dose);
 * - otherwise the kernel of the equal-volume cube L = (sx sy sz)^(1/3), interpolated log-log in
 *   voxel size per offset between the bracketing tabulated sizes (log S linear in log L; beyond
 *   the table, down to 2.21/1.15 mm and up to 9.28 x 1.15 mm, extrapolated from the end size and
 *   the size about 25% away). Measured against the tables themselves (leave-one-out, test/physics/
 *   voxel-kernels.test.ts): the mean self-dose of voxelised spheres of 19 and 81 voxels is within
 *   0.6% of the left-out table (4.0 mm from 3.9 and 4.42 mm: 0.01%; 6.0 from 5 and 6.8: 0.4%;
 *   2.21 mm extrapolated from 2.4 and 3.0: 0.07%); single elements differ by up to 4% (3.0 mm from
 *   2.4 and 3.59: the widest gap);
 * - an anisotropic grid (max/min spacing > 1.005) samples that equal-volume kernel at the physical
 *   offsets (i sx, j sy, k sz) / L, trilinear in log S between integer offsets; offsets beyond 5 in
 *   any axis are 0 (the tabulated support); the off-centre values are then scaled so that the
 *   energy absorbed within the kernel, sum S m, equals that of the equal-volume kernel (energy
 *   conservation; the self-voxel value is kept).
 */
import table from '../../../data/voxel-s-values/I-131-voxel-s-values-soft.json' with { type: 'json' };
import { InputError } from '../../core/errors.ts';
import type { Vec3 } from '../../core/volume.ts';

/** Half-width of the kernel in voxels (offsets -5..5). */
export const KERNEL_HALF_WIDTH = 5;
/** Kernel edge length in voxels (11). */
export const KERNEL_WIDTH = 2 * KERNEL_HALF_WIDTH + 1;
/** Density of the kernel medium, g/mL (Lanconelli 2012 soft tissue; data file provenance). */
export const KERNEL_DENSITY_G_PER_ML: number = table.provenance.densityGPerMl;
/** Tabulated cubic voxel sizes, mm, ascending. */
export const TABULATED_VOXEL_MM: readonly number[] = table.kernels.map((k) => k.voxelMm);

/** Relative tolerance of "isotropic" and "at a tabulated size" (see the file comment). */
export const SPACING_TOLERANCE = 0.005;
/** How far beyond the tabulated sizes the kernel is extrapolated (factor 1.15). */
export const EXTRAPOLATION_FACTOR = 1.15;
/** Gy/(Bq s) per mGy/(MBq s). */
const GY_PER_BQ_S_PER_MGY_PER_MBQ_S = 1e-9;

/** A kernel for a grid: values, how it was obtained, and the source. */
export interface VoxelKernelForGrid {
  /** S(i, j, k) in Gy/(Bq s) at data[(i + 5) + 11 ((j + 5) + 11 (k + 5))]. */
  kernelGyPerBqS: Float32Array;
  kernelSize: Vec3;
  method: 'tabulated' | 'size-interpolated' | 'size-interpolated-anisotropic';
  /** Edge of the equal-volume cube, mm. */
  equivalentCubeMm: number;
  /** The tabulated sizes used, mm. */
  tabulatedMm: number[];
  source: string;
}

const SOURCE = 'Lanconelli et al. 2012 (Phys Med Biol 57:517), 131I, soft tissue 1.04 g/mL';
const OCTANTS: readonly (readonly (readonly number[])[])[][] = table.kernels.map((k) => k.octant);

/** Octant value S(|i|, |j|, |k|) of tabulated kernel `t`, mGy/(MBq s). */
function octantAt(t: number, i: number, j: number, k: number): number {
  const v = OCTANTS[t]?.[Math.abs(i)]?.[Math.abs(j)]?.[Math.abs(k)];
  if (v === undefined) throw new Error(`voxel kernel ${t}: offset (${i}, ${j}, ${k}) outside`);
  return v;
}

/** Index of the tabulated size `mm` (exact), or -1. */
function tableIndex(mm: number): number {
  return TABULATED_VOXEL_MM.findIndex((s) => Math.abs(mm / s - 1) <= 1e-12);
}

/** The tabulated pair a cube of edge `edgeMm` is interpolated (or extrapolated) between. */
function bracketing(edgeMm: number): [number, number] {
  const sizes = TABULATED_VOXEL_MM;
  const n = sizes.length;
  const exact = tableIndex(edgeMm);
  if (exact >= 0) return [exact, exact];
  if (edgeMm < sizes[0]!) return [0, sizes.findIndex((s) => s >= 1.25 * sizes[0]!)];
  if (edgeMm > sizes[n - 1]!) return [n - 1, n - 2];
  const b = sizes.findIndex((s) => s > edgeMm);
  return [b - 1, b];
}

/** Octant (6 x 6 x 6, [i][j][k] at i + 6 (j + 6 k)), Gy/(Bq s), log-log between tables a, b. */
function cubicOctant(edgeMm: number, a: number, b: number): Float64Array {
  const la = TABULATED_VOXEL_MM[a]!;
  const lb = TABULATED_VOXEL_MM[b]!;
  const t = a === b ? 0 : Math.log(edgeMm / la) / Math.log(lb / la);
  const w = KERNEL_HALF_WIDTH + 1;
  const octant = new Float64Array(w * w * w);
  for (let i = 0; i < w; i++)
    for (let j = 0; j < w; j++)
      for (let k = 0; k < w; k++) {
        const sa = Math.log(octantAt(a, i, j, k));
        const sb = Math.log(octantAt(b, i, j, k));
        octant[i + w * (j + w * k)] = Math.exp(sa + t * (sb - sa)) * GY_PER_BQ_S_PER_MGY_PER_MBQ_S;
      }
  return octant;
}

/** The full kernel from an octant (isotropic) or sampled at scaled offsets (anisotropic). */
function fullKernel(octant: Float64Array, scale: Vec3 | null): Float32Array {
  const w = KERNEL_WIDTH;
  const h = KERNEL_HALF_WIDTH;
  const o = h + 1;
  const kernel = new Float32Array(w * w * w);
  for (let k = -h; k <= h; k++)
    for (let j = -h; j <= h; j++)
      for (let i = -h; i <= h; i++) {
        const [x, y, z] = [Math.abs(i), Math.abs(j), Math.abs(k)];
        kernel[i + h + w * (j + h + w * (k + h))] =
          scale === null
            ? octant[x + o * (y + o * z)]!
            : sampleOctant(octant, x * scale[0], y * scale[1], z * scale[2]);
      }
  return kernel;
}

/**
 * The cubic kernel of edge `edgeMm` interpolated log-log between the two tabulated sizes
 * `betweenMm` (for the leave-one-out error test; kernelForSpacing picks the pair itself).
 */
export function interpolatedCubicKernel(edgeMm: number, betweenMm: [number, number]): Float32Array {
  const [a, b] = betweenMm.map(tableIndex) as [number, number];
  if (a < 0 || b < 0 || a === b)
    throw new Error(`not two tabulated sizes: ${betweenMm.join(', ')}`);
  return fullKernel(cubicOctant(edgeMm, a, b), null);
}

/** Trilinear interpolation of log S in the octant at non-negative offsets; 0 beyond 5. */
function sampleOctant(octant: Float64Array, x: number, y: number, z: number): number {
  const w = KERNEL_HALF_WIDTH + 1;
  if (x > KERNEL_HALF_WIDTH || y > KERNEL_HALF_WIDTH || z > KERNEL_HALF_WIDTH) return 0;
  const i0 = Math.min(Math.floor(x), KERNEL_HALF_WIDTH - 1);
  const j0 = Math.min(Math.floor(y), KERNEL_HALF_WIDTH - 1);
  const k0 = Math.min(Math.floor(z), KERNEL_HALF_WIDTH - 1);
  const [fx, fy, fz] = [x - i0, y - j0, z - k0];
  let sum = 0;
  for (let di = 0; di <= 1; di++)
    for (let dj = 0; dj <= 1; dj++)
      for (let dk = 0; dk <= 1; dk++) {
        const weight = (di ? fx : 1 - fx) * (dj ? fy : 1 - fy) * (dk ? fz : 1 - fz);
        if (weight === 0) continue;
        sum += weight * Math.log(octant[i0 + di + w * (j0 + dj + w * (k0 + dk))]!);
      }
  return Math.exp(sum);
}

/** The full 11 x 11 x 11 kernel of the tabulated cubic voxel size `voxelMm`, Gy/(Bq s). */
export function tabulatedKernel(voxelMm: number): Float32Array {
  if (!TABULATED_VOXEL_MM.includes(voxelMm)) {
    throw new InputError(
      { field: 'voxelMm' },
      `expected a tabulated voxel size (${TABULATED_VOXEL_MM.join(', ')} mm), got ${voxelMm}`,
      'use kernelForSpacing for other grids',
    );
  }
  return kernelForSpacing([voxelMm, voxelMm, voxelMm]).kernelGyPerBqS;
}

/** The 11 x 11 x 11 131I kernel for a grid of spacing `spacingMm` (method: file comment). */
export function kernelForSpacing(spacingMm: Vec3): VoxelKernelForGrid {
  if (!spacingMm.every((s) => Number.isFinite(s) && s > 0)) {
    throw new InputError(
      { field: 'spacingMm' },
      `expected three positive voxel spacings in mm, got ${spacingMm.join(', ')}`,
    );
  }
  const cubeMm = Math.cbrt(spacingMm[0] * spacingMm[1] * spacingMm[2]);
  const lo = TABULATED_VOXEL_MM[0]! / EXTRAPOLATION_FACTOR;
  const hi = TABULATED_VOXEL_MM[TABULATED_VOXEL_MM.length - 1]! * EXTRAPOLATION_FACTOR;
  if (cubeMm < lo || cubeMm > hi) {
    throw new InputError(
      { field: 'spacingMm' },
      `expected a PET voxel of ${lo.toFixed(2)}-${hi.toFixed(2)} mm (equal-volume cube; the 131I voxel S-values are tabulated for 2.21-9.28 mm), got ${spacingMm.join(' x ')} mm`,
      'resample the PET to a voxel size within that range for voxel dosimetry',
    );
  }
  const isotropic = Math.max(...spacingMm) / Math.min(...spacingMm) <= 1 + SPACING_TOLERANCE;
  const nearest = TABULATED_VOXEL_MM.reduce((best, s) =>
    Math.abs(s / cubeMm - 1) < Math.abs(best / cubeMm - 1) ? s : best,
  );
  const atTable = isotropic && Math.abs(nearest / cubeMm - 1) <= SPACING_TOLERANCE;
  const edgeMm = atTable ? nearest : cubeMm;
  const [ia, ib] = bracketing(edgeMm);
  const octant = cubicOctant(edgeMm, ia, ib);
  const tabulatedMm = [...new Set([TABULATED_VOXEL_MM[ia]!, TABULATED_VOXEL_MM[ib]!])];
  const scale: Vec3 | null = isotropic
    ? null
    : [spacingMm[0] / cubeMm, spacingMm[1] / cubeMm, spacingMm[2] / cubeMm];
  const kernel = fullKernel(octant, scale);
  if (!isotropic) conserveEnergy(kernel, octant);
  return {
    kernelGyPerBqS: kernel,
    kernelSize: [KERNEL_WIDTH, KERNEL_WIDTH, KERNEL_WIDTH],
    method: atTable
      ? 'tabulated'
      : isotropic
        ? 'size-interpolated'
        : 'size-interpolated-anisotropic',
    equivalentCubeMm: cubeMm,
    tabulatedMm,
    source: `${SOURCE}; ${atTable ? `${nearest} mm table` : `interpolated at ${cubeMm.toFixed(3)} mm from ${tabulatedMm.join(' and ')} mm`}`,
  };
}

/** Scales the off-centre values so sum S equals the cubic kernel's (equal voxel masses). */
function conserveEnergy(kernel: Float32Array, octant: Float64Array): void {
  const o = KERNEL_HALF_WIDTH + 1;
  const centre = (kernel.length - 1) / 2;
  let target = -octant[0]!;
  for (let z = 0; z < o; z++)
    for (let y = 0; y < o; y++)
      for (let x = 0; x < o; x++)
        target += octant[x + o * (y + o * z)]! * (x ? 2 : 1) * (y ? 2 : 1) * (z ? 2 : 1);
  let current = 0;
  kernel.forEach((v, i) => (current += i === centre ? 0 : v));
  const factor = target / current;
  for (let i = 0; i < kernel.length; i++) if (i !== centre) kernel[i] = kernel[i]! * factor;
}
