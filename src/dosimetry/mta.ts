/**
 * Maximum tolerable activity (EANM SOP, Lassmann et al. 2008; Benua et al. 1962):
 * MTA = min(D_limit / (D_blood/A), R_limit / R131(48 h)).
 * - The blood limit: 2 Gy to the blood (a surrogate for the red marrow; Benua 1962).
 * - The whole-body retention limit at 48 h: at most R_limit = 4.4 GBq (120 mCi) retained in the
 *   whole body at 48 h, or 3.0 GBq (80 mCi) with diffuse lung metastases (Benua 1962; seed paper,
 *   131I therapy). It is a surrogate for lung and marrow toxicity, not a "lung limit": it applies
 *   to every patient, the lower value to those with diffuse lung metastases.
 */

/** Which limit binds: the blood dose or the 48-h whole-body retention. */
export type MtaLimit = 'blood' | 'retention';

/** MTA and its two limits, GBq, and which one binds. */
export interface MaximumTolerableActivity {
  activityGBq: number;
  bloodLimitGBq: number;
  /**
   * The activity allowed by the 48-h whole-body retention limit, GBq (R_limit / R131(48 h)).
   * Named so in the results contract before it was understood not to be a lung limit; kept.
   */
  lungLimitGBq: number;
  /** The same value as lungLimitGBq, under its proper name. */
  retentionLimitActivityGBq: number;
  limitedBy: MtaLimit;
  /** R_limit: the retained activity allowed at 48 h, GBq (4.4, or 3.0 with lung metastases). */
  retentionLimitGBq: number;
}

/** Inputs of the MTA: blood dose per activity and 48-h retention as a fraction (0..1). */
export interface MtaInputs {
  bloodDoseGyPerGBq: number;
  wbRetention48hFraction: number;
  bloodDoseLimitGy: number;
  retentionLimitGBq: number;
}

/** MTA in GBq: the smaller of the blood-dose limit and the 48-h whole-body retention limit. */
export function maximumTolerableActivity(inputs: MtaInputs): MaximumTolerableActivity {
  const bloodLimitGBq =
    inputs.bloodDoseGyPerGBq > 0 ? inputs.bloodDoseLimitGy / inputs.bloodDoseGyPerGBq : Infinity;
  const retentionLimitActivityGBq =
    inputs.wbRetention48hFraction > 0
      ? inputs.retentionLimitGBq / inputs.wbRetention48hFraction
      : Infinity;
  const limitedBy: MtaLimit = bloodLimitGBq <= retentionLimitActivityGBq ? 'blood' : 'retention';
  return {
    activityGBq: Math.min(bloodLimitGBq, retentionLimitActivityGBq),
    bloodLimitGBq,
    lungLimitGBq: retentionLimitActivityGBq,
    retentionLimitActivityGBq,
    limitedBy,
    retentionLimitGBq: inputs.retentionLimitGBq,
  };
}
