/**
 * `iodose demo`: the bundled synthetic study written to a folder and run (app/demo.ts). Image
 * level (default): a digital IEC phantom, calibrated, then a digital patient with two 124I PET/CT
 * sessions. Measurement level (`--measurements`): the manifest of measured values only. Cohort
 * (`--cohort`): the demo cohort with FDG PETs (demo/demo-cohort.ts).
 */
import { runDemo } from '../app/demo.ts';
import { folderOutputs } from '../report/output/folder-outputs.ts';
import type { CliIo } from './io.ts';
import { calibrationLines, cohortRunLines } from './run-summary.ts';
import { summaryLines } from './summary.ts';
import { voxelSummaryLines } from './voxel-summary.ts';

/** Options of `iodose demo`. */
export interface DemoOptions {
  /** Default iodose-demo, with `cohort` iodose-demo-cohort. */
  out?: string | undefined;
  pdf: boolean;
  measurements: boolean;
  /** The demo cohort with FDG PETs (demo/demo-cohort.ts). */
  cohort?: boolean | undefined;
}

/** Writes the demo into `out`, runs it and prints what was written, the summary and the files. */
export async function demoCommand(options: DemoOptions, io: CliIo): Promise<number> {
  const outputs = folderOutputs();
  if (options.cohort === true) {
    const demo = await runDemo({
      folder: options.out ?? 'iodose-demo-cohort',
      kind: 'cohort',
      outputs,
    });
    for (const p of demo.written.fdgPatients) {
      io.out(
        `digital FDG PETs (18F DICOM) of ${p.id} at ${p.timepoints.join(', ')} written to ${p.folder}`,
      );
    }
    io.out(`cohort manifest written to ${demo.written.cohortPath}`);
    for (const line of cohortRunLines(demo.cohort, demo.outDir)) io.out(line);
    return 0;
  }
  const kind = options.measurements ? ('measurements' as const) : ('image' as const);
  const demo = await runDemo({
    folder: options.out ?? 'iodose-demo',
    kind,
    pdf: options.pdf,
    outputs,
  });
  const image = demo.image;
  if (image === undefined) io.out(`demo study written to ${demo.manifestPath}`);
  else {
    io.out(`digital IEC phantom (124I PET/CT DICOM) written to ${image.phantomManifest}`);
    for (const line of calibrationLines(image.calibration.recovery, image.recoveryPath)) {
      io.out(line);
    }
    io.out(`digital patient (two 124I PET/CT sessions) written to ${demo.manifestPath}`);
    io.out(`ground truth for comparison: ${image.truthPath}`);
  }
  for (const line of summaryLines(demo.study.results)) io.out(line);
  for (const line of voxelSummaryLines(demo.study.results)) io.out(line);
  for (const note of demo.study.notes) io.out(`note: ${note}`);
  for (const file of demo.files) io.out(`report: ${file}`);
  return 0;
}
