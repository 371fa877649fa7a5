/**
 * The cohort report's links to each patient's own report: one row per patient, one cell per
 * timepoint, linking the report.html of that study (relative to cohort.html) when there is one.
 */
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import { escapeHtml } from '../format.ts';

/** One study source with the relative link to its report.html, when known. */
export interface SourceWithReport {
  patientId: string;
  timepoint: string;
  kind: 'results' | 'manifest' | 'fdg-pet';
  /** report.html of that study, relative to cohort.html ("studies/P01/wk0/report.html"). */
  reportHref?: string;
}

/** The links table (HTML); empty string when no study has a report. */
export function renderReportLinks(
  analysis: CohortAnalysis,
  sources: readonly SourceWithReport[],
): string {
  const linked = sources.filter((s) => s.kind !== 'fdg-pet' && s.reportHref !== undefined);
  if (linked.length === 0) return '';
  const rows = analysis.patients.map((patient) => {
    const cells = analysis.timepoints.map((timepoint) => {
      const source = linked.find((s) => s.patientId === patient.id && s.timepoint === timepoint);
      return source?.reportHref === undefined
        ? '<td class="muted">-</td>'
        : `<td><a href="${escapeHtml(source.reportHref)}">report</a></td>`;
    });
    return `<tr><td>${escapeHtml(patient.id)}</td>${cells.join('')}</tr>`;
  });
  const head = analysis.timepoints.map((t) => `<th>${escapeHtml(t)}</th>`).join('');
  return `<table class="settings report-links"><thead><tr><th>Patient</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="small muted">Links are relative to this file: keep the output folder together (a study given as results.json links the report.html beside it, when there is one).</p>`;
}
