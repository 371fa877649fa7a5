/**
 * The run job (POST /api/timepoints/:tid/runs): the timepoint's manifest taken from the store at
 * the request (a timepoint that still misses inputs is refused with 409 before any job starts),
 * then the study use case (app/study/compute-study.ts, the same as `iodose run`) with its
 * artefacts written into a fresh tmp run folder, and the run committed by the store (folder
 * renamed, then the row). A failure or a cancel removes the tmp folder: nothing is stored, and
 * the runs made before are untouched (runs are immutable; re-running makes a new one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AbortedError } from '../app/progress.ts';
import { computeStudy } from '../app/study/compute-study.ts';
import { InputError } from '../core/errors.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import type { JobStatus, RunRequest } from './api-types.ts';
import { HttpError } from './errors.ts';
import type { Jobs } from './jobs.ts';
import type { Client, StorePort } from './store-port.ts';

/** The request body: `{ pdf?: boolean }` (an empty body is `{}`). */
export function runRequest(body: unknown): { pdf: boolean } {
  const value = body ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError({}, 'expected a run request as an object { pdf?: true | false }');
  }
  const extra = Object.keys(value).filter((key) => key !== 'pdf');
  if (extra.length > 0) {
    throw new InputError({ field: extra[0] }, 'unknown key in a run request (expected only pdf)');
  }
  const pdf = (value as RunRequest).pdf ?? false;
  if (typeof pdf !== 'boolean') {
    throw new InputError({ field: 'pdf' }, 'expected pdf as true or false');
  }
  return { pdf };
}

/** Starts the run of timepoint `timepointId`; answers its JobStatus at once (see the file comment). */
export function startRunJob<S>(
  jobs: Jobs,
  api: StorePort<S>,
  store: S,
  timepointId: number,
  body: unknown,
  client: Client,
): JobStatus {
  const { pdf } = runRequest(body);
  const source = api.timepointManifest(store, timepointId);
  if (source.missing.length > 0) {
    throw new HttpError(409, {
      error: `timepoint ${timepointId} cannot be run yet: ${source.missing.join('; ')}`,
      expected: 'a timepoint with everything a run needs',
      hint: 'enter what is listed, then run again',
    });
  }
  return jobs.start('run', async ({ signal, onProgress }) => {
    const { uuid, folder, sink } = api.beginRunFolder(store);
    try {
      const run = await computeStudy(
        {
          // Validated by computeStudy with the manifest schema, as `iodose run` validates a file.
          manifest: source.manifest as unknown as StudyManifest,
          baseDir: source.baseDir,
          name: `the manifest of timepoint ${timepointId}`,
        },
        { sink, pdf, onProgress, signal },
      );
      if (signal.aborted) throw new AbortedError('run', 'store', signal.reason);
      const { provenance, therapy } = run.results;
      // What is stored is results.json as written (non-finite numbers as null).
      const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as unknown;
      const summary = api.insertRun(
        store,
        timepointId,
        {
          uuid,
          inputsSha256: provenance.inputsSha256,
          inputsRev: source.inputsRev,
          version: provenance.version,
          settings: provenance.settings,
          manifest: source.manifest,
          baseDir: source.baseDir,
          results,
          decision: therapy.decision,
          notes: run.notes,
          files: [...sink.files],
        },
        client,
      );
      return { runId: summary.id, timepointId };
    } catch (error) {
      api.abandonRun(store, folder);
      throw error;
    }
  });
}
