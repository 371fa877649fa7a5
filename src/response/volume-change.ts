/**
 * Lesion volume change between two timepoints (the seed paper reports target-lesion volumes at
 * baseline, 6 and 12 weeks): absolute (mL) and relative (% of baseline).
 */

import { InputError } from '../core/errors.ts';

/** Change of a lesion volume from baseline to follow-up. */
export interface VolumeChange {
  baselineMl: number;
  followUpMl: number;
  /** followUp - baseline, mL. */
  absoluteMl: number;
  /** 100 (followUp - baseline) / baseline, %. */
  percent: number;
}

/** Absolute (mL) and percent change of a lesion volume; a resolved lesion (0 mL) is -100%. */
export function lesionVolumeChange(baselineMl: number, followUpMl: number): VolumeChange {
  if (!(Number.isFinite(baselineMl) && baselineMl > 0)) {
    throw new InputError(
      { field: 'baselineVolumeMl' },
      `the baseline lesion volume must be > 0 mL, got ${baselineMl}`,
      'a percent change needs a lesion at baseline',
    );
  }
  if (!(Number.isFinite(followUpMl) && followUpMl >= 0)) {
    throw new InputError(
      { field: 'followUpVolumeMl' },
      `the follow-up lesion volume must be >= 0 mL, got ${followUpMl}`,
    );
  }
  const absoluteMl = followUpMl - baselineMl;
  return { baselineMl, followUpMl, absoluteMl, percent: (100 * absoluteMl) / baselineMl };
}
