/**
 * HTML of the change from baseline (seed Supplementary Table 4): per group (e.g. histology) the
 * median (IQR) of the lesions' percent changes at each later timepoint, then one row per lesion.
 */
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import type { Summary } from '../../cohort/stats/descriptive.ts';
import { escapeHtml, formatNumber, MISSING } from '../format.ts';
import { parameterTitle } from './cohort-html-tables.ts';

/** A signed percent change: "+12.3%", "\u221245.1%", "—" when missing. */
export function formatChange(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return MISSING;
  const text = formatNumber(Math.abs(percent));
  return `${percent > 0 ? '+' : percent < 0 ? '\u2212' : ''}${text}%`;
}

function summaryCell(s: Summary | undefined): string {
  if (s === undefined || s.n === 0) return `<td class="num">${MISSING}</td>`;
  return `<td class="num">${formatChange(s.median)} <span class="small">(${formatChange(s.q1)} to ${formatChange(s.q3)})</span> <span class="muted small">n = ${s.n}</span></td>`;
}

/** Percent change from baseline per group, median (IQR) over its lesions. */
export function renderGroupChanges(analysis: CohortAnalysis): string {
  const { changes } = analysis;
  const later = analysis.timepoints.slice(1);
  if (changes.groups.length === 0) {
    return '<p class="muted">No grouping attribute in the cohort manifest (e.g. <code>histology</code> per patient).</p>';
  }
  const head = `<tr><th>Group</th><th>Parameter</th>${later.map((t) => `<th class="num">${escapeHtml(t)} vs ${escapeHtml(changes.baseline)}</th>`).join('')}</tr>`;
  const rows = changes.groups.flatMap((group) =>
    changes.parameters.map((parameter, index) => {
      const label =
        index === 0
          ? `<td rowspan="${changes.parameters.length}"><strong>${escapeHtml(group.attribute)} = ${escapeHtml(group.value)}</strong><br><span class="muted small">${group.patients} patients, ${group.lesions} lesions</span></td>`
          : '';
      const cells = later.map((t) => summaryCell(group.changePercent[parameter][t])).join('');
      return `<tr>${label}<td>${escapeHtml(parameterTitle(parameter))}</td>${cells}</tr>`;
    }),
  );
  return `<table class="cohort-table changes"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One row per baseline lesion: its percent change of each parameter at each later timepoint. */
export function renderLesionChanges(analysis: CohortAnalysis): string {
  const { changes } = analysis;
  const later = analysis.timepoints.slice(1);
  const groupKeys = analysis.groupBy;
  const paramHead = changes.parameters
    .map(
      (p) =>
        `<th class="num" colspan="${later.length}">${escapeHtml(parameterTitle(p).replace(/ \(.*\)$/, ''))}</th>`,
    )
    .join('');
  const tpHead = changes.parameters
    .map(() => later.map((t) => `<th class="num">${escapeHtml(t)}</th>`).join(''))
    .join('');
  const head = `<tr><th rowspan="2">Patient</th>${groupKeys.map((k) => `<th rowspan="2">${escapeHtml(k)}</th>`).join('')}<th rowspan="2">Lesion</th>${paramHead}</tr><tr>${tpHead}</tr>`;
  const rows = changes.lesions.map((lesion) => {
    const attrs = groupKeys
      .map((k) => `<td>${escapeHtml(lesion.attributes[k] ?? '')}</td>`)
      .join('');
    const site =
      lesion.site === null ? '' : ` <span class="muted">${escapeHtml(lesion.site)}</span>`;
    const cells = changes.parameters
      .map((p) =>
        later
          .map((t) => `<td class="num">${formatChange(lesion.changePercent[p][t])}</td>`)
          .join(''),
      )
      .join('');
    return `<tr><td>${escapeHtml(lesion.patientId)}</td>${attrs}<td>${escapeHtml(lesion.lesionId)}${site}</td>${cells}</tr>`;
  });
  if (rows.length === 0)
    return `<p class="muted">No lesion at ${escapeHtml(changes.baseline)}.</p>`;
  return `<table class="cohort-table lesion-changes"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}
