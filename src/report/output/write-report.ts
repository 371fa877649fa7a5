/**
 * Writes a study's outputs into a folder: results.json (pretty, strictly JSON), report.html
 * (self-contained) and report.pdf when Chromium is available.
 */
import { writeFileSync } from 'node:fs';
import type { StudyResults } from '../../study/results.ts';
import type { ReportOptions } from '../study/html-report.ts';
import { pdfFooterText, reportNames, studyReportArtefacts } from '../study/study-artefacts.ts';
import { writeOutputSet, type OutputSet } from './output-set.ts';
import { renderPdf } from './pdf.ts';

export { reportNames } from '../study/study-artefacts.ts';

/** Options of writeReports. */
export interface WriteReportOptions extends ReportOptions {
  /** Also print report.pdf (default true; skipped with a note when Chromium is missing). */
  pdf?: boolean;
}

/** Paths written (absolute) and notes for the user (PDF skipped, values made null). */
export interface WrittenReports {
  resultsJson: string;
  reportHtml: string;
  reportPdf: string | null;
  notes: string[];
}

/**
 * Stages results.json, report.html and (when possible) report.pdf into the output set `set`
 * below `prefix`; returns the names staged and notes for the user.
 */
export async function stageReports(
  results: StudyResults,
  set: OutputSet,
  prefix = '',
  options: WriteReportOptions = {},
): Promise<{ names: string[]; notes: string[] }> {
  const names = reportNames(prefix);
  const { json, html, notes } = studyReportArtefacts(results, options);
  writeFileSync(set.file(names.json), json.text);
  writeFileSync(set.file(names.html), html.text);
  const staged = [names.json, names.html];
  if (options.pdf ?? true) {
    const footerText = pdfFooterText(results);
    const pdf = await renderPdf(html.text, set.file(names.pdf), { footerText });
    if (pdf.written) staged.push(names.pdf);
    else {
      set.drop(names.pdf);
      notes.push(pdf.reason ?? 'no PDF written');
    }
  }
  return { names: staged, notes };
}

/**
 * Writes results.json, report.html and (when possible) report.pdf into `outDir` as one output
 * set (output-set.ts: a kill leaves the old reports or the new ones, never a mix).
 */
export async function writeReports(
  results: StudyResults,
  outDir: string,
  options: WriteReportOptions = {},
): Promise<WrittenReports> {
  const { value, files } = await writeOutputSet(outDir, {}, (set) =>
    stageReports(results, set, '', options),
  );
  const [resultsJson = '', reportHtml = '', reportPdf = null] = files;
  return { resultsJson, reportHtml, reportPdf, notes: value.notes };
}
