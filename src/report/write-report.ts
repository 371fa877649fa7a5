/**
 * Writes a study's outputs into a folder: results.json (pretty, strictly JSON), report.html
 * (self-contained) and report.pdf when Chromium is available.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StudyResults } from '../study/results.ts';
import { renderReportHtml, type ReportOptions } from './html-report.ts';
import { toSafeJson } from './json-safe.ts';
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

/** Writes results.json, report.html and (when possible) report.pdf into `outDir`. */
export async function writeReports(
  results: StudyResults,
  outDir: string,
  options: WriteReportOptions = {},
): Promise<WrittenReports> {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const notes: string[] = [];
  const resultsJson = join(dir, 'results.json');
  const { text, nonFinitePaths } = toSafeJson(results);
  if (nonFinitePaths.length > 0) {
    notes.push(`results.json: non-finite numbers written as null at ${nonFinitePaths.join(', ')}`);
  }
  writeFileSync(resultsJson, text);
  const reportHtml = join(dir, 'report.html');
  const html = renderReportHtml(results, options);
  writeFileSync(reportHtml, html);
  let reportPdf: string | null = null;
  if (options.pdf ?? true) {
    const pdfPath = join(dir, 'report.pdf');
    const footerText = `iodose ${results.provenance.version} \u2014 patient ${results.patient.id} \u2014 results of ${results.provenance.createdAt}`;
    const pdf = await renderPdf(html, pdfPath, { footerText });
    if (pdf.written) reportPdf = pdfPath;
    else notes.push(pdf.reason ?? 'no PDF written');
  }
  return { resultsJson, reportHtml, reportPdf, notes };
}
