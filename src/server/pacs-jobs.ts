/**
 * The PACS jobs. Import (POST /timepoints/:tid/pacs-import {nodeId, studyUid, seriesUids?}):
 * the study's series are asked for at the request (an unreachable node, a refused association,
 * an unknown study or series answers 400 before any job), then the job retrieves the series into
 * memory with every check of `iodose pull` (app/pacs/retrieve-study.ts) and hands them to the
 * store's all-or-nothing import (the same as an upload: another patient, bad UIDs, a series of
 * another timepoint are refused there); a failure or a cancel stores nothing. A timepoint without
 * sessions then gets the proposed ones, as after a folder import (one with sessions gains one per
 * new PET series). Send (POST /runs/:rid/send
 * {nodeId}): every DICOM file of the run (by content: the Part 10 preamble's "DICM", whatever
 * its name) pushed by app/pacs/push.ts; what was sent is written to the audit log.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { retrieveStudy } from '../app/pacs/retrieve-study.ts';
import { pushResults } from '../app/pacs/push.ts';
import { isUid } from '../app/pacs/pulled-instance.ts';
import { InputError } from '../core/errors.ts';
import type { JobStatus, PacsImportRequest } from './api-types.ts';
import { HttpError } from './errors.ts';
import { assignProposal, resultOf } from './routes-import.ts';
import type { PacsRoutesOptions } from './pacs-store-port.ts';
import type { Client } from './store-port.ts';

/** The pull use case's CLI field names as the request's ("--study" -> "studyUid"). */
const FIELDS: Record<string, string> = {
  '--study': 'studyUid',
  '--series': 'seriesUids',
  URL: 'nodeId',
};

/** Runs `work`, naming the request's fields in its InputErrors. */
export async function asRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InputError && error.field !== undefined && error.field in FIELDS) {
      throw new InputError(
        { field: FIELDS[error.field], file: error.file },
        error.expected,
        error.hint,
      );
    }
    throw error;
  }
}

function objectBody(body: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError({}, `expected a JSON object { ${keys.join(', ')} }`);
  }
  const extra = Object.keys(body).find((k) => !keys.includes(k));
  if (extra !== undefined) {
    throw new InputError({ field: extra }, `unknown key (expected only ${keys.join(', ')})`);
  }
  return body as Record<string, unknown>;
}

function nodeIdOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InputError(
      { field: 'nodeId' },
      'expected the id of a PACS node (a whole number above 0)',
      'add the node under Settings, then pick it',
    );
  }
  return value;
}

function uidOf(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || !isUid(value)) {
    throw new InputError(
      { field },
      `expected a ${what} (digits and dots, at most 64 characters), got ${JSON.stringify(value)?.slice(0, 80)}`,
      'pick it from the list the PACS search gives',
    );
  }
  return value;
}

/** The import request checked (see the file comment). */
export function pacsImportRequest(body: unknown): {
  nodeId: number;
  studyUid: string;
  seriesUids: string[] | undefined;
} {
  const value = objectBody(body, [
    'nodeId',
    'studyUid',
    'seriesUids',
  ]) as Partial<PacsImportRequest>;
  const nodeId = nodeIdOf(value.nodeId);
  const studyUid = uidOf(value.studyUid, 'studyUid', 'Study Instance UID');
  const raw: unknown = value.seriesUids;
  if (raw === undefined || raw === null) return { nodeId, studyUid, seriesUids: undefined };
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new InputError(
      { field: 'seriesUids' },
      'expected a non-empty list of Series Instance UIDs (or no seriesUids for the whole study)',
    );
  }
  const seriesUids = raw.map((uid, i) => uidOf(uid, `seriesUids[${i}]`, 'Series Instance UID'));
  return { nodeId, studyUid, seriesUids: [...new Set(seriesUids)] };
}

export async function startPacsImport<S>(
  o: PacsRoutesOptions<S>,
  tid: number,
  body: unknown,
  client: Client,
): Promise<JobStatus> {
  const request = pacsImportRequest(body);
  o.api.getTimepoint(o.store, tid); // 404 before the PACS is asked
  const pacs = o.open(o.pacs.pacsNodeConnection(o.store, request.nodeId));
  const listed = await asRequest(() => pacs.studySeries(request.studyUid));
  const unknown = request.seriesUids?.find((u) => !listed.some((s) => s.seriesInstanceUid === u));
  if (unknown !== undefined) {
    throw new InputError(
      { field: 'seriesUids' },
      `study ${request.studyUid} on ${pacs.label} has no series ${unknown}`,
      'pick the series from the list the PACS gives for the study',
    );
  }
  return o.jobs.start('import', (control) =>
    asRequest(async () => {
      const study = await retrieveStudy({ pacs, ...request, ...control });
      const outcome = await o.images.importUploads(o.store, tid, study.files, client, control);
      return resultOf(tid, outcome, assignProposal(o.api, o.store, tid, client));
    }),
  );
}

/** True for a DICOM Part 10 file: 128 bytes of preamble, then "DICM" (PS3.10 7.1). */
export function isPart10(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && Buffer.from(bytes.subarray(128, 132)).toString('latin1') === 'DICM';
}

export async function startPacsSend<S>(
  o: PacsRoutesOptions<S>,
  runId: number,
  body: unknown,
  client: Client,
): Promise<JobStatus> {
  const nodeId = nodeIdOf(objectBody(body, ['nodeId'])['nodeId']);
  const run = o.api.getRun(o.store, runId);
  const connection = o.pacs.pacsNodeConnection(o.store, nodeId);
  // The run's files by content: a file named .dcm that is not Part 10 is sent too, and refused
  // by the push's check with its name (a damaged result is said, not skipped).
  const files = run.files
    .map((name) => ({ name, path: o.api.runFilePath(o.store, runId, name) }))
    .filter(({ name, path }) => name.toLowerCase().endsWith('.dcm') || isPart10(readHead(path)))
    .map(({ name, path }) => ({ path: name, read: () => new Uint8Array(readFileSync(path)) }));
  if (files.length === 0) {
    throw new HttpError(409, {
      error: `run ${runId} has no DICOM results to send (its files: ${run.files.join(', ')})`,
      expected: 'a run with DICOM artefacts (SEG, RT Dose, ...)',
      hint: 'runs of images make a SEG per session; measurement-level runs make none',
    });
  }
  const pacs = o.open(connection);
  await asRequest(() => pacs.echo()); // an unreachable node answers 400 before any job
  return o.jobs.start('send', (control) =>
    asRequest(async () => {
      const sent = await pushResults({ pacs, files, ...control });
      const record = { nodeId, stored: sent.stored, byModality: sent.byModality };
      o.pacs.recordPacsSend(o.store, runId, { ...record, files: files.map((f) => f.path) }, client);
      return {
        runId,
        timepointId: run.timepointId,
        sent: sent.stored,
        sentByModality: sent.byModality,
      };
    }),
  );
}

/** The first 132 bytes of a file (the preamble and the "DICM" prefix). */
function readHead(path: string): Uint8Array {
  const head = new Uint8Array(132);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, 132, 0));
  } finally {
    closeSync(fd);
  }
}
