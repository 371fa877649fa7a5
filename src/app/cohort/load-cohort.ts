/**
 * Reading a cohort from disk (issue 4): the cohort manifest, then per patient and timepoint a
 * study that is either a results.json already produced (`iodoseResults: 1`) or a study manifest
 * (`iodose: 1`) that the caller runs. Paths are relative to the cohort file. Every problem is one
 * InputError naming the file and the field (`patients[2].studies.wk6`). FDG PETs (`fdg`) are
 * measured for the PERCIST response (cohort-fdg.ts).
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import {
  cohortManifestSchema,
  groupingAttributes,
  patientAttributes,
  type CohortManifest,
} from '../../io/manifest/cohort-manifest.ts';
import type { FdgScanMeasurement } from '../../cohort/cohort-response.ts';
import type { CohortInput, CohortPatient, CohortStudy } from '../../cohort/cohort-types.ts';
import { measureFdgScan } from './fdg-scan.ts';
import {
  parseManifestText,
  readManifestBytes,
  textOf,
  validateWith,
  type ManifestRead,
} from '../../io/manifest/load-manifest.ts';
import type { StudyResults } from '../../study/results.ts';
import { resultsSchema, type ResultsPart } from '../../io/manifest/results-part-schema.ts';
import { pathKind } from '../../io/manifest/path-kinds.ts';
import type { Stages } from '../progress.ts';

/** Runs one study manifest (the CLI writes its results.json and report beside the cohort's). */
export type StudyRunner = (
  manifestPath: string,
  where: { patientId: string; timepoint: string },
  /** The manifest's bytes and parsed text, read once by the cohort (not to be read again). */
  read: ManifestRead,
) => Promise<StudyResults>;

/** Where one study of the cohort came from. */
export interface CohortSource {
  patientId: string;
  timepoint: string;
  path: string;
  kind: 'results' | 'manifest' | 'fdg-pet';
}

/** A cohort read from disk: the statistics input, its sources, warnings and the manifest hash. */
export interface LoadedCohort {
  path: string;
  manifest: CohortManifest;
  input: CohortInput;
  sources: CohortSource[];
  warnings: string[];
  sha256: string;
}

