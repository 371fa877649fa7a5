/**
 * A cohort's artefacts: cohort.json (the contract of issue 4, strictly JSON), cohort.html
 * (self-contained, with SVG figures) and the CSV tables.
 */
import type { Artefact } from '../../core/artefact.ts';
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import { cohortJson } from '../../cohort/cohort-json.ts';
import { changesCsv, eligibilityCsv, responseCsv, tablesCsv, valuesCsv } from './cohort-csv.ts';
import { renderCohortHtml, type CohortReportMeta } from './cohort-html.ts';
import { toSafeJson } from '../json-safe.ts';

/** The names of the cohort files (relative to the output folder) and notes for the user. */
export interface CohortFiles {
  cohortJson: string;
  cohortHtml: string;
  csv: string[];
  notes: string[];
}

/** cohort.json, cohort.html and the CSV tables of `analysis`, in this order. */
export function cohortArtefacts(
  analysis: CohortAnalysis,
  meta: CohortReportMeta,
): { artefacts: Artefact[]; files: CohortFiles } {
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
  const csv: [string, string][] = [
    ['cohort-tables.csv', tablesCsv(analysis)],
    ['cohort-lesions.csv', valuesCsv(analysis, 'lesion')],
    ['cohort-patients.csv', valuesCsv(analysis, 'patient')],
    ['cohort-changes.csv', changesCsv(analysis)],
    ['cohort-eligibility.csv', eligibilityCsv(analysis)],
  ];
  const response = responseCsv(analysis);
  if (response !== null) csv.push(['cohort-response.csv', response]);
  const artefacts: Artefact[] = [
    { path: 'cohort.json', text },
    { path: 'cohort.html', text: renderCohortHtml(analysis, meta) },
    ...csv.map(([path, content]) => ({ path, text: content })),
  ];
  const files = {
    cohortJson: 'cohort.json',
    cohortHtml: 'cohort.html',
    csv: csv.map(([name]) => name),
    notes,
  };
  return { artefacts, files };
}
