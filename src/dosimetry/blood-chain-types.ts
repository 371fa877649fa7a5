/** Inputs and results of the blood and whole-body chain (blood-chain.ts). */
import type { KineticsResult } from '../kinetics/index.ts';
import type { RetentionFromCount } from './retention-count.ts';
import type { ValueSource } from './value-source.ts';

/** One blood sample: 124I activity concentration at sampling. */
export interface BloodSampleInput {
  /** Local ISO date-time (shown in the results). */
  at: string;
  /** Hours after administration. */
  timeH: number;
  concBqPerMl: number;
  timeSource: ValueSource;
  valueSource: ValueSource;
}

/** One whole-body count: net (background-subtracted) counts of the probe. */
export interface WholeBodyCountInput {
  at: string;
  timeH: number;
  netCounts: number;
  timeSource: ValueSource;
  valueSource: ValueSource;
}

/** The blood chain's inputs: both series in any order (the chain sorts by time). */
export interface BloodChainInput {
  samples: readonly BloodSampleInput[];
  wholeBody: readonly WholeBodyCountInput[];
  weightKg: number;
  administeredActivityMBq: number;
}

export interface BloodChainResult {
  doseGyPerGBq: number;
  /** 1 sd of the blood dose, Gy/GBq; null when it cannot be computed (then the reason is set). */
  doseSigmaGyPerGBq: number | null;
  /** Why doseSigmaGyPerGBq is null ("not assessable"); null when the sd was computed. */
  doseSigmaNotAssessableReason: string | null;
  betaFromBloodGyPerGBq: number;
  gammaFromWholeBodyGyPerGBq: number;
  residenceTimeBloodPerMlH: number;
  residenceTimeWholeBodyH: number;
  wbRetention48hPercent: number;
  /** R(48 h) read from the counts near 48 h (retention-count.ts); null without a count near it. */
  wbRetention48hFromCount: RetentionFromCount | null;
  bloodPoints: { at: string; timeH: number; concBqPerMl: number; fraction131PerMl: number }[];
  wholeBodyPoints: { at: string; timeH: number; netCounts: number; retention131: number }[];
  bloodFit: KineticsResult;
  wholeBodyFit: KineticsResult;
  /** 131I physical decay factor at the first whole-body count (retention scale, see the chain). */
  wholeBodyFirstCountDecay131: number;
  warnings: string[];
}
