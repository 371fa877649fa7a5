/**
 * Trial eligibility (seed: "eligible if at least one target lesion >= 20 Gy" at the therapy
 * activity, taken from each study's results): per timepoint and over the trial (eligible at any
 * timepoint), with the exact one-sided 95% Clopper-Pearson upper bound, and the early stopping
 * rule (seed: stop if 0 of the first 9 patients are eligible; 0/9 gives 28.3%).
 */
import { clopperPearsonUpper } from './stats/binomial.ts';
import type { CohortInput, CohortPatient, StoppingRule } from './cohort-types.ts';

/** Eligible patients among n evaluable, with the one-sided 95% upper bound of the fraction. */
export interface EligibilityCount {
  eligible: number;
  n: number;
  /** Exact (Clopper-Pearson) one-sided 95% upper confidence bound, fraction; null when n = 0. */
  upper95: number | null;
  /** Ids of the eligible patients. */
  eligiblePatients: string[];
}

/**
 * Eligibility at one timepoint; `missing` counts the patients without a study there, and
 * `notAssessable` those whose study could not support a verdict (counted in n, not as eligible).
 */
export interface TimepointEligibility extends EligibilityCount {
  missing: number;
  notAssessable: number;
  notAssessablePatients: string[];
}

/** The stopping-rule verdict; 'pending' until `afterPatients` patients are evaluable. */
export interface StoppingVerdict extends StoppingRule {
  /** Evaluable patients (a study at some timepoint) the rule looked at: the first afterPatients. */
  evaluated: number;
  eligibleAmongEvaluated: number;
  verdict: 'stop' | 'continue' | 'pending';
  explanation: string;
}

/** Eligibility per timepoint, over the trial, and the stopping rule. */
export interface CohortEligibility {
  byTimepoint: Record<string, TimepointEligibility>;
  /** Eligible at any timepoint, among patients with a study at some timepoint. */
  overall: EligibilityCount;
  stoppingRule: StoppingVerdict;
}

/** Eligible count and exact one-sided 95% upper bound for a list of (id, eligible) pairs. */
export function eligibilityCount(entries: readonly { id: string; eligible: boolean }[]) {
  const eligiblePatients = entries.filter((entry) => entry.eligible).map((entry) => entry.id);
  const n = entries.length;
  const upper95 = n === 0 ? null : clopperPearsonUpper(eligiblePatients.length, n, 0.95);
  return { eligible: eligiblePatients.length, n, upper95, eligiblePatients };
}

/** True when the patient is eligible at any of its studies. */
function eligibleAnywhere(patient: CohortPatient): boolean {
  return Object.values(patient.studies).some((study) => study.eligible);
}

/** The verdict of `rule` on the evaluable patients, in manifest (enrolment) order. */
export function stoppingVerdict(
  evaluable: readonly CohortPatient[],
  rule: StoppingRule,
): StoppingVerdict {
  const first = evaluable.slice(0, rule.afterPatients);
  const eligible = first.filter(eligibleAnywhere).length;
  const base = { ...rule, evaluated: first.length, eligibleAmongEvaluated: eligible };
  const ruleText = `stop when at most ${rule.maxEligible} of the first ${rule.afterPatients} evaluable patients are eligible at any timepoint`;
  if (eligible > rule.maxEligible) {
    const explanation = `${eligible} of the first ${first.length} evaluable patients eligible: more than ${rule.maxEligible}, so the rule (${ruleText}) cannot stop the trial: continue`;
    return { ...base, verdict: 'continue', explanation };
  }
  if (first.length < rule.afterPatients) {
    const explanation = `only ${first.length} of the ${rule.afterPatients} evaluable patients the rule needs (${ruleText}); ${eligible} eligible so far: pending`;
    return { ...base, verdict: 'pending', explanation };
  }
  const explanation = `${eligible} of the first ${rule.afterPatients} evaluable patients eligible, at most ${rule.maxEligible} (${ruleText}): stop`;
  return { ...base, verdict: 'stop', explanation };
}

/** Eligibility per timepoint and over the trial, and the stopping-rule verdict. */
export function cohortEligibility(input: CohortInput): CohortEligibility {
  const byTimepoint: Record<string, TimepointEligibility> = {};
  for (const timepoint of input.timepoints) {
    const present = input.patients.flatMap((patient) => {
      const study = patient.studies[timepoint];
      return study === undefined ? [] : [{ id: patient.id, eligible: study.eligible }];
    });
    const missing = input.patients.length - present.length;
    const notAssessablePatients = input.patients
      .filter((patient) => patient.studies[timepoint]?.notAssessable === true)
      .map((patient) => patient.id);
    byTimepoint[timepoint] = {
      ...eligibilityCount(present),
      missing,
      notAssessable: notAssessablePatients.length,
      notAssessablePatients,
    };
  }
  const evaluable = input.patients.filter((patient) => Object.keys(patient.studies).length > 0);
  const overall = eligibilityCount(
    evaluable.map((patient) => ({ id: patient.id, eligible: eligibleAnywhere(patient) })),
  );
  return { byTimepoint, overall, stoppingRule: stoppingVerdict(evaluable, input.stoppingRule) };
}
