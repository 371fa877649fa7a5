/**
 * Writes a cohort's outputs into a folder: cohort.json (the contract of issue 4, strictly JSON),
 * cohort.html (self-contained, with SVG figures) and CSV tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CohortAnalysis } from '../cohort/cohort-analysis.ts';
import { cohortJson } from '../cohort/cohort-json.ts';
import { changesCsv, eligibilityCsv, responseCsv, tablesCsv, valuesCsv } from './cohort-csv.ts';
import { renderCohortHtml, type CohortReportMeta } from './cohort-html.ts';
import { toSafeJson } from './json-safe.ts';

/** Paths written (absolute) and notes for the user. */
export interface WrittenCohort {
  cohortJson: string;
  cohortHtml: string;
  csv: string[];
  notes: string[];
}

/** Writes cohort.json, cohort.html and the CSV tables into `outDir`. */
export function writeCohortReports(
  analysis: CohortAnalysis,
  meta: CohortReportMeta,
  outDir: string,
): WrittenCohort {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const notes: string[] = [];
  const provenance = {
    tool: 'iodose',
    version: meta.version,
    cohortManifest: meta.cohortPath,
    cohortSha256: meta.cohortSha256,
    sources: meta.sources,
    createdAt: meta.createdAt,
  };
  const { text, nonFinitePaths } = toSafeJson(
    cohortJson(analysis, { provenance, warnings: meta.warnings }),
  );
  if (nonFinitePaths.length > 0) {
    notes.push(`cohort.json: non-finite numbers written as null at ${nonFinitePaths.join(', ')}`);
  }
  const jsonPath = join(dir, 'cohort.json');
  writeFileSync(jsonPath, text);
  const htmlPath = join(dir, 'cohort.html');
  writeFileSync(htmlPath, renderCohortHtml(analysis, meta));
  const csv: [string, string][] = [
    ['cohort-tables.csv', tablesCsv(analysis)],
    ['cohort-lesions.csv', valuesCsv(analysis, 'lesion')],
    ['cohort-patients.csv', valuesCsv(analysis, 'patient')],
    ['cohort-changes.csv', changesCsv(analysis)],
    ['cohort-eligibility.csv', eligibilityCsv(analysis)],
  ];
  const response = responseCsv(analysis);
  if (response !== null) csv.push(['cohort-response.csv', response]);
  const csvPaths = csv.map(([name, content]) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  });
  return { cohortJson: jsonPath, cohortHtml: htmlPath, csv: csvPaths, notes };
}
