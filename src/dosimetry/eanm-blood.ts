/**
 * Blood absorbed dose per administered activity after the EANM SOP for pre-therapeutic blood
 * dosimetry in differentiated thyroid cancer (Lassmann et al. 2008, EJNMMI 35:1405, eq. 1):
 * D_blood / A0 [Gy/GBq] = 108 x tau_blood per mL [h] + 0.0188 / wt[kg]^(2/3) x tau_WB [h].
 * The first term is the non-penetrating (beta) dose from activity in blood, the second the
 * penetrating (gamma) dose from activity in the whole body.
 */
import { InputError } from '../core/errors.ts';

/** EANM SOP coefficient of the blood (beta) term, Gy mL / (GBq h) (Lassmann et al. 2008). */
export const EANM_BLOOD_BETA_COEFFICIENT = 108;
/** EANM SOP coefficient of the whole-body (gamma) term, Gy kg^(2/3) / (GBq h) (Lassmann 2008). */
export const EANM_WHOLE_BODY_GAMMA_COEFFICIENT = 0.0188;

/** The two terms of the EANM blood dose and their sum, Gy/GBq. */
export interface BloodDose {
  doseGyPerGBq: number;
  betaFromBloodGyPerGBq: number;
  gammaFromWholeBodyGyPerGBq: number;
}

/**
 * Blood absorbed dose per administered 131I activity, Gy/GBq, from the residence time per mL of
 * blood (h/mL), the whole-body residence time (h) and the body weight (kg); Lassmann et al. 2008.
 */
export function eanmBloodDose(
  residenceTimeBloodPerMlH: number,
  residenceTimeWholeBodyH: number,
  weightKg: number,
): BloodDose {
  if (!(weightKg > 0) || !Number.isFinite(weightKg)) {
    throw new InputError(
      { field: 'patient.weightKg' },
      `expected a positive body weight in kg, got ${weightKg}`,
    );
  }
  const betaFromBloodGyPerGBq = EANM_BLOOD_BETA_COEFFICIENT * residenceTimeBloodPerMlH;
  const gammaFromWholeBodyGyPerGBq =
    (EANM_WHOLE_BODY_GAMMA_COEFFICIENT / Math.pow(weightKg, 2 / 3)) * residenceTimeWholeBodyH;
  return {
    doseGyPerGBq: betaFromBloodGyPerGBq + gammaFromWholeBodyGyPerGBq,
    betaFromBloodGyPerGBq,
    gammaFromWholeBodyGyPerGBq,
  };
}
