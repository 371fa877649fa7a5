/**
 * SUL: standardised uptake value normalised to lean body mass (PERCIST 1.0, Wahl et al. 2009 J
 * Nucl Med 50:122S): SUL = C [Bq/mL] x LBM [g] / A [Bq], with A the injected activity decay-corrected
 * to the scan start and C the image at the scan start (as readPetSeries returns it), in g/mL
 * (1 g/mL = unit SUL for tissue of density 1).
 */

import { InputError } from '../core/errors.ts';
import type { Volume } from '../core/volume.ts';
import { withData } from '../core/volume.ts';

/** 18F half-life, hours: 109.77 min (ICRP-107). */
export const F18_HALF_LIFE_H = 109.77 / 60;

/** What the SUL factor needs. */
export interface SulFactorInput {
  leanBodyMassKg: number;
  /** Net injected activity at the administration time, Bq (syringe residual subtracted). */
  injectedActivityBq: number;
  /** Hours from administration to the scan start (>= 0). */
  administrationToScanH: number;
  /** Half-life of the tracer, hours; default 18F (F18_HALF_LIFE_H). */
  halfLifeH?: number;
}

/** Injected activity decay-corrected to the scan start, Bq: A exp(-ln2 t / T1/2). */
export function activityAtScanBq(input: SulFactorInput): number {
  const halfLifeH = input.halfLifeH ?? F18_HALF_LIFE_H;
  if (!(input.injectedActivityBq > 0)) {
    throw new InputError(
      { field: 'injectedActivityBq' },
      `the injected FDG activity must be > 0 Bq, got ${input.injectedActivityBq}`,
      '(0018,1074) Radionuclide Total Dose or the manifest',
    );
  }
  if (!(input.administrationToScanH >= 0) || !(halfLifeH > 0)) {
    throw new InputError(
      { field: 'administrationToScanH' },
      `the time from injection to scan start must be >= 0 h with a positive half-life, got ${input.administrationToScanH} h, T1/2 ${halfLifeH} h`,
      'the scan must start after the injection',
    );
  }
  return input.injectedActivityBq * Math.exp((-Math.LN2 * input.administrationToScanH) / halfLifeH);
}

/** SUL per Bq/mL, g/Bq: LBM [g] / activity at scan start [Bq] (Wahl 2009). */
export function sulPerBqPerMl(input: SulFactorInput): number {
  if (!(input.leanBodyMassKg > 0)) {
    throw new InputError(
      { field: 'leanBodyMassKg' },
      `the lean body mass must be > 0 kg, got ${input.leanBodyMassKg}`,
    );
  }
  return (input.leanBodyMassKg * 1000) / activityAtScanBq(input);
}

/** The image in SUL (g/mL): each Bq/mL voxel times the factor of sulPerBqPerMl. */
export function toSulVolume(
  petBqPerMl: Volume<Float32Array>,
  factor: number,
): Volume<Float32Array> {
  if (!(factor > 0 && Number.isFinite(factor))) {
    throw new InputError({ field: 'sulFactor' }, `the SUL factor must be > 0, got ${factor}`);
  }
  const data = new Float32Array(petBqPerMl.data.length);
  for (let n = 0; n < data.length; n++) data[n] = (petBqPerMl.data[n] ?? 0) * factor;
  return withData(petBqPerMl, data);
}
