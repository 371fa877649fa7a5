/** The lines `calibrate`, `cohort` and `demo` print (shared, so no command imports another). */
import { join } from 'node:path';
import type { RecoveryFile } from '../calibration/recovery-file.ts';
import type { CohortRun } from '../app/cohort/compute-cohort.ts';
import { emptyCounts, responseCountsText } from '../cohort/cohort-response.ts';
import type { CohortAnalysis } from '../cohort/cohort-analysis.ts';
import { sig3 } from './summary.ts';

/** The curve, the sphere table and the warnings of a recovery file, then `wrote FILE`. */
export function calibrationLines(file: RecoveryFile, written: string): string[] {
  const c = file.curve;
  const lines = [
    `RC(V) = ${sig3(c.plateau)} / (1 + (${sig3(c.halfVolumeMl)} mL / V)^${sig3(c.slope)}), ` +
      `calibrated ${sig3(c.rangeMl[0])}-${sig3(c.rangeMl[1])} mL, rms residual ${sig3(c.rmsResidual)}`,
    '  d mm    V mL    RC meas  RC fit',
  ];
  for (const point of c.points) {
    const sphere = file.spheres.find((s) => s['volumeMl'] === point.volumeMl);
    const d = typeof sphere?.['diameterMm'] === 'number' ? sphere['diameterMm'] : NaN;
    lines.push(
      `${sig3(d).padStart(6)}  ${sig3(point.volumeMl).padStart(6)}  ${sig3(point.recoveryCoefficient).padStart(8)}  ${sig3(point.fittedRc).padStart(6)}`,
    );
  }
  for (const warning of file.warnings) lines.push(`warning: ${warning}`);
  lines.push(`wrote ${written}`);
  return lines;
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

/** All lines of a cohort run written into `outDir`: summary, warnings, notes, files. */
export function cohortRunLines(run: CohortRun, outDir: string): string[] {
  const { files } = run;
  return [
    ...cohortSummaryLines(run.analysis),
    ...run.warnings.map((warning) => `warning: ${warning}`),
    ...files.notes.map((note) => `note: ${note}`),
    ...[files.cohortJson, files.cohortHtml, ...files.csv].map(
      (file) => `wrote ${join(outDir, file)}`,
    ),
  ];
}
