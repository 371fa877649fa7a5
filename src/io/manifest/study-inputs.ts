/** The files and folders a study reads, so that no output of iodose ever replaces one. */
import { dirname, resolve } from 'node:path';
import type { StudyManifest } from './manifest-schema.ts';

/** A file or folder a study reads, and what it is (for error messages). */
export interface StudyInput {
  path: string;
  what: string;
}

/** The files and folders a study manifest makes iodose read (never to be overwritten). */
export function studyInputs(manifestPath: string, manifest: StudyManifest): StudyInput[] {
  return [
    { path: resolve(manifestPath), what: 'the study manifest' },
    ...studyInputsAt(dirname(resolve(manifestPath)), manifest),
  ];
}

/** The files and folders `manifest` names, its paths relative to `baseDir` (no manifest file). */
export function studyInputsAt(baseDir: string, manifest: StudyManifest): StudyInput[] {
  const at = (path: string) => resolve(baseDir, path);
  const inputs: StudyInput[] = [];
  if (manifest.recovery !== undefined) {
    inputs.push({ path: at(manifest.recovery), what: 'the recovery file' });
  }
  for (const scan of manifest.scans ?? []) {
    inputs.push({ path: at(scan.pet), what: `the PET folder of scan ${scan.id}` });
    if (scan.ct !== undefined) {
      inputs.push({ path: at(scan.ct), what: `the CT folder of scan ${scan.id}` });
    }
  }
  for (const ct of manifest.extraCts ?? []) {
    inputs.push({ path: at(ct.ct), what: `the CT folder of ${ct.id}` });
  }
  for (const lesion of manifest.lesions) {
    for (const mask of lesion.ctMasks ?? []) {
      inputs.push({ path: at(mask.path), what: `a CT mask of lesion ${lesion.id}` });
    }
  }
  return inputs;
}
