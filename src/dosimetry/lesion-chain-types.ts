/** Inputs and results of the lesion chain (lesion-chain.ts). */
import type { KineticsResult } from '../kinetics/index.ts';
import type { ValueSource } from './value-source.ts';

/** One concentration measurement of a lesion (a VOI on one PET scan, or a typed row). */
export interface LesionPointInput {
  /** Local ISO date-time of the measurement (shown in the results). */
  at: string;
  /** Hours after administration. */
  timeH: number;
  /** 124I mean concentration in the VOI at acquisition, Bq/mL (not recovery-corrected). */
  meanConcBqPerMl: number;
  /** Given recovery coefficient; absent: the recovery curve at the volume, else 1. */
  recoveryCoefficient?: number;
  timeSource: ValueSource;
  valueSource: ValueSource;
  /** Where a recovery coefficient is (or would be) given; absent: valueSource. */
  recoverySource?: ValueSource;
}

/** The lesion's volume as chosen (study/lesion-volume.ts), with where it came from. */
export interface LesionVolumeInput {
  volumeMl: number;
  /** Its field and origin; results.json's volumeSource is the origin, else the field. */
  source: ValueSource;
  /** The individual volumes averaged into it (for the spread term of its uncertainty). */
  volumesMl: readonly number[];
}

/** One lesion for the chain. */
export interface LesionChainInput {
  id: string;
  site: string | null;
  volume: LesionVolumeInput;
  /** In any order (the chain sorts by time); the order of the uncertainty's counting inputs. */
  points: readonly LesionPointInput[];
  /** Field of errors about the curve as a whole (too few points): `lesions[0]`. */
  curveField: string;
}

/** One lesion measurement as used: times in h after administration, values derived from it. */
export interface LesionPointResult {
  at: string;
  timeH: number;
  meanConcBqPerMl: number;
  recoveryCoefficient: number;
  /** 124I activity in the lesion at acquisition time, Bq (RC-corrected concentration x volume). */
  activity124Bq: number;
  /** 131I-equivalent activity as a fraction of the administered activity. */
  fraction131: number;
}

/** Lesion results before the therapy plan is known (study/results.ts LesionResult adds it). */
export interface LesionDosimetry {
  id: string;
  site: string | null;
  volumeMl: number;
  /** Where the volume came from (a manifest field, or how the images gave it). */
  volumeSource: string;
  massG: number;
  densityGPerMl: number;
  /** Mean of the recovery coefficients applied to this lesion's measurements. */
  recoveryCoefficient: number;
  uptake24hPercent: number;
  residenceTimeH: number;
  residenceTimeSigmaH: number;
  effectiveHalfLifeH: number | null;
  sValueGyPerBqS: number;
  doseGyPerGBq: number;
  /** 1 sd of the dose from every measured input (see `uncertainty`); was the fit's alone. */
  doseSigmaGyPerGBq: number;
  points: LesionPointResult[];
  /** Volume outside the calibrated range of the recovery curve (extrapolated RC). */
  recoveryOutsideRange?: boolean;
  /** The kinetic fit; null when no uptake was measured at any time (dose 0). */
  fit: KineticsResult | null;
  warnings: string[];
}
