/**
 * `iodose cohort COHORT --out DIR`: reads the cohort manifest, runs each study manifest it names
 * (results and report into DIR/studies/PATIENT/TIMEPOINT) or reads each results.json, and writes
 * cohort.json, cohort.html and the CSV tables into DIR.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { analyseCohort, type CohortAnalysis } from '../cohort/cohort-analysis.ts';
import { emptyCounts, responseCountsText } from '../cohort/cohort-response.ts';
import { writeCohortReports } from '../report/cohort-write.ts';
import { loadCohort, type CohortSource, type StudyRunner } from '../study/cohort-load.ts';
import { IODOSE_VERSION } from '../study/version.ts';
import type { CliIo } from './main.ts';
import { computeAndWrite } from './run-command.ts';

/** Options of `iodose cohort`. */
export interface CohortOptions {
  out: string;
}

/** A folder name made of safe characters only (patient ids and timepoints are free text). */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The report.html of a study, relative to the cohort's output folder: the one `run` wrote for a
 * study manifest, or the one beside a results.json; undefined when there is none.
 */
function reportHref(out: string, source: CohortSource): string | undefined {
  if (source.kind === 'fdg-pet') return undefined;
  const report =
    source.kind === 'manifest'
      ? join(studyFolder(out, source.patientId, source.timepoint), 'report.html')
      : join(dirname(source.path), 'report.html');
  if (!existsSync(report)) return undefined;
  return encodeURI(relative(out, report).split(sep).join('/'));
}

function studyFolder(out: string, patientId: string, timepoint: string): string {
  return join(out, 'studies', safeName(patientId), safeName(timepoint));
}

/** Summary lines: counts per timepoint, eligibility over the trial and the stopping verdict. */
export function cohortSummaryLines(analysis: CohortAnalysis): string[] {
  const counts = analysis.timepoints
    .map((t) => `${t} ${analysis.counts[t]?.patients ?? 0}/${analysis.counts[t]?.lesions ?? 0}`)
    .join(', ');
  const { overall, stoppingRule } = analysis.eligibility;
  const upper = overall.upper95 === null ? '-' : `${(100 * overall.upper95).toFixed(1)}%`;
  const response = analysis.response;
  const responseLines =
    response === null
      ? []
      : response.timepoints.map((t) => {
          const counts = response.summary[t] ?? emptyCounts();
          return `FDG response (PERCIST) ${t} vs ${response.baseline}: ${responseCountsText(counts)}`;
        });
  return [
    `cohort ${analysis.name}: ${analysis.patients.length} patients; patients/lesions per timepoint: ${counts}`,
    `eligible at any timepoint: ${overall.eligible} of ${overall.n} (one-sided 95% upper bound ${upper})`,
    `stopping rule: ${stoppingRule.verdict} (${stoppingRule.explanation})`,
    ...responseLines,
  ];
}

/** The `cohort` command: exit status 0 on success; user errors propagate to main. */
export async function cohortCommand(
  cohortPath: string,
  options: CohortOptions,
  io: CliIo,
): Promise<number> {
  const out = resolve(options.out);
  const run: StudyRunner = async (manifestPath, where) => {
    const folder = studyFolder(out, where.patientId, where.timepoint);
    const { results } = await computeAndWrite(manifestPath, { out: folder, pdf: false });
    return results;
  };
  const loaded = await loadCohort(cohortPath, run);
  const analysis = analyseCohort(loaded.input);
  const written = writeCohortReports(
    analysis,
    {
      version: IODOSE_VERSION,
      cohortPath: resolve(cohortPath),
      cohortSha256: loaded.sha256,
      createdAt: new Date().toISOString(),
      sources: loaded.sources.map((source) => {
        const href = reportHref(out, source);
        return href === undefined ? source : { ...source, reportHref: href };
      }),
      warnings: loaded.warnings,
    },
    out,
  );
  for (const line of cohortSummaryLines(analysis)) io.out(line);
  for (const warning of loaded.warnings) io.out(`warning: ${warning}`);
  for (const note of written.notes) io.out(`note: ${note}`);
  for (const file of [written.cohortJson, written.cohortHtml, ...written.csv]) {
    io.out(`wrote ${file}`);
  }
  return 0;
}
