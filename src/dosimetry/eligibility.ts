/**
 * Therapy activity, eligibility and dosimetry-guided activity planning.
 * Seed paper (131I therapy): activity = 7.4 GBq, or the MTA when it is lower; a patient is
 * eligible if at least one lesion receives >= 20 Gy at that activity. Beyond the seed (its
 * Discussion asks for dosimetry-guided activities): the activity each lesion needs to reach the
 * threshold, and whether that activity is within the MTA.
 */

/** Per-lesion input: id and absorbed dose per administered activity, Gy/GBq. */
export interface LesionDoseRate {
  id: string;
  doseGyPerGBq: number;
}

/** Per-lesion plan at the therapy activity and the activity it would need. */
export interface LesionPlan {
  id: string;
  doseAtTherapyGy: number;
  reachesThreshold: boolean;
  /** Activity giving the threshold dose, GBq; Infinity when the lesion takes up nothing. */
  activityForThresholdGBq: number;
  thresholdActivityWithinMta: boolean;
}

/** Therapy decision for one patient. */
export interface TherapyDecision {
  plannedActivityGBq: number;
  activityGBq: number;
  limitedBy: 'plan' | 'mta';
  eligible: boolean;
  maxLesionDoseGy: number;
  thresholdGy: number;
  lesions: LesionPlan[];
  /** Smallest activity making some lesion reach the threshold, GBq (Infinity if none can). */
  minimumEligibleActivityGBq: number;
  /** Whether that smallest activity is within the MTA (eligible under a dosimetry-guided plan). */
  eligibleAtMta: boolean;
}

/**
 * Relative tolerance of the threshold comparison: a dose equal to the threshold up to floating
 * point rounding (e.g. (20 / 7.4) x 7.4) counts as reaching it, as the seed's ">= 20 Gy" intends.
 */
const THRESHOLD_RELATIVE_TOLERANCE = 1e-9;

/** True when `doseGy` reaches `thresholdGy` (>=, with rounding tolerance). */
export function reachesThreshold(doseGy: number, thresholdGy: number): boolean {
  return doseGy >= thresholdGy * (1 - THRESHOLD_RELATIVE_TOLERANCE);
}

/** Therapy activity = min(planned, MTA), lesion doses there, eligibility (dose >= threshold). */
export function planTherapy(
  lesions: readonly LesionDoseRate[],
  plannedActivityGBq: number,
  mtaGBq: number,
  thresholdGy: number,
): TherapyDecision {
  const activityGBq = Math.min(plannedActivityGBq, mtaGBq);
  const plans = lesions.map((lesion): LesionPlan => {
    const doseAtTherapyGy = lesion.doseGyPerGBq * activityGBq;
    const activityForThresholdGBq =
      lesion.doseGyPerGBq > 0 ? thresholdGy / lesion.doseGyPerGBq : Infinity;
    return {
      id: lesion.id,
      doseAtTherapyGy,
      reachesThreshold: reachesThreshold(doseAtTherapyGy, thresholdGy),
      activityForThresholdGBq,
      thresholdActivityWithinMta:
        Number.isFinite(activityForThresholdGBq) &&
        activityForThresholdGBq <= mtaGBq * (1 + THRESHOLD_RELATIVE_TOLERANCE),
    };
  });
  const maxLesionDoseGy = plans.reduce((max, plan) => Math.max(max, plan.doseAtTherapyGy), 0);
  const minimumEligibleActivityGBq = plans.reduce(
    (min, plan) => Math.min(min, plan.activityForThresholdGBq),
    Infinity,
  );
  return {
    plannedActivityGBq,
    activityGBq,
    limitedBy: plannedActivityGBq <= mtaGBq ? 'plan' : 'mta',
    eligible: plans.some((plan) => plan.reachesThreshold),
    maxLesionDoseGy,
    thresholdGy,
    lesions: plans,
    minimumEligibleActivityGBq,
    eligibleAtMta: minimumEligibleActivityGBq <= mtaGBq * (1 + THRESHOLD_RELATIVE_TOLERANCE),
  };
}