/** Reads and validates the cohort manifest at `path`. */
export function loadCohortManifest(path: string): {
  manifest: CohortManifest;
  sha256: string;
} {
  const bytes = readManifestBytes(path);
  const raw = parseManifestText(bytes.toString('utf8'), path);
  const manifest = validateWith(cohortManifestSchema, raw, path);
  return { manifest, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The cohort's values of one study from its results (results.json or a run). */
export function cohortStudyFromResults(results: ResultsPart | StudyResults, source: string) {
  const study: CohortStudy = {
    source,
    lesions: results.lesions.map((lesion) => ({
      id: lesion.id,
      site: lesion.site ?? null,
      doseGyPerGBq: lesion.doseGyPerGBq,
      uptake24hPercent: lesion.uptake24hPercent,
      residenceTimeH: lesion.residenceTimeH,
      volumeMl: lesion.volumeMl,
      doseAtTherapyGy: lesion.doseAtTherapyGy ?? null,
    })),
    mtaGBq: results.mta?.activityGBq ?? null,
    mtaLimitedBy: results.mta?.limitedBy ?? null,
    wbRetention48hPercent: results.blood?.wbRetention48hPercent ?? null,
    bloodDoseGyPerGBq: results.blood?.doseGyPerGBq ?? null,
    eligible: results.therapy.eligible,
    notAssessable: results.therapy.decision === 'not assessable',
    maxLesionDoseGy: results.therapy.maxLesionDoseGy,
  };
  return study;
}

/** Reads one study file: results.json as it is, a study manifest through `run`. */
async function readStudy(
  file: string,
  at: { cohortPath: string; field: string; patientId: string; timepoint: string },
  run: StudyRunner,
): Promise<{ results: ResultsPart | StudyResults; kind: CohortSource['kind'] }> {
  const where = { file: at.cohortPath, field: at.field };
  const kind = pathKind(file);
  if (kind === 'missing' || kind === 'dangling' || kind === 'loop') {
    throw new InputError(
      where,
      `study file not found: ${file}`,
      'paths are relative to the cohort file',
    );
  }
  if (kind === 'folder') {
    throw new InputError(where, `${file} is a folder, expected a study manifest or results.json`);
  }
  const bytes = readManifestBytes(file);
  const raw = parseManifestText(textOf(bytes), file) as Record<string, unknown>;
  if ('iodoseResults' in raw)
    return { results: validateWith(resultsSchema, raw, file), kind: 'results' };
  if ('iodose' in raw) return { results: await run(file, at, { bytes, raw }), kind: 'manifest' };
  throw new InputError(
    where,
    `${file} is neither iodose results (iodoseResults: 1) nor a study manifest (iodose: 1)`,
    'give a results.json written by `iodose run` or a study manifest',
  );
}

/**
 * Measures the patient's FDG PETs (cohort-fdg.ts). FDG lesion ids need not be dosimetry lesion
 * ids (FDG-avid, iodine-negative lesions are the point of the response); such lesions get a
 * warning because their dosimetry volume change cannot be matched.
 */
async function loadFdg(
  entry: CohortManifest['patients'][number],
  index: number,
  studies: Record<string, CohortStudy>,
  cohort: { path: string; folder: string; sources: CohortSource[]; warnings: string[] },
  step: () => void,
): Promise<Record<string, FdgScanMeasurement> | undefined> {
  if (entry.fdg === undefined) return undefined;
  const out: Record<string, FdgScanMeasurement> = {};
  const dosimetryIds = new Set(
    Object.values(studies).flatMap((study) => study.lesions.map((l) => l.id)),
  );
  const unmatched = new Set<string>();
  for (const [timepoint, scan] of Object.entries(entry.fdg)) {
    const where = {
      cohortPath: cohort.path,
      cohortDir: cohort.folder,
      patientField: `patients[${index}]`,
      timepoint,
    };
    step();
    const measured = await measureFdgScan(scan, entry, where);
    out[timepoint] = measured;
    cohort.sources.push({ patientId: entry.id, timepoint, path: measured.source, kind: 'fdg-pet' });
    for (const w of measured.warnings) cohort.warnings.push(`${entry.id} ${timepoint} FDG: ${w}`);
    for (const id of Object.keys(scan.lesions)) if (!dosimetryIds.has(id)) unmatched.add(id);
  }
  if (dosimetryIds.size > 0 && unmatched.size > 0) {
    cohort.warnings.push(
      `${entry.id} FDG: lesion(s) ${[...unmatched].join(', ')} not among the dosimetry lesions (no volume change for them)`,
    );
  }
  return out;
}

/**
 * Reads the cohort at `path`, running the study manifests it names with `run`. With `stages`,
 * stage "studies" counts the study files and FDG PETs (the signal checked before each).
 */
export async function loadCohort(
  path: string,
  run: StudyRunner,
  stages?: Stages,
): Promise<LoadedCohort> {
  const { manifest, sha256 } = loadCohortManifest(path);
  const folder = dirname(resolve(path));
  const total = manifest.patients.reduce(
    (n, p) =>
      n +
      manifest.timepoints.filter((t) => p.studies[t] !== undefined).length +
      Object.keys(p.fdg ?? {}).length,
    0,
  );
  const report = stages?.begin('studies', total);
  let done = 0;
  // Called before each item: reports the items finished, then checks the signal.
  const step = () => {
    if (done > 0) report?.(done);
    if (done > 0) stages?.check('studies');
    done += 1;
  };
  const sources: CohortSource[] = [];
  const warnings: string[] = [];
  const patients: CohortPatient[] = [];
  for (const [index, entry] of manifest.patients.entries()) {
    const studies: Record<string, CohortStudy> = {};
    for (const timepoint of manifest.timepoints) {
      const relative = entry.studies[timepoint];
      if (relative === undefined) continue;
      const file = resolve(folder, relative);
      const field = `patients[${index}].studies.${timepoint}`;
      const at = { cohortPath: path, field, patientId: entry.id, timepoint };
      step();
      const { results, kind } = await readStudy(file, at, run);
      if (results.patient.id !== entry.id) {
        warnings.push(
          `${entry.id} ${timepoint}: ${relative} is patient "${results.patient.id}", not "${entry.id}"`,
        );
      }
      studies[timepoint] = cohortStudyFromResults(results, relative);
      sources.push({ patientId: entry.id, timepoint, path: file, kind });
    }
    const fdg = await loadFdg(entry, index, studies, { path, folder, sources, warnings }, step);
    patients.push({
      id: entry.id,
      attributes: patientAttributes(entry),
      studies,
      ...(fdg === undefined ? {} : { fdg }),
    });
  }
  if (done > 0) report?.(done);
  const input: CohortInput = {
    name: manifest.name,
    timepoints: manifest.timepoints,
    patients,
    stoppingRule: manifest.stoppingRule,
    groupBy: groupingAttributes(manifest),
  };
  return { path, manifest, input, sources, warnings, sha256 };
}
