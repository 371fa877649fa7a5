/** `iodose run MANIFEST --out DIR`: the study use case, its outputs as one output set. */
import { computeStudy } from '../app/study/compute-study.ts';
import { folderOutputs } from '../report/output/folder-outputs.ts';
import type { CliIo } from './io.ts';
import { summaryLines } from './summary.ts';
import { voxelSummaryLines } from './voxel-summary.ts';

/** Options of `iodose run`. */
export interface RunOptions {
  out: string;
  pdf: boolean;
}

/**
 * The `run` command: the outputs go into `options.out` as one output set (a kill leaves the
 * previous complete set or the new one: report/output/output-set.ts); exit status 0 on success,
 * user errors propagate to main.
 */
export async function runCommand(
  manifestPath: string,
  options: RunOptions,
  io: CliIo,
): Promise<number> {
  const { value, files } = await folderOutputs().set(
    options.out,
    'a folder for results.json and the reports',
    (sink) => computeStudy({ manifestPath }, { sink, pdf: options.pdf }),
  );
  for (const line of summaryLines(value.results)) io.out(line);
  for (const line of voxelSummaryLines(value.results)) io.out(line);
  for (const note of value.notes) io.out(`note: ${note}`);
  for (const file of files) io.out(`wrote ${file}`);
  return 0;
}
