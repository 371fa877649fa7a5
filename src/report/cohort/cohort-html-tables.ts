/**
 * HTML tables of the cohort report: lesion and patient parameters per timepoint as median (IQR)
 * with n (seed Tables 2 and 3), the Friedman p over complete blocks and the Wilcoxon p of each
 * timepoint against the baseline; eligibility per timepoint and over the trial with the exact
 * one-sided 95% upper bound, and the stopping-rule verdict.
 */
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import type { ParameterTable } from '../../cohort/cohort-tables.ts';
import { escapeHtml, formatNumber, MISSING } from '../format.ts';

/** Row label and unit of every tabulated parameter. */
export const PARAMETER_LABELS: Record<string, { label: string; unit: string }> = {
  doseGyPerGBq: { label: 'Absorbed dose per activity', unit: 'Gy/GBq' },
  uptake24hPercent: { label: 'Uptake at 24 h', unit: '%' },
  residenceTimeH: { label: 'Residence time', unit: 'h' },
  residenceTimeMin: { label: 'Residence time', unit: 'min' },
  volumeMl: { label: 'Volume', unit: 'mL' },
  mtaGBq: { label: 'MTA', unit: 'GBq' },
  wbRetention48hPercent: { label: 'WB retention at 48 h', unit: '%' },
  bloodDoseGyPerGBq: { label: 'Blood dose per activity', unit: 'Gy/GBq' },
};

/** "Absorbed dose per activity (Gy/GBq)". */
export function parameterTitle(parameter: string): string {
  const entry = PARAMETER_LABELS[parameter];
  return entry === undefined ? parameter : `${entry.label} (${entry.unit})`;
}

/** "= 0.012" or "&lt; 0.001" (after a "p"), "—" when missing. */
export function pRelation(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return MISSING;
  return p < 0.001 ? '&lt; 0.001' : `= ${formatNumber(p, 2)}`;
}

/** A fraction as a percentage with one decimal (0.2831 -> "28.3%"). */
export function formatPercent(fraction: number | null): string {
  return fraction === null ? MISSING : `${(100 * fraction).toFixed(1)}%`;
}

function medianCell(table: ParameterTable, timepoint: string): string {
  const s = table.summaries[timepoint];
  if (s === undefined || s.n === 0) {
    return `<td class="num">${MISSING}<br><span class="muted small">n = 0</span></td>`;
  }
  const iqr = `${formatNumber(s.q1)}\u2013${formatNumber(s.q3)}`;
  return `<td class="num">${formatNumber(s.median)} (${iqr})<br><span class="muted small">n = ${s.n}</span></td>`;
}

function friedmanCell(table: ParameterTable): string {
  const f = table.friedman;
  if (f.pValue === null) {
    return `<td class="num">${MISSING}<br><span class="muted small">${escapeHtml(f.note ?? '')}</span></td>`;
  }
  return `<td class="num">p ${pRelation(f.pValue)}<br><span class="muted small">\u03c7\u00b2 = ${formatNumber(f.statistic)}, ${f.blocks} blocks</span></td>`;
}

function wilcoxonRow(table: ParameterTable, timepoints: readonly string[]): string {
  const cells = timepoints.map((timepoint, index) => {
    if (index === 0) return '<td class="num muted small">baseline</td>';
    const w = table.wilcoxonVsBaseline[timepoint];
    if (w === undefined) return `<td class="num">${MISSING}</td>`;
    const how = w.method === null ? '' : `, ${w.method}`;
    return `<td class="num small">p ${pRelation(w.pValue)} <span class="muted">(${w.pairs} pairs${how})</span></td>`;
  });
  return `<tr class="wilcoxon"><td class="small muted">Wilcoxon vs ${escapeHtml(timepoints[0] ?? '')}</td>${cells.join('')}<td></td></tr>`;
}

/** A parameter table (rows = parameters) with counts rows on top. */
export function renderParameterTable(
  analysis: CohortAnalysis,
  tables: Record<string, ParameterTable>,
  counts: [string, (timepoint: string) => number][],
): string {
  const tps = analysis.timepoints;
  const head = `<tr><th>Parameter</th>${tps.map((t) => `<th class="num">${escapeHtml(t)}</th>`).join('')}<th class="num">Friedman p</th></tr>`;
  const countRows = counts.map(
    ([label, count]) =>
      `<tr><td>${label}</td>${tps.map((t) => `<td class="num">${count(t)}</td>`).join('')}<td></td></tr>`,
  );
  const rows = Object.values(tables).map(
    (table) =>
      `<tr class="parameter"><td>${escapeHtml(parameterTitle(table.parameter))}</td>${tps.map((t) => medianCell(table, t)).join('')}${friedmanCell(table)}</tr>${wilcoxonRow(table, tps)}`,
  );
  return `<table class="cohort-table"><thead>${head}</thead><tbody>${countRows.join('')}${rows.join('')}</tbody></table>`;
}

/** Eligibility per timepoint and over the trial, then the stopping-rule verdict box. */
export function renderEligibility(analysis: CohortAnalysis): string {
  const { eligibility } = analysis;
  const rows = analysis.timepoints.map((timepoint) => {
    const e = eligibility.byTimepoint[timepoint];
    if (e === undefined) return '';
    return `<tr><td>${escapeHtml(timepoint)}</td><td class="num">${e.eligible} / ${e.n}</td><td class="num">${formatPercent(e.upper95)}</td><td class="num">${e.missing}</td><td class="num">${e.notAssessable}</td><td>${escapeHtml(e.eligiblePatients.join(', '))}</td></tr>`;
  });
  const o = eligibility.overall;
  rows.push(
    `<tr class="binding"><td>over the trial (any timepoint)</td><td class="num">${o.eligible} / ${o.n}</td><td class="num">${formatPercent(o.upper95)}</td><td></td><td></td><td>${escapeHtml(o.eligiblePatients.join(', '))}</td></tr>`,
  );
  const rule = eligibility.stoppingRule;
  const verdictClass = rule.verdict === 'continue' ? 'eligible' : 'not-eligible';
  const verdict = { stop: 'STOP the trial', continue: 'CONTINUE the trial', pending: 'PENDING' }[
    rule.verdict
  ];
  return `<div class="decision ${verdictClass}">
<div class="verdict">Stopping rule: ${verdict}</div>
<p>${escapeHtml(rule.explanation)}.</p>
<p class="small">Rule from the cohort manifest (<code>stoppingRule: { maxEligible: ${rule.maxEligible}, afterPatients: ${rule.afterPatients} }</code>): the trial stops when at most ${rule.maxEligible} of the first ${rule.afterPatients} evaluable patients (a study at some timepoint, in manifest order) are eligible at any timepoint; a patient is eligible at a timepoint when some lesion reaches the dose threshold at the therapy activity min(planned, MTA) of that study. Until ${rule.afterPatients} patients are evaluable the verdict is pending, unless more than ${rule.maxEligible} are already eligible (continue). Over the trial ${o.eligible} of ${o.n} patients are eligible: the exact one-sided 95% upper bound of the eligible fraction is ${formatPercent(o.upper95)} (the true fraction is below it with 95% confidence; seed: 0 of 9 gives 28.3%).</p>
</div>
<table class="eligibility"><thead><tr><th>Timepoint</th><th class="num">Eligible / evaluable</th><th class="num">One-sided 95% upper bound (Clopper-Pearson)</th><th class="num">Missing</th><th class="num">Not assessable</th><th>Eligible patients</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
