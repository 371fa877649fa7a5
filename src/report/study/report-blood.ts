/**
 * Blood and whole-body section (EANM SOP, Lassmann et al. 2008) and the MTA section: blood and
 * retention plots, tau_blood per mL, tau_WB, the model of each curve (and why, when it is not the
 * one requested) with its fit quality, R(48 h) fitted (+- sd) and read from the counts, the blood
 * dose and its two terms, the two MTA limits (+- sd) with the one that binds, and the Monte Carlo
 * probability of eligibility.
 */
import type { KineticsResult } from '../../kinetics/index.ts';
import type { BloodResult, StudyResults } from '../../study/results.ts';
import {
  MISSING,
  escapeHtml,
  formatGiven,
  formatNumber,
  formatProbability,
  formatQuantity,
  formatWithSigma,
} from '../format.ts';
import { mtaLimitName, therapyActivityText } from './report-decision.ts';
import { bloodPlot, wholeBodyPlot } from './report-plots.ts';
import { renderPlotSvg } from '../svg/svg-plot.ts';

/** Text shown wherever the MTA is missing. */
export const MTA_NOT_COMPUTED =
  'MTA not computed: no blood samples or whole-body counts, so the planned activity is used unchecked.';

function kvRow(label: string, value: string, cls = ''): string {
  const mark = cls === 'binding' ? ' &larr; binds' : '';
  return `<tr${cls ? ` class="${cls}"` : ''}><th>${label}</th><td>${value}${mark}</td></tr>`;
}

const MODEL_WORDS: Record<string, string> = {
  mono: 'mono-exponential',
  bi: 'bi-exponential',
  tri: 'tri-exponential',
  'mono-uptake': 'mono-exponential with uptake',
  trapezoid: 'trapezoid',
};
const modelWords = (name: string): string => MODEL_WORDS[name] ?? name;

/** Which model a fit used and, when it is not the one requested, why (modelChoice). */
function modelText(fit: KineticsResult): string {
  const choice = fit.modelChoice;
  const used = `<strong>${escapeHtml(modelWords(fit.model))}</strong>`;
  if (choice.selection === 'aicc') {
    return `${used}, chosen by AICc${choice.reason === null ? '' : ` (${escapeHtml(choice.reason)})`}`;
  }
  const requested = choice.requested ?? fit.model;
  if (choice.reason === null) return `${used}, as requested`;
  const instead =
    requested === fit.model ? '' : ` instead of the ${escapeHtml(modelWords(requested))}`;
  return `${used}${instead}: <span class="provisional">${escapeHtml(choice.reason)}</span>`;
}

/** Largest miss of a fit and the runs test, in words. */
function qualityText(fit: KineticsResult, point: string): string {
  const q = fit.quality;
  const worst = fit.points[q.worstPointIndex];
  const miss = `largest miss ${formatNumber(100 * q.maxRelativeMiss, 2)}%${worst === undefined ? '' : ` (${point} at ${worst.timeH.toFixed(1)} h)`}`;
  const signed = q.runs.positive + q.runs.negative;
  const runs =
    q.runsTestApplies && q.runsTestP !== null
      ? `runs test p = ${formatNumber(q.runsTestP, 2)} (${q.runs.runs} runs)`
      : `runs test not applicable (${signed} signed residuals; it needs at least 8)`;
  const flagged = q.flags.length > 0 ? ' <span class="provisional">&#9888; flagged</span>' : '';
  return `${miss}; ${runs}${flagged}`;
}

/** R(48 h) read from the counts near 48 h, and how far the fit is from it. */
/** " (sd not assessable: why)" when the blood dose has no sd; '' when it has one. */
function sdNotAssessableText(blood: BloodResult): string {
  const reason = blood.doseSigmaNotAssessableReason;
  return reason === null
    ? ''
    : ` <span class="provisional">(sd not assessable: ${escapeHtml(reason)})</span>`;
}

