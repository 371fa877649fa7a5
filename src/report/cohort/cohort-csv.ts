/**
 * CSV tables of the cohort (RFC 4180: comma-separated, quoted when needed, numbers in full
 * precision, empty cell for a missing value): the parameter tables in long form, the per-lesion
 * and per-patient values, the changes from baseline, and eligibility.
 */
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import type { ParameterTable } from '../../cohort/cohort-tables.ts';

type Cell = string | number | boolean | null | undefined;

/** One CSV field: empty for missing, quoted when it holds a comma, quote or line break. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text (header + rows, CRLF-free, trailing newline). */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

function tableRows(level: string, table: ParameterTable, timepoints: readonly string[]): Cell[][] {
  return timepoints.map((timepoint, index) => {
    const s = table.summaries[timepoint];
    const w = index === 0 ? undefined : table.wilcoxonVsBaseline[timepoint];
    const f = table.friedman;
    return [
      level,
      table.parameter,
      timepoint,
      s?.n,
      s?.median,
      s?.q1,
      s?.q3,
      s?.min,
      s?.max,
      f.statistic,
      f.pValue,
      f.blocks,
      w?.pairs,
      w?.statistic,
      w?.pValue,
      w?.method,
    ];
  });
}

/** Parameter tables, one row per parameter and timepoint (Friedman repeated on each row). */
export function tablesCsv(analysis: CohortAnalysis): string {
  const header = ['level', 'parameter', 'timepoint', 'n', 'median', 'q1', 'q3', 'min', 'max'];
  header.push('friedman_statistic', 'friedman_p', 'friedman_blocks');
  header.push('wilcoxon_vs_baseline_pairs', 'wilcoxon_statistic', 'wilcoxon_p', 'wilcoxon_method');
  const rows = [
    ...Object.values(analysis.tables.lesion).flatMap((t) =>
      tableRows('lesion', t, analysis.timepoints),
    ),
    ...Object.values(analysis.tables.patient).flatMap((t) =>
      tableRows('patient', t, analysis.timepoints),
    ),
  ];
  return toCsv(header, rows);
}

/** The values behind a level's tables: one row per block and timepoint present. */
export function valuesCsv(analysis: CohortAnalysis, level: 'lesion' | 'patient'): string {
  const tables: ParameterTable[] = Object.values(analysis.tables[level]);
  const names = tables.map((t) => t.parameter);
  const attributes = analysis.groupBy;
  const attributesOf = new Map(analysis.patients.map((p) => [p.id, p.attributes]));
  const keys = tables[0]?.series.map((b) => ({ key: b.key, patientId: b.patientId })) ?? [];
  const rows = keys.flatMap(({ key, patientId }) =>
    analysis.timepoints.flatMap((timepoint) => {
      const values = tables.map((t) => t.series.find((b) => b.key === key)?.values[timepoint]);
      if (values.every((v) => v === undefined)) return [];
      const lesion = level === 'lesion' ? [key.slice(patientId.length + 1)] : [];
      const attrs = attributes.map((a) => attributesOf.get(patientId)?.[a]);
      return [[patientId, ...attrs, ...lesion, timepoint, ...values]];
    }),
  );
  const header = [
    'patient',
    ...attributes,
    ...(level === 'lesion' ? ['lesion'] : []),
    'timepoint',
    ...names,
  ];
  return toCsv(header, rows);
}

/** Percent change from baseline, one row per lesion, parameter and later timepoint. */
export function changesCsv(analysis: CohortAnalysis): string {
  const { changes, groupBy } = analysis;
  const later = analysis.timepoints.slice(1);
  const rows = changes.lesions.flatMap((lesion) =>
    changes.parameters.flatMap((parameter) =>
      later.map((timepoint) => [
        lesion.patientId,
        ...groupBy.map((a) => lesion.attributes[a]),
        lesion.lesionId,
        parameter,
        timepoint,
        lesion.baseline[parameter],
        lesion.changePercent[parameter][timepoint],
      ]),
    ),
  );
  const header = [
    'patient',
    ...groupBy,
    'lesion',
    'parameter',
    'timepoint',
    'baseline_value',
    'change_percent',
  ];
  return toCsv(header, rows);
}

/** Eligibility per timepoint and over the trial ("overall"), with the one-sided 95% bound. */
export function eligibilityCsv(analysis: CohortAnalysis): string {
  const { byTimepoint, overall } = analysis.eligibility;
  const rows: Cell[][] = analysis.timepoints.map((t) => {
    const e = byTimepoint[t];
    return [t, e?.eligible, e?.n, e?.missing, e?.upper95, e?.eligiblePatients.join(' ')];
  });
  rows.push([
    'overall',
    overall.eligible,
    overall.n,
    null,
    overall.upper95,
    overall.eligiblePatients.join(' '),
  ]);
  return toCsv(['timepoint', 'eligible', 'n', 'missing', 'upper95', 'eligible_patients'], rows);
}

/**
 * PERCIST response, one row per patient, later timepoint and lesion (lesion "" = the patient's
 * overall category from the hottest lesions); null when the cohort has no FDG PETs.
 */
export function responseCsv(analysis: CohortAnalysis): string | null {
  const response = analysis.response;
  if (response === null) return null;
  const header = ['patient', 'timepoint', 'lesion', 'category', 'baseline_sulpeak'];
  header.push('followup_sulpeak', 'percent_change', 'absolute_change_sul', 'reasons');
  const rows: Cell[][] = [];
  for (const [patientId, byTimepoint] of Object.entries(response.patients)) {
    for (const [timepoint, entry] of Object.entries(byTimepoint)) {
      rows.push([
        patientId,
        timepoint,
        '',
        entry.category,
        entry.baselineTarget?.sulPeak,
        entry.followUpTarget?.sulPeak,
        entry.percentChange,
        entry.absoluteChangeSul,
        entry.reasons.join('; '),
      ]);
      for (const [lesionId, lesion] of Object.entries(entry.lesions)) {
        rows.push([
          patientId,
          timepoint,
          lesionId,
          lesion.category,
          lesion.baselineSul,
          lesion.followUpSul,
          lesion.percentChange,
          lesion.absoluteChangeSul,
          lesion.reason,
        ]);
      }
    }
  }
  return toCsv(header, rows);
}
