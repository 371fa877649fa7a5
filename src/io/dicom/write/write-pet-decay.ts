/**
 * From the phantom's physical truth to the numbers a PET scanner stores (PS3.3 C.8.9.1.1.5-6).
 * The volume holds the 124I concentration at the acquisition start t_a (Bq/mL). Over a frame of
 * duration D the scanner sees the frame average C_avg = C(t_a) (1 - exp(-lambda D)) / (lambda D).
 * It stores C_avg with Decay Correction NONE, and C_avg x Decay Factor otherwise, where the Decay
 * Factor (0054,1321) brings the frame average back to the reference time t_ref:
 * DF = lambda D / (1 - exp(-lambda D)) x exp(lambda (t_a - t_ref)), t_ref = series start (START)
 * or radiopharmaceutical start (ADMIN). Frame Reference Time (0054,1300) is the time after t_ref
 * at which the activity equals the frame average: (t_a - t_ref) + ln(lambda D / (1 - e^-lambda D)) / lambda.
 */
import { parseLocalDateTimeMs } from '../../../core/time.ts';
import type { DecayCorrection } from './write-meta.ts';

/** Factors of one PET series: stored = value at acquisition start x storedPerTrue. */
export interface PetDecayFactors {
  /** Stored pixel value (after rescale) per true concentration at the acquisition start. */
  storedPerTrue: number;
  /** Decay Factor (0054,1321); undefined for NONE. */
  decayFactor: number | undefined;
  /** Frame Reference Time (0054,1300), ms after the reference time (series start for NONE). */
  frameReferenceTimeMs: number;
}

/** Decay factors for a frame of `frameDurationS` s of a nuclide with half-life `halfLifeS` s. */
export function petDecayFactors(options: {
  decayCorrection: DecayCorrection;
  halfLifeS: number;
  frameDurationS: number;
  acquiredAt: string;
  seriesAt: string;
  administeredAt: string;
}): PetDecayFactors {
  const lambdaPerS = Math.LN2 / options.halfLifeS;
  const x = lambdaPerS * options.frameDurationS;
  // lambda D / (1 - exp(-lambda D)), with its limit 1 + x/2 for tiny x.
  const frameFactor = x < 1e-9 ? 1 + x / 2 : x / -Math.expm1(-x);
  const acquisitionMs = parseLocalDateTimeMs(options.acquiredAt, { field: 'acquiredAt' });
  const referenceIso =
    options.decayCorrection === 'ADMIN' ? options.administeredAt : options.seriesAt;
  const referenceMs = parseLocalDateTimeMs(referenceIso, { field: 'reference time' });
  const sinceReferenceS = (acquisitionMs - referenceMs) / 1000;
  const frameReferenceTimeMs = (sinceReferenceS + Math.log(frameFactor) / lambdaPerS) * 1000;
  if (options.decayCorrection === 'NONE') {
    return { storedPerTrue: 1 / frameFactor, decayFactor: undefined, frameReferenceTimeMs };
  }
  const decayFactor = frameFactor * Math.exp(lambdaPerS * sinceReferenceS);
  return { storedPerTrue: decayFactor / frameFactor, decayFactor, frameReferenceTimeMs };
}
