/**
 * Use case "cohort of results in memory" (the cohort view of `iodose serve`): the same cohort
 * statistics, tables, figures and cohort.json as `iodose cohort` on results.json files
 * (compute-cohort.ts), from results already computed and held by the caller (the store's latest
 * run of each timepoint). Each results object is checked with the schema `iodose cohort` applies
 * to a results.json; one that fails is left out with a note, not averaged in. The timepoints are
 * ordered by when each patient had them (the tracer's administration time, by pairwise
 * majority over the patients; first appearance breaks ties); the first is the baseline. Patients
 * come in the order of their first study (the stopping rule counts the first patients).
 * Optionally, as a cohort file gives them: the timepoints in order (studies at other timepoints
 * are left out with a note), the patients' attributes and the attributes to group by (default:
 * every attribute the patients carry, in order of first appearance, as `iodose cohort` without
 * `groupBy`; an attribute no patient has is dropped with a note, where the CLI refuses the file).
 */
import { createHash } from 'node:crypto';
import type { Artefact } from '../../core/artefact.ts';
import { InputError } from '../../core/errors.ts';
import { IODOSE_VERSION } from '../../core/version.ts';
import { analyseCohort, type CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import type { CohortPatient, CohortStudy, StoppingRule } from '../../cohort/cohort-types.ts';
import { DEFAULT_STOPPING_RULE, RESERVED_TIMEPOINTS } from '../../io/manifest/cohort-manifest.ts';
import { validateWith } from '../../io/manifest/load-manifest.ts';
import { resultsSchema } from '../../io/manifest/results-part-schema.ts';
import { cohortArtefacts, type CohortFiles } from '../../report/cohort/cohort-artefacts.ts';
import { cohortStudyFromResults } from './load-cohort.ts';

/** One study of the cohort: a patient at a timepoint and its results (results.json's content). */
export interface ResultsStudy {
  patientId: string;
  timepoint: string;
  results: unknown;
  /** Where the results came from ("run 12"), in the report and cohort.json's provenance. */
  source: string;
  /** The study's report.html as a link from the cohort report, when there is one. */
  reportHref?: string | undefined;
}

export interface ResultsCohortOptions {
  name: string;
  /** Names the cohort's origin where `iodose cohort` names its manifest file. */
  label: string;
  studies: readonly ResultsStudy[];
  stoppingRule?: StoppingRule | undefined;
  createdAt?: string | undefined;
  /** Timepoint labels in order, baseline first (default: timepointOrder). */
  timepoints?: readonly string[] | undefined;
  /** Grouping attributes per patient id (a cohort file's per-patient fields). */
  attributes?: Readonly<Record<string, Readonly<Record<string, string | number>>>> | undefined;
  /** The attributes to group by (default: every attribute of the cohort's patients). */
  groupBy?: readonly string[] | undefined;
}

export interface ResultsCohort {
  /** Null when no study could be used (see leftOut). */
  analysis: CohortAnalysis | null;
  /** cohort.json, cohort.html and the CSV tables, as `iodose cohort` writes them. */
  artefacts: Artefact[];
  files: CohortFiles;
  timepoints: string[];
  warnings: string[];
  /** Studies left out, and why. */
  leftOut: string[];
}

const administeredAt = (results: unknown): string | null => {
  const at = (results as { tracer?: { administeredAt?: unknown } } | null)?.tracer?.administeredAt;
  return typeof at === 'string' ? at : null;
};

/** Timepoint labels in order (see the file comment). */
export function timepointOrder(studies: readonly ResultsStudy[]): string[] {
  const labels = [...new Set(studies.map((s) => s.timepoint))];
  const before = new Map<string, number>(); // "a\0b" -> patients with a before b
  const byPatient = new Map<string, ResultsStudy[]>();
  for (const s of studies) byPatient.set(s.patientId, [...(byPatient.get(s.patientId) ?? []), s]);
  for (const own of byPatient.values()) {
    for (const a of own) {
      for (const b of own) {
        const ta = administeredAt(a.results);
        const tb = administeredAt(b.results);
        if (ta === null || tb === null || ta >= tb) continue;
        const key = `${a.timepoint}\0${b.timepoint}`;
        before.set(key, (before.get(key) ?? 0) + 1);
      }
    }
  }
  const votes = (a: string, b: string) => before.get(`${a}\0${b}`) ?? 0;
  const wins = (a: string) => labels.filter((b) => votes(a, b) > votes(b, a)).length;
  return labels
    .map((label, index) => ({ label, index, wins: wins(label) }))
    .sort((x, y) => y.wins - x.wins || x.index - y.index)
    .map((x) => x.label);
}

/** Checks one study; a reason to leave it out, or its cohort values. */
function cohortStudy(study: ResultsStudy, warnings: string[]): CohortStudy | string {
  const where = `${study.patientId} ${study.timepoint}`;
  if ((RESERVED_TIMEPOINTS as readonly string[]).includes(study.timepoint)) {
    return `${where}: left out: the timepoint name "${study.timepoint}" is reserved in cohort.json (rename the timepoint)`;
  }
  try {
    const results = validateWith(resultsSchema, study.results, study.source);
    if (results.patient.id !== study.patientId) {
      warnings.push(
        `${where}: ${study.source} is patient "${results.patient.id}", not "${study.patientId}"`,
      );
    }
    return cohortStudyFromResults(results, study.source);
  } catch (error) {
    if (error instanceof InputError) return `${where}: left out: ${error.message}`;
    throw error;
  }
}

/** Attributes as the cohort statistics group them: by their text, as `iodose cohort` does. */
function attributeText(
  attributes: Readonly<Record<string, string | number>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) out[key] = String(value);
  return out;
}

