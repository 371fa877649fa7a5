/**
 * Use case "run a cohort" (`iodose cohort`): reads the cohort manifest, runs each study manifest
 * it names (its results, report and SEG files below studies/PATIENT/TIMEPOINT/) or reads each
 * results.json, measures the FDG PETs, and makes cohort.json, cohort.html and the CSV tables.
 * Everything goes into one sink, so the studies' outputs and the cohort files switch together
 * (the CLI's output set). Stages: studies (one item per study file or FDG PET), analyse, report,
 * output; each study's own stages are forwarded too, tagged with the study (Progress.study).
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ArtefactSink } from '../../core/artefact.ts';
import { InputError } from '../../core/errors.ts';
import { safeNameStem } from '../../core/safe-name.ts';
import { IODOSE_VERSION } from '../../core/version.ts';
import { analyseCohort, type CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import { pathKind } from '../../io/manifest/path-kinds.ts';
import { cohortArtefacts, type CohortFiles } from '../../report/cohort/cohort-artefacts.ts';
import { stages, type RunControl } from '../progress.ts';
import { computeStudy, handOver } from '../study/compute-study.ts';
import { loadCohort, type CohortSource, type StudyRunner } from './load-cohort.ts';

/** Options of computeCohort. */
export interface CohortRunOptions extends RunControl {
  sink: ArtefactSink;
  /** The cohort's createdAt (default now). */
  createdAt?: string | undefined;
}

/** A cohort run: the analysis, the cohort files made, warnings and every artefact path. */
export interface CohortRun {
  analysis: CohortAnalysis;
  /** cohort.json, cohort.html, the CSV names (relative to the sink's folder) and notes. */
  files: CohortFiles;
  warnings: string[];
  sources: CohortSource[];
  /** Every artefact path handed to the sink (the studies' first), in order. */
  artefacts: string[];
}

/**
 * The folder of one study in the cohort's output: `studies/PATIENT/TIMEPOINT/`, names made safe
 * and injective (core/safe-name.ts); ids that still meet in one folder (letter case, an 8-digit
 * hash) are refused naming both.
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
 * The report.html of a study, relative to the cohort's output folder: the one made for a study
 * manifest (in the same output), or the one beside a results.json when the sink is a folder;
 * undefined when none.
 */
function reportHref(
  outDir: string | undefined,
  source: CohortSource,
  folderOf: (patientId: string, timepoint: string) => string,
): string | undefined {
  if (source.kind === 'fdg-pet') return undefined;
  if (source.kind === 'manifest') {
    return encodeURI(`${folderOf(source.patientId, source.timepoint)}report.html`);
  }
  const report = join(dirname(source.path), 'report.html');
  const kind = pathKind(report);
  if (outDir === undefined || kind === 'missing' || kind === 'dangling' || kind === 'loop') {
    return undefined;
  }
  return encodeURI(relative(outDir, report).split(sep).join('/'));
}

/** Runs the cohort of `cohortPath` (see the file comment). */
export async function computeCohort(
  cohortPath: string,
  options: CohortRunOptions,
): Promise<CohortRun> {
  const run = stages(options, `cohort ${cohortPath}`);
  const { sink } = options;
  // One creation time for the cohort and every study it runs (reproducible outputs).
  const createdAt = options.createdAt ?? new Date().toISOString();
  sink.declareInputs?.([{ path: resolve(cohortPath), what: 'the cohort manifest' }]);
  const folderOf = studyFolders(cohortPath);
  const artefacts: string[] = [];
  const runStudy: StudyRunner = async (manifestPath, where, read) => {
    const prefix = folderOf(where.patientId, where.timepoint);
    const { onProgress } = options;
    const study = await computeStudy(
      { manifestPath, read },
      {
        sink,
        prefix,
        signal: options.signal,
        createdAt,
        // the study's own stages, forwarded with which study they belong to
        onProgress:
          onProgress === undefined
            ? undefined
            : (progress) =>
                onProgress({
                  ...progress,
                  study: { patientId: where.patientId, timepoint: where.timepoint },
                }),
      },
    );
    artefacts.push(...study.artefacts);
    return study.results;
  };
  const loaded = await loadCohort(cohortPath, runStudy, run);
  sink.declareInputs?.(
    loaded.sources.map((source) => ({
      path: source.path,
      what: `the ${source.kind} input of ${source.patientId} ${source.timepoint}`,
    })),
  );
  const analysis = await run.run('analyse', () => analyseCohort(loaded.input));
  const made = await run.run('report', () =>
    cohortArtefacts(analysis, {
      version: IODOSE_VERSION,
      cohortPath: resolve(cohortPath),
      cohortSha256: loaded.sha256,
      createdAt,
      sources: loaded.sources.map((source) => {
        const href = reportHref(sink.folder, source, folderOf);
        return href === undefined ? source : { ...source, reportHref: href };
      }),
      warnings: loaded.warnings,
    }),
  );
  artefacts.push(...(await handOver(run, sink, made.artefacts)));
  return {
    analysis,
    files: made.files,
    warnings: loaded.warnings,
    sources: loaded.sources,
    artefacts,
  };
}
