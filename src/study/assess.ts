/**
 * What the results can support: every warning as a finding with a code and severity, each
 * lesion's assessability, whether the MTA can be trusted, and the therapy decision with its
 * reasons (src/dosimetry/decision.ts). Pure: results in, results out.
 */
import { lognormalInterval95 } from '../dosimetry/uncertainty/propagate.ts';
import { bySeverity, type Finding } from '../core/findings.ts';
import { decideTherapy, type Decision, type DecisionMta } from '../dosimetry/decision.ts';
import { findingsFrom } from './finding-codes.ts';
import type { DosimetrySettings } from '../dosimetry/settings.ts';
import type { BloodResult, LesionResult } from './results.ts';

export interface AssessInput {
  lesions: readonly Omit<LesionResult, 'assessable' | 'notAssessableReasons'>[];
  blood: BloodResult | null;
  studyWarnings: readonly string[];
  settings: DosimetrySettings;
  plannedActivityGBq: number;
  activityGBq: number;
}

export interface Assessment {
  lesions: LesionResult[];
  findings: Finding[];
  decision: Decision;
}

/**
 * Findings of one lesion: its pipeline and fit sentences, its image sentences, and (critical) the
 * reasons its image measurement cannot be trusted (src/study/lesion-assessability.ts).
 */
function lesionFindings(lesion: AssessInput['lesions'][number]): Finding[] {
  const where = { lesionId: lesion.id };
  const imaging = new Set(lesion.imaging?.warnings ?? []);
  const own = lesion.warnings.filter((text) => !imaging.has(text));
  const unassessable = (lesion.imaging?.notAssessableReasons ?? []).map((reason): Finding => ({
    ...reason,
    severity: 'critical',
    ...where,
  }));
  return [
    ...unassessable,
    ...findingsFrom('lesion', own, where),
    ...findingsFrom('imaging', [...imaging], where),
  ];
}

function mtaStatus(blood: BloodResult | null, bloodFindings: readonly Finding[]): DecisionMta {
  if (blood === null) {
    return { status: 'missing', reasons: ['no blood samples or whole-body counts were given'] };
  }
  const critical = bloodFindings.filter((f) => f.severity === 'critical');
  return critical.length === 0
    ? { status: 'trusted', reasons: [] }
    : { status: 'untrusted', reasons: critical.map((f) => f.message) };
}

/** Findings, lesion assessability and the decision for one study's results. */
export function assessStudy(input: AssessInput): Assessment {
  const perLesion = input.lesions.map(lesionFindings);
  const bloodFindings = findingsFrom('blood', input.blood?.warnings ?? []);
  const lesions: LesionResult[] = input.lesions.map((lesion, index) => {
    // The structured image reasons come first in the lesion's findings; the other critical
    // findings (an unreliable or unconverged fit, an accepted override) add to them.
    const reasons = (perLesion[index] ?? [])
      .filter((f) => f.severity === 'critical')
      .map((f) => ({ code: f.code, message: f.message }));
    return { ...lesion, assessable: reasons.length === 0, notAssessableReasons: reasons };
  });
  const threshold = input.settings.lesionDoseThresholdGy;
  const studyFindings = findingsFrom('study', input.studyWarnings);
  const decision = decideTherapy({
    lesions: lesions.map((lesion) => ({
      id: lesion.id,
      doseAtTherapyGy: lesion.doseAtTherapyGy,
      doseAtPlannedGy: lesion.doseGyPerGBq * input.plannedActivityGBq,
      reachesThreshold: lesion.reachesThreshold,
      assessable: lesion.assessable,
      notAssessableReasons: lesion.notAssessableReasons.map((r) => r.message),
      // The dose at the therapy activity with its sd (which holds the MTA's when the MTA sets
      // the activity), as a lognormal 95% interval like dose95GyPerGBq.
      doseAtTherapy95Gy: lognormalInterval95(lesion.doseAtTherapyGy, lesion.doseAtTherapySigmaGy),
      probabilityReachesThreshold: lesion.probabilityReachesThreshold,
    })),
    studyProblems: studyFindings
      .filter((f) => f.severity === 'critical')
      .map((f) => ({ code: f.code, message: f.message })),
    thresholdGy: threshold,
    plannedActivityGBq: input.plannedActivityGBq,
    activityGBq: input.activityGBq,
    mta: mtaStatus(input.blood, bloodFindings),
  });
  const findings = bySeverity([...studyFindings, ...perLesion.flat(), ...bloodFindings]);
  return { lesions, findings, decision };
}
