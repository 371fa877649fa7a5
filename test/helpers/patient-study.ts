// The demo patient of `npm start` (src/demo: two 124I PET/CT sessions, five lesions) written as
// DICOM once per test file, and run through `iodose run` with variations of its manifest.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { buildPatientPhantom } from '../../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../../src/demo/write-patient-phantom.ts';
import type { StudyResults } from '../../src/study/results.ts';
import { runCli, tempDir, type CliRun } from './cli.ts';
import { withFewMonteCarloSamples } from './monte-carlo.ts';

/** The manifest as written by writePatientPhantom, loosely typed for editing. */
export interface PatientManifest {
  tracer: { activityMBq: number; administeredAt: string };
  scans: { id: string; pet: string; ct?: string; series?: string }[];
  lesions: (Record<string, unknown> & { id: string; seedsLps: Record<string, number[]> })[];
  overrides?: Record<string, boolean>;
  [key: string]: unknown;
}

export interface PatientStudy {
  dir: string;
  manifest: PatientManifest;
}

/** Writes the demo patient into a fresh temporary folder (delete `dir` after the tests). */
export function writePatientStudy(prefix: string): PatientStudy {
  const dir = tempDir(prefix);
  const written = writePatientPhantom(join(dir, 'patient'), buildPatientPhantom());
  const manifest = parse(readFileSync(written.manifestPath, 'utf8')) as PatientManifest;
  return { dir: join(dir, 'patient'), manifest };
}

/** Runs a copy of the manifest changed by `mutate`; results.json when the run succeeded. */
export async function runVariant(
  study: PatientStudy,
  name: string,
  mutate: (manifest: PatientManifest) => void = () => {},
): Promise<{ run: CliRun; results: StudyResults | null; path: string }> {
  // These variants check refusals, seeds and VOIs, not the uncertainty: 200 samples suffice.
  const manifest = withFewMonteCarloSamples(structuredClone(study.manifest));
  mutate(manifest);
  const path = join(study.dir, `${name}.yaml`);
  writeFileSync(path, stringify(manifest));
  const out = join(study.dir, `out-${name}`);
  const run = await runCli(['run', path, '--out', out, '--no-pdf']);
  const json = join(out, 'results.json');
  const results =
    run.status === 0 && existsSync(json)
      ? (JSON.parse(readFileSync(json, 'utf8')) as StudyResults)
      : null;
  return { run, results, path };
}
