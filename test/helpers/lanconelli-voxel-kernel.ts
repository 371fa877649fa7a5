/**
 * Test-side reader of the Lanconelli et al. (2012, Phys Med Biol 57:517) voxel S-value files as
 * shipped by MGHPhysicsResearch/MIRDCalculation (data/voxel-s-values/131I/): Latin-1 text, CRLF
 * line ends, two header lines ("I131 - 4.42mm - Soft tissue", "i j k S [mGy/(MBq·s)]"), then
 * tab-separated rows i j k S for one octant (i, j, k = 0..5) of an 11 x 11 x 11 kernel.
 */
import { readFileSync } from 'node:fs';

/** Voxel S-value kernel: S(|di|, |dj|, |dk|) in mGy/(MBq s) for offsets 0..5. */
export interface VoxelKernel {
  voxelMm: number;
  /** values[i][j][k], mGy/(MBq s). */
  values: number[][][];
}

/** Reads one Lanconelli voxel S-value file (path relative to the working directory). */
export function readLanconelliKernel(path: string): VoxelKernel {
  const text = readFileSync(path, 'latin1');
  const lines = text.split(/\r?\n/);
  const header = lines[0] ?? '';
  const size = /-\s*([\d.]+)\s*mm/.exec(header);
  if (size?.[1] === undefined) throw new Error(`${path}: no voxel size in header "${header}"`);
  const values = Array.from({ length: 6 }, () =>
    Array.from({ length: 6 }, () => new Array<number>(6).fill(Number.NaN)),
  );
  for (const line of lines.slice(2)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4) continue;
    const [i, j, k, s] = parts.map(Number) as [number, number, number, number];
    values[i]![j]![k] = s;
  }
  for (const plane of values)
    for (const row of plane)
      if (row.some((v) => !Number.isFinite(v))) throw new Error(`${path}: incomplete octant`);
  return { voxelMm: Number(size[1]), values };
}

/** S for any offset (di, dj, dk) in -5..5 by symmetry, mGy/(MBq s). */
export function kernelAt(kernel: VoxelKernel, di: number, dj: number, dk: number): number {
  const value = kernel.values[Math.abs(di)]?.[Math.abs(dj)]?.[Math.abs(dk)];
  if (value === undefined) throw new Error(`offset (${di}, ${dj}, ${dk}) outside the kernel`);
  return value;
}

/** Voxel offsets whose centres lie within `radiusVoxels` of the centre voxel's centre. */
export function voxelisedSphere(radiusVoxels: number): [number, number, number][] {
  const n = Math.floor(radiusVoxels);
  const voxels: [number, number, number][] = [];
  for (let i = -n; i <= n; i++)
    for (let j = -n; j <= n; j++)
      for (let k = -n; k <= n; k++)
        if (i * i + j * j + k * k <= radiusVoxels * radiusVoxels) voxels.push([i, j, k]);
  return voxels;
}

/**
 * Mean absorbed dose per unit total activity in a voxelised sphere of uniform activity,
 * (1/N^2) sum_i sum_j S(i - j), mGy/(MBq s); all pairs must lie within the kernel support.
 */
export function meanSelfDoseOfVoxelSet(
  kernel: VoxelKernel,
  voxels: readonly [number, number, number][],
): number {
  let sum = 0;
  for (const [ai, aj, ak] of voxels)
    for (const [bi, bj, bk] of voxels) sum += kernelAt(kernel, ai - bi, aj - bj, ak - bk);
  return sum / (voxels.length * voxels.length);
}
