/**
 * Maximum tolerable activity (EANM SOP, Lassmann et al. 2008; Benua et al. 1962):
 * MTA = min(D_limit / (D_blood/A), R_limit / R131(48 h)), with R_limit = 4.4 GBq, or 3.0 GBq with
 * diffuse lung metastases (seed paper, 131I therapy).
 */

/** MTA and its two limits, GBq, and which one binds. */
export interface MaximumTolerableActivity {
  activityGBq: number;
  bloodLimitGBq: number;
  lungLimitGBq: number;
  limitedBy: 'blood' | 'lung';
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
  const lungLimitGBq =
    inputs.wbRetention48hFraction > 0
      ? inputs.retentionLimitGBq / inputs.wbRetention48hFraction
      : Infinity;
  const limitedBy = bloodLimitGBq <= lungLimitGBq ? 'blood' : 'lung';
  return {
    activityGBq: Math.min(bloodLimitGBq, lungLimitGBq),
    bloodLimitGBq,
    lungLimitGBq,
    limitedBy,
    retentionLimitGBq: inputs.retentionLimitGBq,
  };
}
