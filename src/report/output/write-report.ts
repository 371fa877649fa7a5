/**
 * Writes a study's outputs into a folder: results.json (pretty, strictly JSON), report.html
 * (self-contained) and report.pdf when Chromium is available.
 */
import { writeFileSync } from 'node:fs';
import type { StudyResults } from '../../study/results.ts';
import { renderReportHtml, type ReportOptions } from '../study/html-report.ts';
import { toSafeJson } from '../json-safe.ts';
import { writeOutputSet, type OutputSet } from './output-set.ts';
import { renderPdf } from './pdf.ts';

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

/** Names of the files of one study in an output set, below `prefix` ("" or "studies/P/T/"). */
export function reportNames(prefix = ''): { json: string; html: string; pdf: string } {
  return {
    json: `${prefix}results.json`,
    html: `${prefix}report.html`,
    pdf: `${prefix}report.pdf`,
  };
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
  const notes: string[] = [];
  const names = reportNames(prefix);
  const { text, nonFinitePaths } = toSafeJson(results);
  if (nonFinitePaths.length > 0) {
    notes.push(`results.json: non-finite numbers written as null at ${nonFinitePaths.join(', ')}`);
  }
  writeFileSync(set.file(names.json), text);
  const html = renderReportHtml(results, options);
  writeFileSync(set.file(names.html), html);
  const staged = [names.json, names.html];
  if (options.pdf ?? true) {
    const footerText = `iodose ${results.provenance.version} \u2014 patient ${results.patient.id} \u2014 results of ${results.provenance.createdAt}`;
    const pdf = await renderPdf(html, set.file(names.pdf), { footerText });
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
