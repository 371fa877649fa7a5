/**
 * The artefacts of one study's report: results.json (pretty, strictly JSON: non-finite numbers
 * become null, with a note) and report.html (self-contained). The PDF is printed from the HTML
 * by report/output/pdf.ts.
 */
import type { Artefact } from '../../core/artefact.ts';
import type { StudyResults } from '../../study/results.ts';
import { toSafeJson } from '../json-safe.ts';
import { renderReportHtml, type ReportOptions } from './html-report.ts';

/** Names of the files of one study in an output set, below `prefix` ("" or "studies/P/T/"). */
export function reportNames(prefix = ''): { json: string; html: string; pdf: string } {
  return {
    json: `${prefix}results.json`,
    html: `${prefix}report.html`,
    pdf: `${prefix}report.pdf`,
  };
}

/** results.json and report.html of `results`, and notes for the user. */
export function studyReportArtefacts(
  results: StudyResults,
  options: ReportOptions = {},
): { json: Artefact & { text: string }; html: Artefact & { text: string }; notes: string[] } {
  const names = reportNames();
  const notes: string[] = [];
  const { text, nonFinitePaths } = toSafeJson(results);
  if (nonFinitePaths.length > 0) {
    notes.push(`results.json: non-finite numbers written as null at ${nonFinitePaths.join(', ')}`);
  }
  return {
    json: { path: names.json, text },
    html: { path: names.html, text: renderReportHtml(results, options) },
    notes,
  };
}

/** The footer line of every PDF page. */
export function pdfFooterText(results: StudyResults): string {
  return `iodose ${results.provenance.version} \u2014 patient ${results.patient.id} \u2014 results of ${results.provenance.createdAt}`;
}
