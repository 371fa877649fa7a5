/**
 * POST /timepoints/:tid/import {folder} (a folder on this machine, read by the server) and
 * POST /timepoints/:tid/upload (multipart/form-data, each file under the field "files"): both
 * answer a JobStatus at once (kind import); the job reads, checks and stores the instances and,
 * for a folder import, assigns the proposed sessions (app/import-dicom.ts proposeSessions; a
 * timepoint's stored sessions are kept, new PET series are added: assignProposal). Uploads are held in memory within UPLOAD_LIMITS; beyond
 * them the answer is 413 with an ApiError, and nothing is imported.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { proposeSessions } from '../app/import-dicom.ts';
import { InputError } from '../core/errors.ts';
import type { ImportFolderRequest, JobStatus, SessionInput } from './api-types.ts';
import { HttpError, idParam } from './errors.ts';
import type { Jobs } from './jobs.ts';
import { clientOf } from './routes-records.ts';
import type { Client, ImageStorePort, ImportJobOutcome, StorePort } from './store-port.ts';

/** Bounds of one upload request. The web UI sends at most 400 files or 200 MiB per request. */
export interface UploadLimits {
  files: number;
  fileBytes: number;
  totalBytes: number;
}

/** Files per upload request (our choice: the UI's 400 per batch, with room). */
export const MAX_UPLOAD_FILES = 1000;
/** Bytes of one uploaded file (our choice): an enhanced multi-frame CT can be 100s of MB. */
export const MAX_UPLOAD_FILE_BYTES = 256 * 1024 * 1024;
/** Bytes of one upload request (our choice), held in memory until the job has stored them. */
export const MAX_UPLOAD_TOTAL_BYTES = 256 * 1024 * 1024;

export const UPLOAD_LIMITS: UploadLimits = {
  files: MAX_UPLOAD_FILES,
  fileBytes: MAX_UPLOAD_FILE_BYTES,
  totalBytes: MAX_UPLOAD_TOTAL_BYTES,
};

const MIB = 1024 * 1024;

function tooLarge(what: string, limits: UploadLimits): HttpError {
  return new HttpError(413, {
    error: `upload refused: ${what}; nothing was imported`,
    field: 'files',
    expected: `at most ${limits.files} files, ${Math.floor(limits.fileBytes / MIB)} MiB per file and ${Math.floor(limits.totalBytes / MIB)} MiB per request`,
    hint: 'upload the folder in smaller parts, or import it by its path on this machine',
  });
}

/** The uploaded files of a multipart request, within the limits. */
async function uploadedFiles(
  request: FastifyRequest,
  limits: UploadLimits,
): Promise<{ name: string; bytes: Uint8Array }[]> {
  if (!request.isMultipart()) {
    throw new HttpError(415, {
      error: 'expected multipart/form-data with the DICOM files under the field "files"',
      field: 'files',
    });
  }
  const files: { name: string; bytes: Uint8Array }[] = [];
  let total = 0;
  try {
    for await (const part of request.files()) {
      if (part.fieldname !== 'files') {
        throw new HttpError(400, {
          error: `unexpected form field ${JSON.stringify(part.fieldname)}`,
          field: part.fieldname,
          expected: 'each file under the field "files"',
        });
      }
      const bytes = await part.toBuffer();
      total += bytes.byteLength;
      if (total > limits.totalBytes) throw tooLarge('the request is too large', limits);
      const name = part.filename === '' ? `file ${files.length + 1}` : part.filename;
      files.push({ name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw tooLarge('too many files in one request', limits);
    }
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge('a file is too large', limits);
    throw error;
  }
  if (files.length === 0) {
    throw new HttpError(400, { error: 'the upload holds no files', field: 'files' });
  }
  return files;
}

function folderOf(body: unknown): string {
  const folder = (body as Partial<ImportFolderRequest> | null)?.folder;
  if (typeof folder !== 'string' || folder.trim() === '') {
    throw new InputError(
      { field: 'folder' },
      'expected {"folder": "<absolute path of a folder on this machine>"}',
      'type the full path of the exported DICOM folder',
    );
  }
  return folder.trim();
}

/**
 * Assigns the proposed sessions after an import; true when it changed them. A timepoint without
 * sessions gets the whole proposal; one with sessions keeps them as they are (labels, CTs, seeds)
 * and gains a session for each PET series no session uses yet (a later study of the same
 * timepoint: the 108 h PET/CT imported after the 24 h one), its label made unique. A proposal
 * the store refuses leaves the sessions to the user.
 */
export function assignProposal<S>(
  api: StorePort<S>,
  store: S,
  tid: number,
  client: Client,
): boolean {
  const detail = api.getTimepoint(store, tid);
  const proposal = proposeSessions(detail.series, detail.tracer?.administeredAt ?? null);
  const usedPets = new Set(detail.sessions.map((s) => s.petSeriesId));
  const fresh = proposal.filter((p) => !usedPets.has(p.petSeriesId));
  if (fresh.length === 0) return false;
  const kept: SessionInput[] = detail.sessions.map((s) => ({
    label: s.label,
    petSeriesId: s.petSeriesId,
    ctSeriesId: s.ctSeriesId,
  }));
  const taken = new Set(kept.map((s) => s.label));
  // Labels by order (no tracer time: "pet1", "pet2") take the next free number; labels by hours
  // ("pet24") a suffix ("pet24-2").
  const byOrder = (detail.tracer?.administeredAt ?? null) === null;
  const added = fresh.map((p) => {
    let label = p.label;
    for (let n = 2; taken.has(label); n++) label = byOrder ? `pet${n}` : `${p.label}-${n}`;
    taken.add(label);
    return { ...p, label };
  });
  try {
    api.setSessions(store, tid, [...kept, ...added], client);
    return true;
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
}

export function resultOf(tid: number, outcome: ImportJobOutcome, sessionsAssigned: boolean) {
  return {
    timepointId: tid,
    seriesIds: outcome.seriesIds,
    instancesAdded: outcome.instancesAdded,
    instancesAlreadyStored: outcome.instancesAlreadyStored,
    skippedFiles: outcome.skippedFiles,
    sessionsAssigned,
  };
}

export async function importRoutes<S>(
  app: FastifyInstance,
  jobs: Jobs,
  api: StorePort<S>,
  images: ImageStorePort<S>,
  store: S,
  limits: UploadLimits = UPLOAD_LIMITS,
): Promise<void> {
  await app.register(multipart, {
    limits: { files: limits.files, parts: limits.files + 1, fileSize: limits.fileBytes },
  });
  app.post('/api/timepoints/:tid/import', (request): JobStatus => {
    const tid = idParam(request.params, 'tid');
    const folder = folderOf(request.body);
    api.getTimepoint(store, tid); // 404 before the job starts
    const client = clientOf(request);
    return jobs.start('import', async (control) => {
      const outcome = await images.importFolder(store, tid, folder, client, control);
      return resultOf(tid, outcome, assignProposal(api, store, tid, client));
    });
  });
  app.post('/api/timepoints/:tid/upload', async (request): Promise<JobStatus> => {
    const tid = idParam(request.params, 'tid');
    api.getTimepoint(store, tid);
    const files = await uploadedFiles(request, limits);
    const client = clientOf(request);
    // The UI uploads a folder in several requests: the sessions page proposes them at the end.
    return jobs.start('import', async (control) =>
      resultOf(tid, await images.importUploads(store, tid, files, client, control), false),
    );
  });
}