function retentionFromCountText(blood: BloodResult): string {
  const c = blood.wbRetention48hFromCount;
  if (c === null) return 'no whole-body count within 6 h: not checked against the counts';
  const times = c.countTimesH.map((t) => t.toFixed(1)).join(' and ');
  const difference = `${c.fitDifference > 0 ? '+' : ''}${formatNumber(100 * c.fitDifference, 2)}%`;
  const cls = Math.abs(c.fitDifference) > 0.1 ? ' class="provisional"' : '';
  return `${formatQuantity(c.percent, '%')} from the counts (${escapeHtml(c.rule)} between ${times} h); the fit differs by <span${cls}>${difference}</span>`;
}

/** Blood and whole-body section (HTML); the 'MTA not computed' note when blood is null. */
export function renderBlood(results: StudyResults, log: boolean): string {
  const blood = results.blood;
  if (blood === null) return `<p class="provisional">${MTA_NOT_COMPUTED}</p>`;
  const settings = results.provenance.settings;
  const activity = results.therapy.activityGBq;
  const weight = results.patient.weightKg;
  const gammaFactor = 0.0188 / weight ** (2 / 3);
  const rows = [
    kvRow(
      '&tau;<sub>blood</sub> per mL',
      `${formatWithSigma(blood.residenceTimeBloodPerMlH, blood.bloodFit.timeIntegratedSigmaH)} h (${escapeHtml(blood.bloodFit.model)} fit, ${blood.bloodPoints.length} samples)`,
    ),
    kvRow(
      '&tau;<sub>WB</sub> (whole body)',
      `${formatQuantity(blood.residenceTimeWholeBodyH, 'h')} (${escapeHtml(blood.wholeBodyFit.model)} fit, ${blood.wholeBodyPoints.length} counts)`,
    ),
    kvRow('Blood curve', `${modelText(blood.bloodFit)}; ${qualityText(blood.bloodFit, 'sample')}`),
    kvRow(
      'Whole-body curve',
      `${modelText(blood.wholeBodyFit)}; ${qualityText(blood.wholeBodyFit, 'count')}`,
    ),
    kvRow(
      `R(${formatGiven(settings.retentionTimeH)} h) whole-body retention`,
      `${formatWithSigma(blood.wbRetention48hPercent, blood.wbRetention48hSigmaPercent)}% of the administered activity (131I-equivalent, fitted curve)`,
    ),
    kvRow(
      `R(${formatGiven(settings.retentionTimeH)} h) from the counts`,
      retentionFromCountText(blood),
    ),
    kvRow(
      'Blood dose per activity',
      `<strong>${formatWithSigma(blood.doseGyPerGBq, blood.doseSigmaGyPerGBq)} Gy/GBq</strong>${sdNotAssessableText(blood)} = ${formatQuantity(blood.betaFromBloodGyPerGBq, 'Gy/GBq')} (&beta;: 108 &times; &tau;<sub>blood</sub>) + ${formatQuantity(blood.gammaFromWholeBodyGyPerGBq, 'Gy/GBq')} (&gamma;: 0.0188 / ${formatGiven(weight)}<sup>2/3</sup> &times; &tau;<sub>WB</sub> = ${formatNumber(gammaFactor)} &times; &tau;<sub>WB</sub>)`,
    ),
    kvRow(
      `Blood dose at ${therapyActivityText(results)}`,
      `${formatQuantity(blood.doseGyPerGBq * activity, 'Gy')} (limit ${formatQuantity(settings.bloodDoseLimitGy, 'Gy', 'given')})`,
    ),
  ];
  const warnings =
    blood.warnings.length > 0
      ? `<p class="provisional small">&#9888; ${blood.warnings.map((w) => escapeHtml(w)).join('; ')}</p>`
      : '';
  const plots = [bloodPlot(blood, log), wholeBodyPlot(blood, results, log)]
    .map((spec) => `<figure>${renderPlotSvg(spec)}</figure>`)
    .join('\n');
  return `<div class="plots">${plots}</div>
<table class="kv">${rows.join('\n')}</table>${warnings}
<p class="small muted">Blood: 131I-equivalent fraction of the administered activity per mL of whole blood. Whole body: first count (before voiding) = 100%, times 131I physical decay. Blood dose: EANM SOP (Lassmann et al. 2008).</p>`;
}

