/**
 * Voxel values under a point, read from the volumes niivue loaded. PET: the nearest voxel of the
 * SessionView's PET grid (coords.ts; NVImage.img keeps the file's voxel order i + nx (j + ny k)),
 * so the number is the one the server computes with. CT: niivue's own mm -> voxel of the CT file.
 * Both apply the header's scl_slope/scl_inter the way niivue does (slope 0 or NaN means 1).
 */
import type { NVImage } from '@niivue/niivue';
import type { PointLps } from '../../../src/server/api-types.ts';
import { voxelIndex, type Grid, type PointRas } from '../coords.ts';

function scaled(image: NVImage, raw: number): number {
  const slope = image.hdr?.scl_slope;
  const inter = image.hdr?.scl_inter;
  const s = slope === undefined || Number.isNaN(slope) || slope === 0 ? 1 : slope;
  const i = inter === undefined || Number.isNaN(inter) ? 0 : inter;
  return s * raw + i;
}

/** The PET value at a point, Bq/mL, or null outside the grid. */
export function petValueAt(pet: NVImage, grid: Grid, pointLps: PointLps): number | null {
  const index = voxelIndex(grid, pointLps);
  const raw = index === null ? undefined : pet.img?.[index];
  return raw === undefined ? null : scaled(pet, raw);
}

/** The CT value at a RAS point, HU, or null outside the CT. */
export function ctValueAt(ct: NVImage, ras: PointRas): number | null {
  const dims = ct.dimsRAS;
  if (dims === undefined || ct.img === undefined) return null;
  const v = ct.mm2vox(ras);
  for (let a = 0; a < 3; a++) {
    const n = v[a]!;
    if (!(n >= 0 && n < dims[a + 1]!)) return null;
  }
  return ct.getValue(v[0]!, v[1]!, v[2]!);
}

/** Checks that niivue kept the PET as the grid says (same voxel count), so indices match. */
export function petMatchesGrid(pet: NVImage, grid: Grid): boolean {
  const [nx, ny, nz] = grid.size;
  return pet.img !== undefined && pet.img.length === nx * ny * nz;
}
