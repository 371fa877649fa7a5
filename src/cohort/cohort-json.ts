/**
 * The cohort.json contract (issue 4): each parameter at `tables.<lesion|patient>.<name>` with one
 * `{n, median, q1, q3, min, max}` per timepoint and, beside the timepoints, `friedman:
 * {statistic, pValue, blocks}` and `wilcoxonVsBaseline.<timepoint>`; eligibility at
 * `eligibility.overall = {eligible, n, upper95}`; `volumeChanges` (dosimetry lesion volumes vs
 * baseline) and, with FDG PETs, `response` and `fdg` (PERCIST). Quantiles: numpy's default.
 */
import type { CohortAnalysis } from './cohort-analysis.ts';
import type { CohortResponse } from './cohort-response.ts';
import type { ParameterTable } from './cohort-tables.ts';

/** Format version of cohort.json. */
export const COHORT_JSON_VERSION = 1;

/** A parameter table flattened: timepoints and the tests side by side, series per block. */
function flatTable(table: ParameterTable): Record<string, unknown> {
  return {
    ...table.summaries,
    friedman: table.friedman,
    wilcoxonVsBaseline: table.wilcoxonVsBaseline,
  };
}

function flatTables(tables: Record<string, ParameterTable>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, flatTable(t)]));
}

/** The values behind the tables: one row per block (lesion or patient), value per timepoint. */
function seriesOf(tables: Record<string, ParameterTable>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tables).map(([name, table]) => [
      name,
      table.series.map((block) => ({ key: block.key, values: block.values })),
    ]),
  );
}

/**
 * `response.<patientId>.<timepoint>` (PERCIST per patient, lesions by id), `response.summary.
 * <timepoint>` (patients per category) and `fdg.<patientId>.<timepoint>` (the measurements).
 */
function responseJson(response: CohortResponse): Record<string, unknown> {
  return {
    response: { ...response.patients, summary: response.summary },
    fdg: response.measurements,
  };
}

/** The plain object written as cohort.json (extra settings and provenance from the caller). */
export function cohortJson(
  analysis: CohortAnalysis,
  extra: { provenance: Record<string, unknown>; warnings: string[] },
): Record<string, unknown> {
  return {
    iodoseCohort: COHORT_JSON_VERSION,
    name: analysis.name,
    timepoints: analysis.timepoints,
    baseline: analysis.baseline,
    quantileDefinition:
      "numpy default ('linear', Hyndman-Fan type 7): h = (n - 1) q, interpolate between order statistics",
    patients: analysis.patients,
    counts: analysis.counts,
    tables: {
      lesion: flatTables(analysis.tables.lesion),
      patient: flatTables(analysis.tables.patient),
    },
    eligibility: analysis.eligibility,
    changes: analysis.changes,
    volumeChanges: analysis.volumeChanges,
    ...(analysis.response === null ? {} : responseJson(analysis.response)),
    values: {
      lesion: seriesOf(analysis.tables.lesion),
      patient: seriesOf(analysis.tables.patient),
    },
    warnings: extra.warnings,
    provenance: extra.provenance,
  };
}