/** MTA section (HTML): both limits in plain words, which binds, diffuse lung metastases. */
export function renderMta(results: StudyResults): string {
  const mta = results.mta;
  if (mta === null) return `<p class="provisional">${MTA_NOT_COMPUTED}</p>`;
  const settings = results.provenance.settings;
  const retention = results.blood?.wbRetention48hPercent ?? null;
  const bloodDose = results.blood?.doseGyPerGBq ?? null;
  const retentionTime = formatGiven(settings.retentionTimeH);
  const retained = formatQuantity(mta.retentionLimitGBq, 'GBq', 'given');
  const lungNote = mta.diffuseLungMetastases ? ' (diffuse lung metastases)' : '';
  const bloodLimit = formatQuantity(settings.bloodDoseLimitGy, 'Gy', 'given');
  const rows = [
    kvRow(
      'Blood-dose limit',
      `${formatWithSigma(mta.bloodLimitGBq, mta.bloodLimitSigmaGBq)} GBq = ${bloodLimit} / ${formatQuantity(bloodDose, 'Gy/GBq')}`,
      mta.limitedBy === 'blood' ? 'binding' : '',
    ),
    kvRow(
      `Whole-body retention limit at ${retentionTime} h`,
      `${formatWithSigma(mta.lungLimitGBq, mta.lungLimitSigmaGBq)} GBq = ${retained}${lungNote} / R(${retentionTime} h) ${formatQuantity(retention, '%')}`,
      mta.limitedBy === 'blood' ? '' : 'binding',
    ),
    kvRow(
      '<strong>MTA</strong>',
      `<strong>${formatWithSigma(mta.activityGBq, mta.activitySigmaGBq)} GBq</strong>, set by the <strong>${mtaLimitName(mta.limitedBy)}</strong>`,
    ),
    kvRow(
      'Probability eligible',
      `${formatProbability(results.therapy.probabilityEligible)} that some lesion reaches the threshold at min(planned, MTA) (Monte Carlo, ${results.therapy.monteCarlo?.samples ?? MISSING} samples over the uncertainty budget)`,
    ),
    kvRow('Diffuse lung metastases', mta.diffuseLungMetastases ? 'yes' : 'no'),
  ];
  const other = mta.diffuseLungMetastases
    ? `${formatQuantity(settings.retention48hLimitGBq, 'GBq', 'given')} without them`
    : `${formatQuantity(settings.retention48hLimitLungGBq, 'GBq', 'given')} with diffuse lung metastases`;
  return `<table class="kv">${rows.join('\n')}</table>
<p class="small">The MTA is the highest <sup>131</sup>I activity that respects two limits (Benua et al. 1962; EANM SOP, Lassmann et al. 2008). <strong>Blood-dose limit:</strong> the absorbed dose to the blood, a surrogate for the red marrow, must stay at or below ${bloodLimit}; the activity is ${bloodLimit} divided by the blood dose per GBq. <strong>Whole-body retention limit at ${retentionTime} h:</strong> at most ${retained} may remain in the whole body ${retentionTime} h after administration (${other}), a surrogate for lung and marrow toxicity that applies to every patient, with or without lung metastases; the activity is ${retained} divided by the retained fraction R(${retentionTime} h). MTA = the lower of the two. Therapy activity = min(planned ${formatQuantity(results.therapy.plannedActivityGBq, 'GBq', 'given')}, MTA) = ${therapyActivityText(results)}.</p>`;
}
