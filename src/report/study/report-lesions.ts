/**
 * Lesion section: one table row per lesion (volume, mass, RC, 24-h uptake, residence time,
 * T_eff, model, Gy/GBq +- sd and its 95% interval, dose at the therapy activity +- sd, the
 * probability of reaching the threshold there, activity for the threshold) with its
 * warnings beneath, then one time-activity plot per lesion.
 */
import { bySeverity } from '../../core/findings.ts';
import type { LesionResult, StudyResults } from '../../study/results.ts';
import {
  MISSING,
  escapeHtml,
  formatGiven,
  formatNumber,
  formatQuantity,
  formatProbability,
  formatWithSigma,
} from '../format.ts';
import { therapyActivityText } from './report-decision.ts';
import { lesionPlot } from './report-plots.ts';
import { renderPlotSvg } from '../svg/svg-plot.ts';

/** Model text: "mono", "mono, exact", "bi, not converged", "mono, phys. tail". */
export function modelText(lesion: LesionResult): string {
  const fit = lesion.fit;
  if (fit === null) return 'none (no uptake)';
  const flags = [fit.exact ? 'exact' : '', fit.converged ? '' : 'not converged'].filter(Boolean);
  const tail = fit.tail === 'physical' ? ['phys. tail'] : [];
  return [fit.model, ...flags, ...tail].join(', ');
}

function withinMtaText(lesion: LesionResult, results: StudyResults): string {
  if (lesion.activityForThresholdGBq === null) return MISSING;
  if (results.mta === null) return 'n/a';
  return lesion.thresholdActivityWithinMta ? 'yes' : 'no';
}

/** "[1.2, 3.4]" (MISSING when absent, e.g. a results.json from before the uncertainty). */
function intervalText(interval: [number, number] | undefined): string {
  if (interval === undefined) return MISSING;
  return `${formatNumber(interval[0])}&ndash;${formatNumber(interval[1])}`;
}

function row(lesion: LesionResult, results: StudyResults): string {
  const dose = formatWithSigma(lesion.doseAtTherapyGy, lesion.doseAtTherapySigmaGy);
  const cells = [
    `<td><strong>${escapeHtml(lesion.id)}</strong></td>`,
    `<td class="site">${escapeHtml(lesion.site ?? MISSING)}</td>`,
    `<td class="num">${formatNumber(lesion.volumeMl)}</td>`,
    `<td class="num">${formatNumber(lesion.massG)}</td>`,
    `<td class="num">${formatNumber(lesion.recoveryCoefficient)}</td>`,
    `<td class="num">${formatNumber(lesion.uptake24hPercent)}</td>`,
    `<td class="num">${formatWithSigma(lesion.residenceTimeH, lesion.residenceTimeSigmaH)}</td>`,
    `<td class="num">${formatNumber(lesion.effectiveHalfLifeH)}</td>`,
    `<td>${escapeHtml(modelText(lesion))}</td>`,
    `<td class="num">${formatWithSigma(lesion.doseGyPerGBq, lesion.doseSigmaGyPerGBq)}</td>`,
    `<td class="num">${intervalText(lesion.dose95GyPerGBq)}</td>`,
    `<td class="num">${lesion.reachesThreshold ? `<span class="reaches">${dose}</span>` : dose}</td>`,
    `<td class="num">${formatProbability(lesion.probabilityReachesThreshold)}</td>`,
    `<td class="num">${formatNumber(lesion.activityForThresholdGBq)}</td>`,
    `<td>${withinMtaText(lesion, results)}</td>`,
  ];
  // Beneath the row: what makes the lesion not assessable, then its warnings (notes are in the
  // Warnings section only).
  const mine = bySeverity(
    results.findings.filter((f) => f.lesionId === lesion.id && f.severity !== 'info'),
  );
  const main = `<tr class="lesion${mine.length > 0 ? ' has-warnings' : ''}">${cells.join('')}</tr>`;
  if (mine.length === 0) return main;
  const head = lesion.assessable ? '' : '<strong>NOT ASSESSABLE</strong>: ';
  const list = mine.map((f) => escapeHtml(f.message)).join('; ');
  return `${main}<tr class="lesion-warnings"><td colspan="${cells.length}">&#9888; ${head}${list}</td></tr>`;
}

/** The lesion table (HTML); thresholds and times in the headers come from the settings used. */
export function renderLesionTable(results: StudyResults): string {
  const settings = results.provenance.settings;
  const activity = therapyActivityText(results);
  const threshold = formatQuantity(results.therapy.lesionDoseThresholdGy, 'Gy', 'given');
  if (results.lesions.length === 0) return '<p>No lesions measured.</p>';
  const headers = [
    ['Lesion', ''],
    ['Site', 'site'],
    ['Volume<br>(mL)', 'num'],
    ['Mass<br>(g)', 'num'],
    ['RC', 'num'],
    [`Uptake ${formatGiven(settings.uptakeTimeH)} h<br>(% adm.)`, 'num'],
    ['Residence time<br>(h) &plusmn; sd', 'num'],
    ['T<sub>eff</sub><br>(h)', 'num'],
    ['Model', ''],
    ['Dose/activity<br>(Gy/GBq) &plusmn; sd', 'num'],
    ['95% interval<br>(Gy/GBq)', 'num'],
    [`Dose at<br>${activity} (Gy) &plusmn; sd`, 'num'],
    [`P(&ge; ${threshold})`, 'num'],
    [`Activity for<br>${threshold} (GBq)`, 'num'],
    ['Within<br>MTA', ''],
  ];
  const head = headers
    .map(([text, cls]) => `<th${cls ? ` class="${cls}"` : ''}>${text}</th>`)
    .join('');
  const body = results.lesions.map((lesion) => row(lesion, results)).join('\n');
  return `<table class="lesions" id="lesion-table"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<p class="small muted">Uptake: 131I-equivalent, % of the administered activity, from the fitted curve. Residence time &plusmn; 1 sd from the kinetic fit alone (none for an exact two-point fit). Dose per activity and dose at the therapy activity &plusmn; 1 sd from the whole uncertainty budget (calibration, counting, recovery, volume, kinetics; settings below), the 95% interval lognormal with the same sd, and P(&ge; threshold) from the Monte Carlo over the same budget (at an MTA-limited activity the MTA's uncertainty is included). Doses in <span class="reaches">bold green</span> reach the threshold. Within MTA: whether the activity for the threshold is at most the MTA (n/a: MTA not computed). Model: fitted curve (phys. tail: 131I physical decay after the last point, as T<sub>eff</sub> &gt; T<sub>phys</sub>). Mass = ${formatGiven(settings.lesionDensityGPerMl)} g/mL &times; CT volume.</p>`;
}

/** One time-activity figure per lesion (inline SVG), measured points and fitted curve. */
export function renderLesionPlots(results: StudyResults, log: boolean): string {
  if (results.lesions.length === 0) return '';
  const figures = results.lesions.map((lesion, index) => {
    const svg = renderPlotSvg(lesionPlot(lesion, index, results, log));
    const caption = `Lesion ${escapeHtml(lesion.id)}: ${lesion.points.length} measurement(s); residence time ${formatQuantity(lesion.residenceTimeH, 'h')}, T<sub>eff</sub> ${formatQuantity(lesion.effectiveHalfLifeH, 'h')}.`;
    return `<figure>${svg}<figcaption>${caption}</figcaption></figure>`;
  });
  return `<div class="plots">${figures.join('\n')}</div>`;
}
