/** `iodose run MANIFEST --out DIR`: load, compute, write results.json and the reports. */
import { InputError } from '../core/errors.ts';
import type { OutputInput } from '../report/output/output-guard.ts';
import { writeOutputSet, type OutputSet } from '../report/output/output-set.ts';
import { stageReports } from '../report/output/write-report.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exportVoisAsSeg } from '../app/export-seg.ts';
import { loadStudyImages } from '../app/load-study-images.ts';
import { measureStudyImages, type StudyImages } from '../study/measure-lesions.ts';
import { loadStudyManifest } from '../io/manifest/load-manifest.ts';
import { loadRecoveryFile } from '../io/manifest/load-recovery.ts';
import { expectOutputFolder } from '../io/manifest/path-kinds.ts';
import { runStudy } from '../study/run-study.ts';
import { studyInputs } from '../io/manifest/study-inputs.ts';
import type { StudyResults } from '../study/results.ts';
import type { CliIo } from './io.ts';
import { summaryLines } from './summary.ts';

/** SHA-256 of a file's bytes, hex. */
function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * SHA-256 over everything the results depend on: the manifest's hash, the recovery file's, then
 * each image file as path and content hash (taken by the DICOM reader: no second read).
 */
function inputsSha256(
  manifestSha256: string,
  recoveryPath: string | null,
  images: readonly { path: string; sha256: string }[],
): string {
  const digest = createHash('sha256').update(manifestSha256);
  if (recoveryPath !== null) digest.update(recoveryPath).update(sha256OfFile(recoveryPath));
  for (const file of images) digest.update(file.path).update(file.sha256);
  return digest.digest('hex');
}

/** Options of `iodose run`. */
export interface RunOptions {
  out: string;
  pdf: boolean;
}

/** One computed study: its results, image measurements and the inputs it read. */
export interface ComputedStudy {
  manifestPath: string;
  results: StudyResults;
  images: StudyImages | null;
  inputs: OutputInput[];
}

/** Loads and computes one study (errors name the manifest). */
export async function computeStudy(manifestPath: string): Promise<ComputedStudy> {
  const loaded = loadStudyManifest(manifestPath);
  try {
    const recoveryGiven = loaded.manifest.recovery;
    const recoveryFile =
      recoveryGiven === undefined ? null : loadRecoveryFile(manifestPath, recoveryGiven);
    const recovery = recoveryFile?.curve ?? null;
    const usesImages =
      (loaded.manifest.scans ?? []).length > 0 ||
      loaded.manifest.lesions.some((lesion) => lesion.ctMasks !== undefined);
    const images = usesImages
      ? measureStudyImages(
          loaded.manifest,
          await loadStudyImages(loaded.manifest, dirname(resolve(manifestPath))),
        )
      : null;
    const results = runStudy(loaded.manifest, {
      manifestPath,
      inputsSha256: inputsSha256(
        loaded.sha256,
        loaded.manifest.recovery === undefined
          ? null
          : resolve(dirname(resolve(manifestPath)), loaded.manifest.recovery),
        images?.files ?? [],
      ),
      createdAt: new Date().toISOString(),
      recovery,
      images,
      recoveryFile:
        recoveryFile === null || recoveryGiven === undefined
          ? null
          : {
              path: recoveryGiven,
              sha256: sha256OfFile(resolve(dirname(resolve(manifestPath)), recoveryGiven)),
              scanner: recoveryFile.scanner,
            },
    });
    return { manifestPath, results, images, inputs: studyInputs(manifestPath, loaded.manifest) };
  } catch (error) {
    if (error instanceof InputError) throw error.inFile(manifestPath);
    throw error;
  }
}

/** Stages a computed study's results, reports and SEG files into `set` below `prefix`. */
export async function stageStudy(
  set: OutputSet,
  study: ComputedStudy,
  options: { pdf: boolean; prefix?: string },
): Promise<{ notes: string[] }> {
  const prefix = options.prefix ?? '';
  set.protect(study.inputs);
  const { notes } = await stageReports(study.results, set, prefix, {
    pdf: options.pdf,
    pictures: study.images?.pictures ?? [],
  });
  if (study.images !== null && study.images.vois.length > 0) {
    // The VOIs as DICOM SEG, one per scan, so they can be checked in any viewer.
    try {
      exportVoisAsSeg(study.images.vois, (name) => set.file(`${prefix}${name}`));
    } catch (error) {
      if (error instanceof InputError) throw error.inFile(study.manifestPath);
      throw error;
    }
  }
  return { notes };
}

/**
 * Computes one study and writes its outputs into `options.out` as one output set (a kill leaves
 * the previous complete set or the new one: report/output-set.ts).
 */
export async function computeAndWrite(
  manifestPath: string,
  options: RunOptions,
): Promise<{ results: StudyResults; files: string[]; notes: string[] }> {
  expectOutputFolder(options.out, { field: '--out' }, 'a folder for results.json and the reports');
  const { value, files } = await writeOutputSet(options.out, {}, async (set) => {
    const study = await computeStudy(manifestPath);
    const { notes } = await stageStudy(set, study, { pdf: options.pdf });
    return { results: study.results, notes };
  });
  return { results: value.results, files, notes: value.notes };
}

/** The `run` command: exit status 0 on success; user errors propagate to main. */
export async function runCommand(
  manifestPath: string,
  options: RunOptions,
  io: CliIo,
): Promise<number> {
  const { results, files, notes } = await computeAndWrite(manifestPath, options);
  for (const line of summaryLines(results)) io.out(line);
  for (const note of notes) io.out(`note: ${note}`);
  for (const file of files) io.out(`wrote ${file}`);
  return 0;
}
