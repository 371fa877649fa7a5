/**
 * Where a study comes from: a manifest file, or an in-memory manifest with the folder its relative
 * paths start from (a server, a test, a script). Loaded here with its recovery file, the inputs it
 * names and the hashes that go into the inputs SHA-256 (provenance.ts).
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { InputRef } from '../../core/artefact.ts';
import { InputError } from '../../core/errors.ts';
import type { RecoveryFile } from '../../calibration/recovery-file.ts';
import {
  loadStudyManifest,
  validateWith,
  type ManifestRead,
} from '../../io/manifest/load-manifest.ts';
import { loadRecoveryFile } from '../../io/manifest/load-recovery.ts';
import { studyManifestSchema, type StudyManifest } from '../../io/manifest/manifest-schema.ts';
import { studyInputs, studyInputsAt } from '../../io/manifest/study-inputs.ts';

/** A study manifest file (YAML or JSON; paths relative to its folder). */
export interface StudyFile {
  manifestPath: string;
  /** The file's bytes and parsed text when the caller read them already (a cohort): not re-read. */
  read?: ManifestRead | undefined;
}

/** A study in memory: the manifest (validated here) and the folder of its relative paths. */
export interface StudyInMemory {
  manifest: StudyManifest;
  baseDir: string;
  /** Names the manifest in error messages (default "the in-memory manifest"). */
  name?: string | undefined;
}

/** What a study use case starts from. */
export type StudySource = StudyFile | StudyInMemory;

/** The recovery file a manifest names, read, with the hashes provenance needs. */
export interface LoadedRecovery {
  file: RecoveryFile;
  /** As the manifest gives it. */
  given: string;
  /** Absolute. */
  path: string;
  sha256: string;
}

/** A study source, loaded: the validated manifest and what provenance and the sink need. */
export interface LoadedStudySource {
  manifest: StudyManifest;
  baseDir: string;
  /** The manifest file as given, or null in memory (results' provenance). */
  manifestPath: string | null;
  /** Where errors say the problem is: the manifest path, or the in-memory manifest's name. */
  label: string;
  /** SHA-256 of the manifest file's bytes, or of the in-memory manifest's JSON. */
  manifestSha256: string;
  recovery: LoadedRecovery | null;
  /** The files and folders the study reads (never to be overwritten by an output). */
  inputs: InputRef[];
}

/** Reads (or validates) the manifest of `source`; errors name its file or name. */
export function loadManifestOf(
  source: StudySource,
): Omit<LoadedStudySource, 'recovery' | 'inputs'> {
  if ('manifestPath' in source) {
    const loaded = loadStudyManifest(source.manifestPath, source.read);
    return {
      manifest: loaded.manifest,
      baseDir: dirname(resolve(source.manifestPath)),
      manifestPath: source.manifestPath,
      label: source.manifestPath,
      manifestSha256: loaded.sha256,
    };
  }
  const label = source.name ?? 'the in-memory manifest';
  const manifest = validateWith(studyManifestSchema, source.manifest, label);
  return {
    manifest,
    baseDir: resolve(source.baseDir),
    manifestPath: null,
    label,
    manifestSha256: createHash('sha256').update(JSON.stringify(source.manifest)).digest('hex'),
  };
}

/** Loads `source` fully: manifest, recovery file (errors placed in the manifest), inputs. */
export function loadStudySource(source: StudySource): LoadedStudySource {
  const loaded = loadManifestOf(source);
  const given = loaded.manifest.recovery;
  let recovery: LoadedRecovery | null = null;
  if (given !== undefined) {
    try {
      recovery = { ...loadRecoveryFile(loaded.label, given, loaded.baseDir), given };
    } catch (error) {
      if (error instanceof InputError) throw error.inFile(loaded.label);
      throw error;
    }
  }
  const inputs =
    loaded.manifestPath === null
      ? studyInputsAt(loaded.baseDir, loaded.manifest)
      : studyInputs(loaded.manifestPath, loaded.manifest);
  return { ...loaded, recovery, inputs };
}
