/**
 * `iodose cohort COHORT --out DIR`: reads the cohort manifest, runs each study manifest it names
 * (results and report into DIR/studies/PATIENT/TIMEPOINT) or reads each results.json, and writes
 * cohort.json, cohort.html and the CSV tables into DIR.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.ts';
import { safeNameStem } from '../core/safe-name.ts';
import { analyseCohort, type CohortAnalysis } from '../cohort/cohort-analysis.ts';
import { emptyCounts, responseCountsText } from '../cohort/cohort-response.ts';
import { writeCohortReports } from '../report/output/cohort-write.ts';
import { writeOutputSet } from '../report/output/output-set.ts';
import { loadCohort, type CohortSource, type StudyRunner } from '../app/cohort/load-cohort.ts';
import { expectOutputFolder } from '../io/manifest/path-kinds.ts';
import { IODOSE_VERSION } from '../core/version.ts';
import type { CliIo } from './io.ts';
import { computeStudy, stageStudy } from './run-command.ts';

/** Options of `iodose cohort`. */
export interface CohortOptions {
  out: string;
}

/**
 * The folder of one study in the cohort's output set: `studies/PATIENT/TIMEPOINT/`, names made
 * safe and injective (core/safe-name.ts); ids that still meet in one folder (letter case, an
 * 8-digit hash) are refused naming both.
 */
function studyFolders(cohortPath: string): (patientId: string, timepoint: string) => string {
  const taken = new Map<string, string>();
  return (patientId, timepoint) => {
    const folder = `studies/${safeNameStem(patientId)}/${safeNameStem(timepoint)}/`;
    const key = folder.toLowerCase();
    const who = `patient "${patientId}" at "${timepoint}"`;
    const other = taken.get(key);
    if (other !== undefined && other !== who) {
      throw new InputError(
        { file: cohortPath },
        `${other} and ${who} would write into the same folder ${folder}`,
        'make the patient ids (or timepoints) differ by more than letter case',
      );
    }
    taken.set(key, who);
    return folder;
  };
}

/**
 * The report.html of a study, relative to the cohort's output folder: the one staged for a study
 * manifest (in the same output set), or the one beside a results.json; undefined when none.
 */
function reportHref(
  outDir: string,
  source: CohortSource,
  folderOf: (patientId: string, timepoint: string) => string,
): string | undefined {
  if (source.kind === 'fdg-pet') return undefined;
  if (source.kind === 'manifest') {
    return encodeURI(`${folderOf(source.patientId, source.timepoint)}report.html`);
  }
  const report = join(dirname(source.path), 'report.html');
  if (!existsSync(report)) return undefined;
  return encodeURI(relative(outDir, report).split(sep).join('/'));
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
  expectOutputFolder(options.out, { field: '--out' }, 'a folder for the cohort outputs');
  // One output set for the whole cohort: the studies' results and reports and the cohort files
  // switch together (report/output-set.ts).
  const { value } = await writeOutputSet(options.out, {}, async (set) => {
    set.protect([{ path: resolve(cohortPath), what: 'the cohort manifest' }]);
    const folderOf = studyFolders(cohortPath);
    const run: StudyRunner = async (manifestPath, where) => {
      const prefix = folderOf(where.patientId, where.timepoint);
      const study = await computeStudy(manifestPath);
      await stageStudy(set, study, { pdf: false, prefix });
      return study.results;
    };
    const loaded = await loadCohort(cohortPath, run);
    set.protect(
      loaded.sources.map((source) => ({
        path: source.path,
        what: `the ${source.kind} input of ${source.patientId} ${source.timepoint}`,
      })),
    );
    const analysis = analyseCohort(loaded.input);
    const written = writeCohortReports(
      analysis,
      {
        version: IODOSE_VERSION,
        cohortPath: resolve(cohortPath),
        cohortSha256: loaded.sha256,
        createdAt: new Date().toISOString(),
        sources: loaded.sources.map((source) => {
          const href = reportHref(set.outDir, source, folderOf);
          return href === undefined ? source : { ...source, reportHref: href };
        }),
        warnings: loaded.warnings,
      },
      set,
    );
    return { analysis, loaded, written, outDir: set.outDir };
  });
  const { analysis, loaded, written, outDir } = value;
  for (const line of cohortSummaryLines(analysis)) io.out(line);
  for (const warning of loaded.warnings) io.out(`warning: ${warning}`);
  for (const note of written.notes) io.out(`note: ${note}`);
  for (const file of [written.cohortJson, written.cohortHtml, ...written.csv]) {
    io.out(`wrote ${join(outDir, file)}`);
  }
  return 0;
}
