/**
 * Blood and whole-body section (EANM SOP, Lassmann et al. 2008) and the MTA section: blood and
 * retention plots, tau_blood per mL, tau_WB, R(48 h), the blood dose and its two terms, and the
 * two MTA limits with the one that binds.
 */
import type { StudyResults } from '../study/results.ts';
import {
  escapeHtml,
  formatGiven,
  formatNumber,
  formatQuantity,
  formatWithSigma,
} from './format.ts';
import { mtaLimitName, therapyActivityText } from './report-decision.ts';
import { bloodPlot, wholeBodyPlot } from './report-plots.ts';
import { renderPlotSvg } from './svg-plot.ts';

/** Text shown wherever the MTA is missing. */
export const MTA_NOT_COMPUTED =
  'MTA not computed: no blood samples or whole-body counts, so the planned activity is used unchecked.';

function kvRow(label: string, value: string, cls = ''): string {
  const mark = cls === 'binding' ? ' &larr; binds' : '';
  return `<tr${cls ? ` class="${cls}"` : ''}><th>${label}</th><td>${value}${mark}</td></tr>`;
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
    kvRow(
      `R(${formatGiven(settings.retentionTimeH)} h) whole-body retention`,
      `${formatQuantity(blood.wbRetention48hPercent, '%')} of the administered activity (131I-equivalent)`,
    ),
    kvRow(
      'Blood dose per activity',
      `<strong>${formatWithSigma(blood.doseGyPerGBq, blood.doseSigmaGyPerGBq)} Gy/GBq</strong> = ${formatQuantity(blood.betaFromBloodGyPerGBq, 'Gy/GBq')} (&beta;: 108 &times; &tau;<sub>blood</sub>) + ${formatQuantity(blood.gammaFromWholeBodyGyPerGBq, 'Gy/GBq')} (&gamma;: 0.0188 / ${formatGiven(weight)}<sup>2/3</sup> &times; &tau;<sub>WB</sub> = ${formatNumber(gammaFactor)} &times; &tau;<sub>WB</sub>)`,
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
      `${formatQuantity(mta.bloodLimitGBq, 'GBq')} = ${bloodLimit} / ${formatQuantity(bloodDose, 'Gy/GBq')}`,
      mta.limitedBy === 'blood' ? 'binding' : '',
    ),
    kvRow(
      `Whole-body retention limit at ${retentionTime} h`,
      `${formatQuantity(mta.lungLimitGBq, 'GBq')} = ${retained}${lungNote} / R(${retentionTime} h) ${formatQuantity(retention, '%')}`,
      mta.limitedBy === 'blood' ? '' : 'binding',
    ),
    kvRow(
      '<strong>MTA</strong>',
      `<strong>${formatQuantity(mta.activityGBq, 'GBq')}</strong>, set by the <strong>${mtaLimitName(mta.limitedBy)}</strong>`,
    ),
    kvRow('Diffuse lung metastases', mta.diffuseLungMetastases ? 'yes' : 'no'),
  ];
  const other = mta.diffuseLungMetastases
    ? `${formatQuantity(settings.retention48hLimitGBq, 'GBq', 'given')} without them`
    : `${formatQuantity(settings.retention48hLimitLungGBq, 'GBq', 'given')} with diffuse lung metastases`;
  return `<table class="kv">${rows.join('\n')}</table>
<p class="small">The MTA is the highest <sup>131</sup>I activity that respects two limits (Benua et al. 1962; EANM SOP, Lassmann et al. 2008). <strong>Blood-dose limit:</strong> the absorbed dose to the blood, a surrogate for the red marrow, must stay at or below ${bloodLimit}; the activity is ${bloodLimit} divided by the blood dose per GBq. <strong>Whole-body retention limit at ${retentionTime} h:</strong> at most ${retained} may remain in the whole body ${retentionTime} h after administration (${other}), a surrogate for lung and marrow toxicity that applies to every patient, with or without lung metastases; the activity is ${retained} divided by the retained fraction R(${retentionTime} h). MTA = the lower of the two. Therapy activity = min(planned ${formatQuantity(results.therapy.plannedActivityGBq, 'GBq', 'given')}, MTA) = ${therapyActivityText(results)}.</p>`;
}
