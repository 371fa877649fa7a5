/**
 * Use case "demo" (`iodose demo`): the bundled synthetic data written into a folder and run.
 * Image level: a digital IEC phantom as DICOM, calibrated (recovery.json), then a digital patient
 * with two 124I PET/CT sessions, run into FOLDER/results. Measurement level: the manifest of
 * measured values only, run into FOLDER/results. Cohort: the demo cohort with FDG PETs
 * (demo/demo-cohort.ts), run into FOLDER/out. The outputs go through the injected FolderOutputs
 * (the CLI's output sets); progress and abort pass through to the use cases it runs, after the
 * stage "write" (the phantoms, the inputs of the run).
 */
import { join, resolve } from 'node:path';
import type { FolderOutputs } from '../core/artefact.ts';
import { buildIecPhantom } from '../demo/iec-phantom.ts';
import { buildPatientPhantom } from '../demo/patient-phantom.ts';
import { writeIecPhantom } from '../demo/write-iec-phantom.ts';
import { writePatientPhantom } from '../demo/write-patient-phantom.ts';
import { writeMeasurementDemo } from '../demo/write-measurement-demo.ts';
import { writeDemoCohort, type WrittenDemoCohort } from '../demo/demo-cohort.ts';
import { calibrate, type CalibrationRun } from './calibrate.ts';
import { computeCohort, type CohortRun } from './cohort/compute-cohort.ts';
import { stages, type RunControl } from './progress.ts';
import { computeStudy, type StudyRun } from './study/compute-study.ts';

/** Which demo. */
export type DemoKind = 'image' | 'measurements' | 'cohort';

/** Options of runDemo. */
export interface DemoRunOptions extends RunControl {
  /** The folder the demo is written into. */
  folder: string;
  kind: DemoKind;
  /** Where the outputs go: report/output's folderOutputs() on this file system. */
  outputs: FolderOutputs;
  /** report.pdf of the study (not for the cohort; default false). */
  pdf?: boolean | undefined;
}

/** The study demos: what was written, and the run with the files of its output set. */
export interface StudyDemoRun {
  kind: 'image' | 'measurements';
  /** Image level: the phantom manifest, its calibration (recovery file written) and the truth. */
  image?: {
    phantomManifest: string;
    calibration: CalibrationRun;
    recoveryPath: string;
    truthPath: string;
  };
  manifestPath: string;
  study: StudyRun;
  /** The files of FOLDER/results (absolute). */
  files: string[];
}

/** The cohort demo: what was written and the cohort run into `outDir`. */
export interface CohortDemoRun {
  kind: 'cohort';
  written: WrittenDemoCohort;
  cohort: CohortRun;
  outDir: string;
  files: string[];
}

/** Writes and runs the demo (see the file comment). */
export async function runDemo(options: DemoRunOptions & { kind: 'cohort' }): Promise<CohortDemoRun>;
export async function runDemo(
  options: DemoRunOptions & { kind: 'image' | 'measurements' },
): Promise<StudyDemoRun>;
export async function runDemo(options: DemoRunOptions): Promise<StudyDemoRun | CohortDemoRun>;
export async function runDemo(options: DemoRunOptions): Promise<StudyDemoRun | CohortDemoRun> {
  const folder = resolve(options.folder);
  const control = { onProgress: options.onProgress, signal: options.signal };
  const run = stages(options, `demo ${folder}`);
  const { outputs } = options;
  if (options.kind === 'cohort') {
    const written = await run.run('write', () => writeDemoCohort(folder));
    const out = join(folder, 'out');
    const { value, files } = await outputs.set(
      out,
      'a folder for the cohort outputs',
      async (sink) => ({
        cohort: await computeCohort(written.cohortPath, { sink, ...control }),
        outDir: sink.folder ?? out,
      }),
    );
    return { kind: 'cohort', written, ...value, files };
  }
  let image: StudyDemoRun['image'];
  let manifestPath: string;
  if (options.kind === 'measurements') {
    manifestPath = await run.run('write', () => writeMeasurementDemo(folder));
  } else {
    const phantom = await run.run('write', () =>
      writeIecPhantom(join(folder, 'iec-phantom'), buildIecPhantom()),
    );
    const recoveryPath = join(folder, 'recovery.json');
    const sink = outputs.file(recoveryPath);
    const calibration = await calibrate(phantom.manifestPath, { sink, ...control });
    const patient = await run.run('write', () =>
      writePatientPhantom(join(folder, 'patient'), buildPatientPhantom(), {
        recovery: '../recovery.json',
      }),
    );
    manifestPath = patient.manifestPath;
    image = {
      phantomManifest: phantom.manifestPath,
      calibration,
      recoveryPath: sink.written[0] ?? recoveryPath,
      truthPath: patient.truthPath,
    };
  }
  const { value: study, files } = await outputs.set(
    join(folder, 'results'),
    'a folder for results.json and the reports',
    (sink) => computeStudy({ manifestPath }, { sink, pdf: options.pdf, ...control }),
  );
  return {
    kind: options.kind,
    ...(image === undefined ? {} : { image }),
    manifestPath,
    study,
    files,
  };
}
