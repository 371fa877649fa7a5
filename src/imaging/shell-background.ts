/**
 * Automatic background of a lesion: the median of a spherical shell around its VOI.
 *
 * The shell is centred on the VOI centroid; its inner radius is the VOI's outer radius (largest
 * voxel-centre distance from the centroid + half a voxel) plus a gap that lets the blurred
 * lesion's spill-out fall below 1% of the contrast (default 10 mm, isocontour-options.ts); its
 * outer radius is thickness mm further. Voxels at or above the current threshold are excluded:
 * they belong to other hot structures (a neighbouring lesion, salivary gland, bladder) and would
 * inflate the estimate. The median, not the mean, keeps the estimate robust to what remains of
 * such structures, to cold structures cut by the shell and to noise outliers. This follows the
 * practice of a "background VOI adjacent to the lesion" (Jentzen et al. 2007 J Nucl Med 48:108;
 * Erdi et al. 1997 Cancer 80:2505, source-to-background ratio from the surrounding tissue) and
 * makes it reproducible without a user-drawn region. Limits: a shell that falls mostly into
 * lung or outside the body gives a low background; the caller warns when the shell is clipped.
 */

import type { Volume } from '../core/volume.ts';
import { medianInPlace } from './voi-stats.ts';
import { voxelCentroidIjk } from './voxel-centroid.ts';

/** A shell-median background (Bq/mL) with the shell's geometry and voxel counts. */
export interface ShellBackground {
  /** Median concentration in the shell, excluding hot voxels, Bq/mL (NaN if none remain). */
  concBqPerMl: number;
  innerRadiusMm: number;
  outerRadiusMm: number;
  /** Shell voxels inside the image. */
  shellVoxelCount: number;
  /** Shell voxels a full (unclipped) shell would hold. */
  nominalVoxelCount: number;
  /** Shell voxels excluded because at or above the threshold. */
  hotVoxelCount: number;
}

/** Background (Bq/mL) as the median of a shell around the VOI, hot voxels excluded (see above). */
export function shellBackground(
  pet: Volume<Float32Array>,
  voiIndices: Int32Array,
  thresholdBqPerMl: number,
  gapMm: number,
  thicknessMm: number,
): ShellBackground {
  const [nx, ny, nz] = pet.size;
  const [sx, sy, sz] = pet.spacingMm;
  const [ci, cj, ck] = voxelCentroidIjk(pet.size, voiIndices);
  let extent2 = 0;
  for (const index of voiIndices) {
    const di = (index % nx) - ci;
    const dj = (Math.floor(index / nx) % ny) - cj;
    const dk = Math.floor(index / (nx * ny)) - ck;
    extent2 = Math.max(extent2, (di * sx) ** 2 + (dj * sy) ** 2 + (dk * sz) ** 2);
  }
  const innerRadiusMm = Math.sqrt(extent2) + 0.5 * Math.max(sx, sy, sz) + gapMm;
  const outerRadiusMm = innerRadiusMm + thicknessMm;
  const inner2 = innerRadiusMm ** 2;
  const outer2 = outerRadiusMm ** 2;
  const ri = Math.ceil(outerRadiusMm / sx);
  const rj = Math.ceil(outerRadiusMm / sy);
  const rk = Math.ceil(outerRadiusMm / sz);
  const i0 = Math.round(ci);
  const j0 = Math.round(cj);
  const k0 = Math.round(ck);
  const values = new Float64Array((2 * ri + 1) * (2 * rj + 1) * (2 * rk + 1));
  let used = 0;
  let shellVoxelCount = 0;
  let nominalVoxelCount = 0;
  let hotVoxelCount = 0;
  for (let k = k0 - rk; k <= k0 + rk; k++) {
    const dk2 = ((k - ck) * sz) ** 2;
    for (let j = j0 - rj; j <= j0 + rj; j++) {
      const djk2 = dk2 + ((j - cj) * sy) ** 2;
      if (djk2 > outer2) continue;
      for (let i = i0 - ri; i <= i0 + ri; i++) {
        const d2 = djk2 + ((i - ci) * sx) ** 2;
        if (d2 < inner2 || d2 > outer2) continue;
        nominalVoxelCount++;
        if (i < 0 || i >= nx || j < 0 || j >= ny || k < 0 || k >= nz) continue;
        shellVoxelCount++;
        const value = pet.data[i + nx * (j + ny * k)] ?? NaN;
        if (!Number.isFinite(value)) continue;
        if (value >= thresholdBqPerMl) {
          hotVoxelCount++;
          continue;
        }
        values[used++] = value;
      }
    }
  }
  return {
    concBqPerMl: medianInPlace(values, used),
    innerRadiusMm,
    outerRadiusMm,
    shellVoxelCount,
    nominalVoxelCount,
    hotVoxelCount,
  };
}
