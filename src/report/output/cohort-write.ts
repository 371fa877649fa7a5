/**
 * Writes a cohort's outputs into a folder: cohort.json (the contract of issue 4, strictly JSON),
 * cohort.html (self-contained, with SVG figures) and CSV tables.
 */
import { writeFileSync } from 'node:fs';
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import { cohortJson } from '../../cohort/cohort-json.ts';
import {
  changesCsv,
  eligibilityCsv,
  responseCsv,
  tablesCsv,
  valuesCsv,
} from '../cohort/cohort-csv.ts';
import { renderCohortHtml, type CohortReportMeta } from '../cohort/cohort-html.ts';
import { toSafeJson } from '../json-safe.ts';
import type { OutputSet } from './output-set.ts';

/** Names staged in the output set (relative to its folder) and notes for the user. */
export interface WrittenCohort {
  cohortJson: string;
  cohortHtml: string;
  csv: string[];
  notes: string[];
}

/** Stages cohort.json, cohort.html and the CSV tables into the output set `set`. */
export function writeCohortReports(
  analysis: CohortAnalysis,
  meta: CohortReportMeta,
  set: OutputSet,
): WrittenCohort {
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
  const jsonPath = 'cohort.json';
  writeFileSync(set.file(jsonPath), text);
  const htmlPath = 'cohort.html';
  writeFileSync(set.file(htmlPath), renderCohortHtml(analysis, meta));
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
    writeFileSync(set.file(name), content);
    return name;
  });
  return { cohortJson: jsonPath, cohortHtml: htmlPath, csv: csvPaths, notes };
}