/** The attributes to group by (see the file comment); a note per attribute dropped. */
function grouping(
  patients: readonly CohortPatient[],
  groupBy: readonly string[] | undefined,
  notes: string[],
): string[] {
  const carried = [...new Set(patients.flatMap((p) => Object.keys(p.attributes)))];
  if (groupBy === undefined) return carried;
  return groupBy.filter((key) => {
    if (carried.includes(key)) return true;
    notes.push(`grouping by "${key}" left out: no patient of the cohort has this attribute`);
    return false;
  });
}

/** The cohort of `options.studies` (no analysis and no artefacts when none can be used). */
export function cohortOfResults(options: ResultsCohortOptions): ResultsCohort {
  const warnings: string[] = [];
  const leftOut: string[] = [];
  const used: ResultsStudy[] = [];
  const patients = new Map<string, Record<string, CohortStudy>>();
  const listed = options.timepoints;
  for (const study of options.studies) {
    if (listed !== undefined && !listed.includes(study.timepoint)) {
      leftOut.push(
        `${study.patientId} ${study.timepoint}: left out: "${study.timepoint}" is not among the cohort's timepoints (${listed.join(', ')})`,
      );
      continue;
    }
    const value = cohortStudy(study, warnings);
    if (typeof value === 'string') {
      leftOut.push(value);
      continue;
    }
    const studies = patients.get(study.patientId) ?? {};
    studies[study.timepoint] = value;
    patients.set(study.patientId, studies);
    used.push(study);
  }
  if (used.length === 0) {
    const files = { cohortJson: '', cohortHtml: '', csv: [], notes: [] };
    return { analysis: null, artefacts: [], files, timepoints: [], warnings, leftOut };
  }
  const timepoints = listed === undefined ? timepointOrder(used) : [...listed];
  const cohortPatients: CohortPatient[] = [...patients].map(([id, studies]) => ({
    id,
    attributes: attributeText(options.attributes?.[id]),
    studies,
  }));
  const input = {
    name: options.name,
    timepoints,
    patients: cohortPatients,
    stoppingRule: options.stoppingRule ?? { ...DEFAULT_STOPPING_RULE },
    groupBy: grouping(cohortPatients, options.groupBy, leftOut),
  };
  const analysis = analyseCohort(input);
  const sources = used.map((s) => ({
    patientId: s.patientId,
    timepoint: s.timepoint,
    path: s.source,
    kind: 'results' as const,
    ...(s.reportHref === undefined ? {} : { reportHref: s.reportHref }),
  }));
  // Stands for the cohort manifest's hash: what went in, results and settings included.
  const inputs = used.map((s) => [s.patientId, s.timepoint, s.source, s.results]);
  const { name, stoppingRule, groupBy } = input;
  const attributes = cohortPatients.map((p) => [p.id, p.attributes]);
  const digest = createHash('sha256').update(
    JSON.stringify({ name, timepoints, stoppingRule, groupBy, attributes, inputs }),
  );
  const made = cohortArtefacts(analysis, {
    version: IODOSE_VERSION,
    cohortPath: options.label,
    cohortSha256: digest.digest('hex'),
    createdAt: options.createdAt ?? new Date().toISOString(),
    sources,
    warnings,
  });
  return { analysis, ...made, timepoints, warnings, leftOut };
}
