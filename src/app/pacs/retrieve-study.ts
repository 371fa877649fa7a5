/**
 * Use case "retrieve a study for import": the pull use case (pull.ts: every series complete,
 * every instance checked, one patient) into memory, for the store's all-or-nothing import.
 * Nothing is kept when any check fails: the memory sink is dropped with the error.
 */
import { memorySink } from '../../core/artefact.ts';
import type { PacsNode } from '../../io/pacs/pacs-port.ts';
import type { RunControl } from '../progress.ts';
import { pullStudies } from './pull.ts';
import type { SeriesPlan } from './series-plan.ts';

/** Options of retrieveStudy. */
export interface RetrieveOptions extends RunControl {
  pacs: PacsNode;
  studyUid: string;
  /** Only these series (all of the study when absent). */
  seriesUids?: readonly string[] | undefined;
}

/** A retrieved study: each instance's bytes with a name for messages, and the pull's plan. */
export interface RetrievedStudy {
  files: { name: string; bytes: Uint8Array }[];
  plan: SeriesPlan;
  bytes: number;
}

/** Retrieves the study (see the file comment). */
export async function retrieveStudy(options: RetrieveOptions): Promise<RetrievedStudy> {
  const sink = memorySink();
  const run = await pullStudies({
    pacs: options.pacs,
    studyUids: [options.studyUid],
    seriesUids: options.seriesUids,
    sink,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const files = sink.artefacts.flatMap((a) =>
    'bytes' in a ? [{ name: `${options.pacs.label} ${a.path}`, bytes: a.bytes }] : [],
  );
  return { files, plan: run.plan, bytes: run.bytes };
}
