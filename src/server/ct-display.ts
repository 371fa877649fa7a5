/**
 * The CT as the viewer shows it: cropped to the box around the body (display only; every
 * measurement reads the whole CT). niivue reslices every layer (the CT, the PET, the masks) into
 * its background's grid on each refresh, so the first frame's cost grows with the CT's voxel
 * count (bench/web-render.ts: ~0.4-0.5 s of software-GPU time per layer on a 256 x 256 x 100 CT);
 * the air around the patient is often half of a CT's field of view and shows black anyway. The
 * crop keeps every voxel above BODY_HU plus MARGIN_MM, with the original voxel values, spacing and
 * direction; its origin is the LPS point of its first voxel, so it lies exactly where those
 * voxels lie in the whole CT (and the CT-grid masks, placed by their own affine, land on them).
 */
import { ijkToLps, type Volume } from '../core/volume.ts';

/** Voxels above this are body, HU: air is -1000, lung parenchyma about -850 but enclosed by the
 *  chest wall, fat about -100 (our choice: half-way between air and water). */
export const BODY_HU = -500;
/** Kept around the body, mm (our choice: skin, markers and the partial-volume edge). */
export const MARGIN_MM = 10;

/** The whole CT when nothing is body or the crop would keep (almost) all of it. */
export function cropToBody(ct: Volume<Int16Array>): Volume<Int16Array> {
  const [nx, ny, nz] = ct.size;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let k = 0, n = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, n++) {
        if ((ct.data[n] ?? -1024) <= BODY_HU) continue;
        const ijk = [i, j, k];
        for (let a = 0; a < 3; a++) {
          if (ijk[a]! < lo[a]!) lo[a] = ijk[a]!;
          if (ijk[a]! > hi[a]!) hi[a] = ijk[a]!;
        }
      }
  if (hi[0]! < 0) return ct;
  const from = [0, 1, 2].map((a) =>
    Math.max(0, lo[a]! - Math.ceil(MARGIN_MM / ct.spacingMm[a]!)),
  ) as [number, number, number];
  const to = [0, 1, 2].map((a) =>
    Math.min(ct.size[a]! - 1, hi[a]! + Math.ceil(MARGIN_MM / ct.spacingMm[a]!)),
  );
  const size = [0, 1, 2].map((a) => to[a]! - from[a]! + 1) as [number, number, number];
  if (size[0] * size[1] * size[2] > 0.95 * nx * ny * nz) return ct;
  const data = new Int16Array(size[0] * size[1] * size[2]);
  for (let k = 0, m = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++) {
      const row = from[0] + nx * (from[1] + j + ny * (from[2] + k));
      data.set(ct.data.subarray(row, row + size[0]), m);
      m += size[0];
    }
  return {
    size,
    spacingMm: ct.spacingMm,
    direction: ct.direction,
    originLps: ijkToLps(ct, from),
    data,
  };
}
