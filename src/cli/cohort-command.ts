/**
 * `iodose cohort COHORT --out DIR`: the cohort use case (app/cohort/compute-cohort.ts), its
 * studies' outputs and the cohort files as one output set in DIR.
 */
import { computeCohort } from '../app/cohort/compute-cohort.ts';
import { folderOutputs } from '../report/output/folder-outputs.ts';
import type { CliIo } from './io.ts';
import { cohortRunLines } from './run-summary.ts';

/** Options of `iodose cohort`. */
export interface CohortOptions {
  out: string;
}

/** The `cohort` command: exit status 0 on success; user errors propagate to main. */
export async function cohortCommand(
  cohortPath: string,
  options: CohortOptions,
  io: CliIo,
): Promise<number> {
  const { value } = await folderOutputs().set(
    options.out,
    'a folder for the cohort outputs',
    async (sink) => ({
      run: await computeCohort(cohortPath, { sink }),
      outDir: sink.folder ?? options.out,
    }),
  );
  for (const line of cohortRunLines(value.run, value.outDir)) io.out(line);
  return 0;
}
