/**
 * The therapy part of one study's results: the MTA's two limits from the blood result, each
 * lesion at the therapy activity (src/dosimetry/eligibility.ts) with its uncertainty and image
 * details, and the results' `therapy` block with the decision (src/study/assess.ts).
 */
import type { Decision } from '../dosimetry/decision.ts';
import type { TherapyDecision } from '../dosimetry/eligibility.ts';
import { maximumTolerableActivity, type MaximumTolerableActivity } from '../dosimetry/mta.ts';
import type { AssessInput } from './assess.ts';
import type { LesionDosimetry } from '../dosimetry/lesion-chain-types.ts';
import type { RunSettings } from '../dosimetry/chain-settings.ts';
import type { BloodResult, LesionImaging, MtaResult, TherapyResult } from './results.ts';
import type { StudyUncertainty } from '../dosimetry/uncertainty/study-uncertainty.ts';

/**
 * The MTA and its two limits, GBq (src/dosimetry/mta.ts), with the retention limit for a patient
 * with or without diffuse lung metastases; null without blood and whole-body data.
 */
export function mtaLimits(
  blood: BloodResult | null,
  settings: RunSettings,
  diffuseLungMetastases: boolean,
): MaximumTolerableActivity | null {
  if (blood === null) return null;
  return maximumTolerableActivity({
    bloodDoseGyPerGBq: blood.doseGyPerGBq,
    wbRetention48hFraction: blood.wbRetention48hPercent / 100,
    bloodDoseLimitGy: settings.bloodDoseLimitGy,
    retentionLimitGBq: diffuseLungMetastases
      ? settings.retention48hLimitLungGBq
      : settings.retention48hLimitGBq,
  });
}

/** Each lesion's results at the therapy plan, before its assessability is judged. */
export function lesionsAtPlan(
  lesions: readonly LesionDosimetry[],
  plan: TherapyDecision,
  uncertainty: StudyUncertainty['lesions'],
  imagingOf: (lesionId: string) => LesionImaging | undefined,
  mta: MtaResult | null,
): AssessInput['lesions'] {
  return lesions.map((lesion, index) => {
    const lesionPlan = plan.lesions[index];
    const lesionUncertainty = uncertainty[index];
    if (lesionPlan === undefined || lesionUncertainty === undefined) {
      throw new Error('planTherapy or the uncertainty lost a lesion');
    }
    const imaging = imagingOf(lesion.id);
    return {
      ...lesion,
      ...(imaging === undefined ? {} : { imaging }),
      warnings: [...lesion.warnings, ...(imaging?.warnings ?? [])],
      doseAtTherapyGy: lesionPlan.doseAtTherapyGy,
      reachesThreshold: lesionPlan.reachesThreshold,
      activityForThresholdGBq: Number.isFinite(lesionPlan.activityForThresholdGBq)
        ? lesionPlan.activityForThresholdGBq
        : null,
      thresholdActivityWithinMta: mta === null ? null : lesionPlan.thresholdActivityWithinMta,
      ...lesionUncertainty,
    };
  });
}

/** The results' `therapy` block: the plan, the decision the inputs support, the probabilities. */
export function therapyResult(
  plan: TherapyDecision,
  mta: MtaResult | null,
  decision: Decision,
  uncertainty: Pick<StudyUncertainty, 'probabilityEligible' | 'monteCarlo'>,
): TherapyResult {
  return {
    plannedActivityGBq: plan.plannedActivityGBq,
    activityGBq: plan.activityGBq,
    limitedBy: mta === null ? 'plan (no MTA)' : plan.limitedBy,
    decision: decision.decision,
    decisionReasons: decision.reasons,
    eligible: decision.decision === 'eligible',
    eligibleByDoseAlone: plan.eligible,
    maxLesionDoseGy: plan.maxLesionDoseGy,
    lesionDoseThresholdGy: plan.thresholdGy,
    minimumEligibleActivityGBq: Number.isFinite(plan.minimumEligibleActivityGBq)
      ? plan.minimumEligibleActivityGBq
      : null,
    eligibleAtMta: mta === null ? null : plan.eligibleAtMta,
    probabilityEligible: uncertainty.probabilityEligible,
    monteCarlo: uncertainty.monteCarlo,
  };
}
