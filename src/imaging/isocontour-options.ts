/**
 * Options of the background-adapted isocontour segmentation (isocontour.ts) and their defaults,
 * kept in this one table so that documentation generated from it cannot drift from the code.
 */

import { InputError } from '../core/errors.ts';
import type { Connectivity } from './connected-components.ts';

/** Options of segmentIsocontour (defaults in ISOCONTOUR_DEFAULTS). */
export interface IsocontourOptions {
  /** f in T = BG + f (max - BG); default 0.5 (Jentzen et al. 2007 J Nucl Med 48:108). */
  fraction: number;
  /** Radius of the sphere around the seed searched for the maximum, mm. */
  searchRadiusMm: number;
  /** Known background concentration, Bq/mL; when given, no background is measured. */
  backgroundConcBqPerMl: number | undefined;
  /** Gap between the VOI's outer radius and the background shell, mm (spill-out margin). */
  shellGapMm: number;
  /** Thickness of the background shell, mm. */
  shellThicknessMm: number;
  /** Most background / VOI re-estimations before giving up (with a warning). */
  maxIterations: number;
  /** The VOI may grow at most this far from the maximum along each axis, mm (leak guard). */
  maxExtentMm: number;
  /** VOIs larger than this are reported as a probable leak, mL. */
  maxVolumeMl: number;
  /** Below this max/BG contrast the segmentation is reported as unreliable. */
  minContrast: number;
  /**
   * A second peak in the VOI whose prominence (height above the saddle joining it to the main
   * peak, on the 3x3x3-smoothed image) exceeds this fraction of (max - BG) flags a merger.
   */
  secondPeakProminence: number;
  /** Connectivity of the VOI; default 26 (faces, edges, corners). */
  connectivity: Connectivity;
}

/**
 * Defaults. searchRadiusMm 10: about 1.5 x the FWHM of clinical 124I PET (6-8 mm), enough to
 * forgive a seed placed on the lesion's flank or one slice off, small enough not to jump to a
 * neighbouring lesion. shellGapMm 10: the spill-out of a blurred edge at 10 mm is erfc(10 /
 * (sqrt2 sigma)) / 2 < 1% of the contrast for FWHM <= 10 mm. maxExtentMm 60, maxVolumeMl 150:
 * larger than any lesion dosimetry is planned for; growth beyond means a leak.
 * secondPeakProminence 0.1: two touching 8-12 mm-radius spheres at FWHM 7 mm give a second peak
 * of prominence 0.19-0.22 (max - BG); noise peaks of a single sphere with 4% correlated noise
 * stay below 0.04 (test/imaging/isocontour.test.ts).
 */
export const ISOCONTOUR_DEFAULTS: IsocontourOptions = {
  fraction: 0.5,
  searchRadiusMm: 10,
  backgroundConcBqPerMl: undefined,
  shellGapMm: 10,
  shellThicknessMm: 10,
  maxIterations: 10,
  maxExtentMm: 60,
  maxVolumeMl: 150,
  minContrast: 1.5,
  secondPeakProminence: 0.1,
  connectivity: 26,
};

/** The options with defaults filled in; InputError naming the option for a bad value. */
export function resolveIsocontourOptions(
  options: Partial<IsocontourOptions> = {},
): IsocontourOptions {
  const resolved: IsocontourOptions = { ...ISOCONTOUR_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  const positive = (name: keyof IsocontourOptions, value: number) => {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new InputError(
        { field: name },
        `the ${name} option must be a positive number, got ${value}`,
      );
    }
  };
  if (!(resolved.fraction > 0 && resolved.fraction < 1)) {
    throw new InputError(
      { field: 'fraction' },
      `the fraction option must lie strictly between 0 and 1, got ${resolved.fraction}`,
      'use 0.5 for the background-adapted 50% isocontour',
    );
  }
  positive('searchRadiusMm', resolved.searchRadiusMm);
  positive('shellGapMm', resolved.shellGapMm);
  positive('shellThicknessMm', resolved.shellThicknessMm);
  positive('maxExtentMm', resolved.maxExtentMm);
  positive('maxVolumeMl', resolved.maxVolumeMl);
  positive('minContrast', resolved.minContrast);
  positive('secondPeakProminence', resolved.secondPeakProminence);
  if (!(Number.isInteger(resolved.maxIterations) && resolved.maxIterations >= 1)) {
    throw new InputError(
      { field: 'maxIterations' },
      `the maxIterations option must be an integer >= 1, got ${resolved.maxIterations}`,
    );
  }
  if (resolved.connectivity !== 6 && resolved.connectivity !== 26) {
    throw new InputError(
      { field: 'connectivity' },
      `connectivity must be 6 or 26, got ${String(resolved.connectivity)}`,
    );
  }
  const bg = resolved.backgroundConcBqPerMl;
  if (bg !== undefined && !(Number.isFinite(bg) && bg >= 0)) {
    throw new InputError(
      { field: 'backgroundConcBqPerMl' },
      `a given background must be a finite concentration >= 0 Bq/mL, got ${bg}`,
    );
  }
  return resolved;
}
