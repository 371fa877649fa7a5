/**
 * `iodose pull URL --study UID [--study UID ...] --out DIR`: the pull use case from a PACS into a
 * new folder (one folder per series and series.json), staged beside DIR and renamed onto it when
 * complete (io/pacs/staged-folder.ts).
 */
import { pullStudies } from '../app/pacs/pull.ts';
import { openPacs } from '../io/pacs/pacs-node.ts';
import { parsePacsAddress } from '../io/pacs/pacs-url.ts';
import { checkPullTarget, stagedFolder } from '../io/pacs/staged-folder.ts';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { pacsOptions, type PacsCliOptions } from './pacs-options.ts';
import type { CliIo } from './io.ts';

/** Options of `iodose pull`. */
export interface PullCommandOptions extends PacsCliOptions {
  study: string[];
  out: string;
}

/** The `pull` command; user errors propagate to main. */
export async function pullCommand(
  url: string,
  options: PullCommandOptions,
  io: CliIo,
): Promise<number> {
  if (options.study.length === 0) {
    throw new InputError({ field: '--study' }, 'is missing', 'give --study STUDY_UID (repeatable)');
  }
  const pacs = openPacs(parsePacsAddress(url), pacsOptions(options));
  checkPullTarget(options.out);
  const started = performance.now();
  const sink = stagedFolder(options.out);
  let out: string;
  let run: Awaited<ReturnType<typeof pullStudies>>;
  try {
    run = await pullStudies({ pacs, studyUids: options.study, sink });
    out = sink.commit();
  } catch (error) {
    sink.abandon();
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const megabytes = run.bytes / 1e6;
  io.out(
    `pulled ${run.instances} instances in ${run.plan.series.length} series ` +
      `(${megabytes.toFixed(1)} MB) from ${pacs.label} in ${seconds.toFixed(1)} s`,
  );
  for (const s of run.plan.series) {
    io.out(`  ${s.folder}: ${s.modality} "${s.seriesDescription}", ${s.instances} instances`);
  }
  for (const session of run.plan.sessions) {
    io.out(`session ${session.scanId}: pet ${session.pet}, ct ${session.ct ?? '(none)'}`);
  }
  io.out(`wrote ${join(out, 'series.json')}`);
  return 0;
}
