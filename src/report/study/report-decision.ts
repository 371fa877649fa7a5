/**
 * The decision block, first on the page: eligible or not for 131I therapy, the therapy activity
 * min(planned, MTA) and which applies, the highest lesion dose there against the threshold (seed
 * paper: >= 20 Gy at min(7.4 GBq, MTA)), and the dosimetry-guided activity.
 */
import { countBySeverity } from '../../core/findings.ts';
import type { TherapyVerdict } from '../../dosimetry/decision.ts';
import type { LesionResult, StudyResults } from '../../study/results.ts';
import { escapeHtml, formatQuantity } from '../format.ts';

/** The lesion with the highest dose at the therapy activity (first on ties), or null. */
function hottestLesion(lesions: readonly LesionResult[]): LesionResult | null {
  return lesions.reduce<LesionResult | null>(
    (best, lesion) =>
      best === null || lesion.doseAtTherapyGy > best.doseAtTherapyGy ? lesion : best,
    null,
  );
}

/** The lesion needing the least activity for the threshold, or null when none can reach it. */
function easiestLesion(lesions: readonly LesionResult[]): LesionResult | null {
  return lesions.reduce<LesionResult | null>((best, lesion) => {
    if (lesion.activityForThresholdGBq === null) return best;
    if (best?.activityForThresholdGBq == null) return lesion;
    return lesion.activityForThresholdGBq < best.activityForThresholdGBq ? lesion : best;
  }, null);
}

/** The therapy activity as text: as given when it is the planned one ("7.4 GBq"), else 3 s.f. */
export function therapyActivityText(results: StudyResults): string {
  const { therapy } = results;
  return formatQuantity(therapy.activityGBq, 'GBq', therapy.limitedBy === 'mta' ? 3 : 'given');
}

/** The binding MTA limit in words ("lung" is how results.json said "retention" before issue 7). */
export function mtaLimitName(limitedBy: string): string {
  return limitedBy === 'blood' ? 'blood-dose limit' : '48-h whole-body retention limit';
}

const VERDICT_TEXT: Record<TherapyVerdict, string> = {
  eligible: 'ELIGIBLE for 131I therapy',
  'not eligible': 'NOT ELIGIBLE for 131I therapy',
  'not assessable': 'NOT ASSESSABLE: the inputs cannot support a verdict',
};

/** One-line verdict text: "ELIGIBLE for 131I therapy", "NOT ELIGIBLE ...", "NOT ASSESSABLE ...". */
export function verdictText(decision: TherapyVerdict): string {
  return VERDICT_TEXT[decision];
}

function activityLine(results: StudyResults): string {
  const { therapy, mta } = results;
  const activity = therapyActivityText(results);
  const planned = formatQuantity(therapy.plannedActivityGBq, 'GBq', 'given');
  if (mta === null) {
    return `<strong>${activity}</strong> = the planned activity. <span class="provisional">MTA not computed (no blood samples / whole-body counts): the activity is not checked against the blood and retention limits.</span>`;
  }
  const mtaText = formatQuantity(mta.activityGBq, 'GBq');
  if (therapy.limitedBy === 'mta') {
    return `<strong>${activity}</strong> = the MTA (set by the ${mtaLimitName(mta.limitedBy)}), lower than the planned ${planned}.`;
  }
  return `<strong>${activity}</strong> = the planned activity (the MTA, ${mtaText}, is higher).`;
}

function doseLine(results: StudyResults): string {
  const { therapy } = results;
  const threshold = formatQuantity(therapy.lesionDoseThresholdGy, 'Gy', 'given');
  const hottest = hottestLesion(results.lesions);
  if (hottest === null) return `No lesion measured: no lesion dose can reach ${threshold}.`;
  const comparison = therapy.eligibleByDoseAlone ? '&ge;' : '&lt;';
  return `<strong>${formatQuantity(therapy.maxLesionDoseGy, 'Gy')}</strong> (lesion ${escapeHtml(hottest.id)}) ${comparison} threshold ${threshold}.`;
}

function guidedLine(results: StudyResults): string {
  const { therapy, mta } = results;
  const threshold = formatQuantity(therapy.lesionDoseThresholdGy, 'Gy', 'given');
  const easiest = easiestLesion(results.lesions);
  if (therapy.minimumEligibleActivityGBq === null || easiest === null) {
    return `No lesion takes up 131I: no activity brings a lesion to ${threshold}.`;
  }
  const activity = `<strong>${formatQuantity(therapy.minimumEligibleActivityGBq, 'GBq')}</strong>`;
  const head = `${activity} would bring lesion ${escapeHtml(easiest.id)} to ${threshold}`;
  if (mta === null || therapy.eligibleAtMta === null) {
    return `${head}; <span class="provisional">MTA not computed: whether this is tolerable is unknown.</span>`;
  }
  const mtaText = formatQuantity(mta.activityGBq, 'GBq');
  if (!therapy.eligibleAtMta) return `${head}: <strong>exceeds the MTA</strong> (${mtaText}).`;
  const extra = therapy.eligible
    ? ''
    : ' A dosimetry-guided activity above the planned one would make the patient eligible.';
  return `${head}: <strong>within the MTA</strong> (${mtaText}).${extra}`;
}

function reasonsList(results: StudyResults): string {
  const items = results.therapy.decisionReasons.map(
    (reason) =>
      `<li>${escapeHtml(reason.message)} <span class="code">${escapeHtml(reason.code)}</span></li>`,
  );
  return `<ul class="reasons">${items.join('\n')}</ul>`;
}

function findingsLine(results: StudyResults): string {
  const counts = countBySeverity(results.findings);
  const parts = [
    counts.critical > 0 ? `${counts.critical} critical` : '',
    counts.warning > 0 ? `${counts.warning} warning${counts.warning === 1 ? '' : 's'}` : '',
  ].filter((part) => part !== '');
  if (parts.length === 0) return '';
  return `<p class="provisional">${parts.join(', ')}: read them before signing (<a href="#warnings">Warnings</a>).</p>`;
}

const DECISION_CLASS: Record<TherapyVerdict, string> = {
  eligible: 'eligible',
  'not eligible': 'not-eligible',
  'not assessable': 'not-assessable',
};

/** The decision section (HTML) for the top of the report: verdict, reasons, activity, doses. */
export function renderDecision(results: StudyResults): string {
  const { therapy } = results;
  const planned = formatQuantity(therapy.plannedActivityGBq, 'GBq', 'given');
  const threshold = formatQuantity(therapy.lesionDoseThresholdGy, 'Gy', 'given');
  return `<section class="decision ${DECISION_CLASS[therapy.decision]}" id="decision">
<div class="verdict">${verdictText(therapy.decision)}</div>
${reasonsList(results)}
<dl>
<dt>Therapy activity</dt><dd>${activityLine(results)}</dd>
<dt>Highest lesion dose at it</dt><dd>${doseLine(results)}</dd>
<dt>Dosimetry-guided activity</dt><dd>${guidedLine(results)}</dd>
</dl>
<p class="small muted">Rule (seed paper): eligible if at least one lesion receives &ge; ${threshold} at min(${planned}, MTA). iodose gives a verdict only when the inputs support it: lesions that are not assessable cannot make a patient eligible, and make "not eligible" not assessable; "eligible" needs a trusted MTA.</p>
${findingsLine(results)}</section>`;
}
