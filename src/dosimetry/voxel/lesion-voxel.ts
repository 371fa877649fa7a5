/**
 * Voxel dose statistics of one lesion over its VOI (issue 9 item 4), the shape of results.json
 * lesions[].voxel: mean, D98/D90/D50/D2 (dvh.ts: ICRU 83 D_x, numpy-linear percentiles), minimum,
 * maximum, the fraction of the VOI at or above the threshold dose at the given activity, the
 * voxel count, the ratio of the mean to the sphere-model dose and the cumulative DVH. Doses per
 * GBq of 131I administered. The VOI is a mask on the dose map's grid (non-zero = inside).
 */
import { InputError } from '../../core/errors.ts';
import {
  cumulativeDvh,
  doseCoveringPercent,
  DEFAULT_DVH_BINS,
  fractionAtLeast,
  type CumulativeDvh,
} from './dvh.ts';
import type { DoseMap } from './dose-map.ts';

export interface LesionVoxelOptions {
  /** Activity at which the threshold is tested, GBq (the therapy activity). */
  activityGBq: number;
  /** Threshold dose, Gy (seed paper: 20 Gy). */
  thresholdGy: number;
  /** The lesion's sphere-model dose (lesion chain), Gy/GBq; null: no ratio. */
  sphereModelDoseGyPerGBq: number | null;
  dvhBins?: number;
}

export interface LesionVoxelDose {
  meanDoseGyPerGBq: number;
  d98GyPerGBq: number;
  d90GyPerGBq: number;
  d50GyPerGBq: number;
  d2GyPerGBq: number;
  minDoseGyPerGBq: number;
  maxDoseGyPerGBq: number;
  /** Fraction of the VOI with dose x activityGBq >= thresholdGy. */
  vThresholdFraction: number;
  thresholdGy: number;
  activityGBq: number;
  voxelCount: number;
  volumeMl: number;
  /** meanDoseGyPerGBq / sphere-model dose; null without (or with a zero) sphere-model dose. */
  ratioToSphereModel: number | null;
  dvh: CumulativeDvh;
}

/** Voxel dose statistics of the VOI `mask` in `dose` (file comment). */
export function lesionVoxelDose(
  dose: DoseMap,
  mask: Uint8Array,
  options: LesionVoxelOptions,
): LesionVoxelDose {
  const n = dose.doseGyPerGBq.length;
  if (mask.length !== n) {
    throw new InputError(
      { field: 'voxelDosimetry.mask' },
      `expected a VOI mask of ${n} voxels (the dose grid), got ${mask.length}`,
      'resample the VOI to the first PET grid',
    );
  }
  if (!(options.activityGBq > 0) || !(options.thresholdGy > 0)) {
    throw new InputError(
      { field: 'therapy' },
      `expected a positive activity and threshold, got ${options.activityGBq} GBq and ${options.thresholdGy} Gy`,
    );
  }
  let count = 0;
  for (let v = 0; v < n; v++) if (mask[v] !== 0) count++;
  if (count === 0) {
    throw new InputError(
      { field: 'voxelDosimetry.mask' },
      'the lesion VOI has no voxel on the PET grid: voxel dose not assessable',
    );
  }
  const values = new Float64Array(count);
  let c = 0;
  let sum = 0;
  for (let v = 0; v < n; v++) {
    if (mask[v] === 0) continue;
    const d = dose.doseGyPerGBq[v]!;
    values[c++] = d;
    sum += d;
  }
  values.sort();
  const mean = sum / count;
  const sphere = options.sphereModelDoseGyPerGBq;
  const [sx, sy, sz] = dose.spacingMm;
  return {
    meanDoseGyPerGBq: mean,
    d98GyPerGBq: doseCoveringPercent(values, 98),
    d90GyPerGBq: doseCoveringPercent(values, 90),
    d50GyPerGBq: doseCoveringPercent(values, 50),
    d2GyPerGBq: doseCoveringPercent(values, 2),
    minDoseGyPerGBq: values[0]!,
    maxDoseGyPerGBq: values[count - 1]!,
    vThresholdFraction: fractionAtLeast(values, options.thresholdGy / options.activityGBq),
    thresholdGy: options.thresholdGy,
    activityGBq: options.activityGBq,
    voxelCount: count,
    volumeMl: (count * sx * sy * sz) / 1000,
    ratioToSphereModel: sphere !== null && sphere > 0 ? mean / sphere : null,
    dvh: cumulativeDvh(values, options.dvhBins ?? DEFAULT_DVH_BINS),
  };
}
