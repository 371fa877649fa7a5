/**
 * The self-contained cohort report (cohort.html): inline CSS and SVG, no scripts. Order: header,
 * stopping rule and eligibility, lesion and patient tables (seed Tables 2 and 3), distributions
 * over time (seed Fig. 2), change from baseline per group and per lesion (Supplementary Table 4),
 * the FDG PET response (PERCIST) when the cohort has FDG PETs, methods, warnings and sources.
 */
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import type { ParameterTable } from '../../cohort/cohort-tables.ts';
import { renderBoxPlotSvg, type BoxPlotBlock } from './cohort-boxplot.ts';
import { renderGroupChanges, renderLesionChanges } from './cohort-html-changes.ts';
import { RESPONSE_CSS, renderResponse } from './cohort-html-response.ts';
import { parameterTitle, renderEligibility, renderParameterTable } from './cohort-html-tables.ts';
import { renderReportLinks } from './cohort-html-reports.ts';
import { escapeHtml, formatDateTime } from '../format.ts';
import { REPORT_CSS } from '../report-style.ts';

/** Where the cohort came from: version, manifest, its hash, the study files and warnings. */
export interface CohortReportMeta {
  version: string;
  cohortPath: string;
  cohortSha256: string;
  createdAt: string;
  sources: {
    patientId: string;
    timepoint: string;
    path: string;
    kind: 'results' | 'manifest' | 'fdg-pet';
    /** report.html of that study relative to cohort.html, when there is one. */
    reportHref?: string;
  }[];
  warnings: string[];
}

const COHORT_CSS = `
table.cohort-table { font-size: 8.4pt; }
table.cohort-table td:first-child { min-width: 34mm; }
table.cohort-table tr.parameter td { border-bottom: none; padding-bottom: 0; }
table.cohort-table tr.wilcoxon td { padding-top: 0; }
table.lesion-changes { font-size: 7.4pt; }
table.eligibility { font-size: 8.6pt; }
`;

function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${title}</h2>\n${body}\n</section>`;
}

/** True when the positive values span more than two decades (then a log axis reads better). */
function spansDecades(values: number[]): boolean {
  const positive = values.filter((v) => v > 0);
  return positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 100;
}

/** One distribution figure of a parameter table, points coloured by the first grouping. */
function figure(analysis: CohortAnalysis, table: ParameterTable, what: string): string {
  const attribute = analysis.groupBy[0];
  const groupOf = new Map(
    analysis.patients.map((p) => [
      p.id,
      attribute === undefined ? '' : (p.attributes[attribute] ?? ''),
    ]),
  );
  const blocks: BoxPlotBlock[] = table.series.map((block) => ({
    key: block.key,
    group: groupOf.get(block.patientId) ?? '',
    values: block.values,
  }));
  const log = spansDecades(blocks.flatMap((b) => Object.values(b.values)));
  const svg = renderBoxPlotSvg({
    id: `box-${table.parameter}`,
    title: `${parameterTitle(table.parameter)}, ${what}`,
    yLabel: parameterTitle(table.parameter),
    timepoints: analysis.timepoints,
    boxes: table.summaries,
    blocks,
    yScale: log ? 'log' : 'linear',
  });
  const colour = attribute === undefined ? '' : `; colour: ${escapeHtml(attribute)}`;
  return `<figure>${svg}<figcaption>${escapeHtml(parameterTitle(table.parameter))} per timepoint (${log ? 'log' : 'linear'} scale): box q1\u2013q3 with the median, whiskers min\u2013max, one point per ${what.replace(/s$/, '')}, lines join the same ${what.replace(/s$/, '')} across timepoints${colour}.</figcaption></figure>`;
}

function methods(analysis: CohortAnalysis): string {
  const base = escapeHtml(analysis.baseline);
  return `<ul class="small">
