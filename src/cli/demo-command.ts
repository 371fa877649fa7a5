/**
 * `iodose demo`: the bundled synthetic study, written to a folder and run.
 * Image level (default): a digital IEC phantom is written as DICOM and calibrated (`iodose
 * calibrate`), then a digital patient with two 124I PET/CT sessions is written and run (`iodose
 * run`). Measurement level (`--measurements`): the manifest of measured values only. Cohort
 * (`--cohort`): the demo cohort with FDG PETs (demo-cohort.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { buildIecPhantom } from '../demo/iec-phantom.ts';
import { buildPatientPhantom } from '../demo/patient-phantom.ts';
import { writeIecPhantom } from '../demo/write-iec-phantom.ts';
import { writePatientPhantom } from '../demo/write-patient-phantom.ts';
import { demoManifest } from '../demo/demo-patient.ts';
import { calibrateCommand } from './calibrate-command.ts';
import { demoCohortCommand } from './demo-cohort.ts';
import type { CliIo } from './io.ts';
import { computeAndWrite } from './run-command.ts';
import { summaryLines } from './summary.ts';

/** Options of `iodose demo`. */
export interface DemoOptions {
  /** Default iodose-demo, with `cohort` iodose-demo-cohort. */
  out?: string | undefined;
  pdf: boolean;
  measurements: boolean;
  /** The demo cohort with FDG PETs (demo-cohort.ts). */
  cohort?: boolean | undefined;
}

/** Writes the demo study into `out`, runs it and prints the summary and report paths. */
export async function demoCommand(options: DemoOptions, io: CliIo): Promise<number> {
  if (options.cohort === true) {
    return demoCohortCommand({ out: options.out ?? 'iodose-demo-cohort' }, io);
  }
  const folder = resolve(options.out ?? 'iodose-demo');
  mkdirSync(folder, { recursive: true });
  const manifestPath = options.measurements
    ? writeMeasurementDemo(folder, io)
    : writeImageDemo(folder, io);
  const { results, files, notes } = await computeAndWrite(manifestPath, {
    out: join(folder, 'results'),
    pdf: options.pdf,
  });
  for (const line of summaryLines(results)) io.out(line);
  for (const note of notes) io.out(`note: ${note}`);
  for (const file of files) io.out(`report: ${file}`);
  return 0;
}

function writeMeasurementDemo(folder: string, io: CliIo): string {
  const manifestPath = join(folder, 'manifest.yaml');
  const header =
    '# iodose demo patient (synthetic, measurement level): 124I values at acquisition time.\n' +
    '# Run it yourself with: iodose run manifest.yaml --out results\n';
  writeFileSync(manifestPath, header + stringify(demoManifest()));
  io.out(`demo study written to ${manifestPath}`);
  return manifestPath;
}

function writeImageDemo(folder: string, io: CliIo): string {
  const phantom = writeIecPhantom(join(folder, 'iec-phantom'), buildIecPhantom());
  io.out(`digital IEC phantom (124I PET/CT DICOM) written to ${phantom.manifestPath}`);
  calibrateCommand(phantom.manifestPath, { out: join(folder, 'recovery.json') }, io);
  const patient = writePatientPhantom(join(folder, 'patient'), buildPatientPhantom(), {
    recovery: '../recovery.json',
  });
  io.out(`digital patient (two 124I PET/CT sessions) written to ${patient.manifestPath}`);
  io.out(`ground truth for comparison: ${patient.truthPath}`);
  return patient.manifestPath;
}
