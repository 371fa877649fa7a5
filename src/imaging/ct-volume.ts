/**
 * CT lesion volume (the V in the recovery correction and in the dose m = 1.04 g/mL x V): from a
 * mask (voxel count x voxel volume), from three diameters (ellipsoid), and the mean over the CT
 * scans of a patient. Seeded HU region growing is in ct-region-growing.ts.
 */

import { InputError } from '../core/errors.ts';
import type { Volume } from '../core/volume.ts';
import { voxelVolumeMl } from '../core/volume.ts';
import { arithmeticMean } from '../numerics/mean.ts';

/** Volume of an ellipsoid from its three diameters (mm), mL: pi/6 d1 d2 d3 / 1000. */
export function ellipsoidVolumeMl(d1Mm: number, d2Mm: number, d3Mm: number): number {
  for (const [name, d] of [
    ['d1Mm', d1Mm],
    ['d2Mm', d2Mm],
    ['d3Mm', d3Mm],
  ] as const) {
    if (!(Number.isFinite(d) && d > 0)) {
      throw new InputError(
        { field: name },
        `a lesion diameter must be a positive length in mm, got ${d}`,
      );
    }
  }
  return ((Math.PI / 6) * d1Mm * d2Mm * d3Mm) / 1000;
}

/** Volume of the non-zero voxels of a mask, mL (voxel count x voxel volume). */
export function maskVolumeMl(mask: Volume<Uint8Array>): number {
  let count = 0;
  for (const v of mask.data) if (v !== 0) count++;
  return count * voxelVolumeMl(mask);
}

/** Mean, SD and coefficient of variation (%) of the lesion volumes from several CT scans, mL. */
export function meanCtVolumeMl(volumesMl: readonly number[]): {
  meanMl: number;
  sdMl: number;
  cvPercent: number;
  n: number;
} {
  if (volumesMl.length === 0 || !volumesMl.every((v) => Number.isFinite(v) && v > 0)) {
    throw new InputError(
      { field: 'volumeMl' },
      `CT volumes must be one or more positive numbers of mL, got [${volumesMl.join(', ')}]`,
    );
  }
  const n = volumesMl.length;
  const meanMl = arithmeticMean(volumesMl);
  const sdMl =
    n > 1 ? Math.sqrt(volumesMl.reduce((a, b) => a + (b - meanMl) ** 2, 0) / (n - 1)) : 0;
  return { meanMl, sdMl, cvPercent: (100 * sdMl) / meanMl, n };
}