<li>Median and quartiles: numpy's default quantile (method 'linear', Hyndman-Fan type 7): h = (n\u22121)q, linear interpolation between order statistics. n counts the lesions or patients with a value at that timepoint.</li>
<li>Friedman test (tie-corrected, as scipy.stats.friedmanchisquare) across all timepoints, over the blocks (lesions matched by id within a patient, or patients) present at every timepoint; the number of blocks used is shown. It needs at least 3 timepoints and 2 complete blocks.</li>
<li>Wilcoxon signed-rank test (two-sided, as scipy.stats.wilcoxon with its defaults) of each timepoint against the baseline ${base}, over the blocks present at both; exact distribution for up to 50 pairs without ties or zero differences (complete sign-flip enumeration with ties for up to 13 pairs), else the normal approximation.</li>
<li>Residence time in minutes = residence time in hours \u00d7 60 (the seed's Table 2). MTA from each study's results (missing when the study had no blood or whole-body data).</li>
<li>Eligibility: each study's verdict (some lesion reaches the dose threshold at min(planned activity, MTA)); over the trial a patient is eligible when eligible at any timepoint. Upper bound: exact (Clopper-Pearson) one-sided 95%, 1 \u2212 0.05<sup>1/n</sup> for 0 of n.</li>
<li>Change from baseline: 100 \u00d7 (value \u2212 baseline) / baseline per lesion, matched by lesion id; groups summarise their lesions' changes by median (IQR).</li>
</ul>`;
}

const SOURCE_KIND = {
  manifest: 'study manifest (run)',
  results: 'results.json',
  'fdg-pet': 'FDG PET (DICOM)',
} as const;

function sources(meta: CohortReportMeta): string {
  const rows = meta.sources.map(
    (s) =>
      `<tr><td>${escapeHtml(s.patientId)}</td><td>${escapeHtml(s.timepoint)}</td><td>${SOURCE_KIND[s.kind]}</td><td class="mono">${escapeHtml(s.path)}</td></tr>`,
  );
  return `<p class="small">Cohort manifest <code>${escapeHtml(meta.cohortPath)}</code>, SHA-256 <span class="mono hash">${meta.cohortSha256}</span>; iodose ${escapeHtml(meta.version)}.</p>
<table class="settings"><thead><tr><th>Patient</th><th>Timepoint</th><th>Input</th><th>File</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function reportLinks(analysis: CohortAnalysis, meta: CohortReportMeta): string {
  const body = renderReportLinks(analysis, meta.sources);
  return body === '' ? '' : section('patient-reports', 'Patient reports', body);
}

/** One self-contained HTML page (string) reporting a cohort analysis. */
export function renderCohortHtml(analysis: CohortAnalysis, meta: CohortReportMeta): string {
  const { counts, tables } = analysis;
  const patients = (t: string): number => counts[t]?.patients ?? 0;
  const lesions = (t: string): number => counts[t]?.lesions ?? 0;
  const warnings =
    meta.warnings.length === 0
      ? '<p class="muted">None.</p>'
      : `<ul class="warnings">${meta.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`iodose cohort ${analysis.name}`)}</title>
<style>${REPORT_CSS}${COHORT_CSS}${RESPONSE_CSS}</style>
</head>
<body>
<header class="report-header">
<h1>Cohort dosimetry: ${escapeHtml(analysis.name)}</h1>
<p class="muted">${analysis.patients.length} patients; timepoints ${analysis.timepoints.map(escapeHtml).join(', ')} (baseline ${escapeHtml(analysis.baseline)}); generated ${escapeHtml(formatDateTime(meta.createdAt))}.</p>
</header>
${section('eligibility', 'Eligibility for <sup>131</sup>I therapy and stopping rule', renderEligibility(analysis))}
${section(
  'lesion-table',
  'Target lesions: median (IQR) per timepoint',
  renderParameterTable(analysis, tables.lesion, [
    ['No. of patients', patients],
    ['No. of target lesions', lesions],
  ]),
)}
${section('patient-table', 'Therapy safety: median (IQR) per timepoint', renderParameterTable(analysis, tables.patient, [['No. of patients', patients]]))}
${section('figures', 'Distributions over time', `<div class="plots">${figure(analysis, tables.lesion.doseGyPerGBq, 'lesions')}${figure(analysis, tables.patient.mtaGBq, 'patients')}</div>`)}
${section('group-changes', 'Change from baseline per group', renderGroupChanges(analysis))}
${section('lesion-changes', 'Change from baseline per lesion', renderLesionChanges(analysis))}
${analysis.response === null ? '' : section('response', 'FDG PET response (PERCIST 1.0)', renderResponse(analysis))}
${reportLinks(analysis, meta)}
${section('methods', 'Methods', methods(analysis))}
${section('warnings', `Warnings (${meta.warnings.length})`, warnings)}
${section('sources', 'Sources', sources(meta))}
<footer>iodose ${escapeHtml(meta.version)}: cohort statistics for a trial team; check the per-patient reports before drawing conclusions.</footer>
</body>
</html>
`;
}
