// The image routes' test server: a fresh store (the real store module as both ports, as serve.ts
// passes it) behind buildServer with small upload limits, made before and closed after the tests
// of the file that calls imageServer(); helpers to enter a timepoint with its tracer, a lesion
// with a seed, to wait for a job, and to check a NIfTI file with numpy (+ pydicom for DICOM).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { JobStatus } from '../../src/server/api-types.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import {
  closeStore,
  createLesion,
  createPatient,
  createTimepoint,
  openStore,
  patchTimepoint,
  putSeed,
  type Store,
} from '../../src/store/index.ts';
import { hasPydicom, PYTHON } from '../helpers/external-tools.ts';
import { tempDir } from '../helpers/temp.ts';
import { imageApi, storeApi } from './store-ports.ts';

export const HOST = { host: '127.0.0.1:4100' };
export const TRACER = { nuclide: 'I-124', administeredAt: '2024-03-04T09:15:00', activityMBq: 37 };
export const UPLOAD_TEST_LIMITS = { files: 12, fileBytes: 64 * 1024, totalBytes: 100 * 1024 };
const NIFTI_SCRIPT = join(import.meta.dirname, '..', 'helpers', 'nifti-vs-dicom.py');
const CLIENT = '127.0.0.1 vitest';

export const pydicom = hasPydicom();
if (!pydicom) console.warn('SKIPPED numpy/pydicom checks: /usr/bin/python3 lacks pydicom/numpy');

export interface ImageServer {
  store: Store;
  app: FastifyInstance;
  jobs: Jobs;
  timepointWithTracer(label: string): number;
  lesionWithSeed(
    tid: number,
    label: string,
    seed: { sessionId: number; pointLps: [number, number, number] } | null,
  ): number;
  finished(job: JobStatus): Promise<JobStatus>;
}

/** The test server of this file (its fields are set once beforeAll has run). */
export function imageServer(): ImageServer {
  let patientId = 0;
  const ctx = {
    jobs: new Jobs(),
    timepointWithTracer(label: string): number {
      const store = ctx.store;
      if (patientId === 0) patientId = createPatient(store, { code: 'P01' }, CLIENT).id;
      const tid = createTimepoint(store, patientId, { label }, CLIENT).id;
      patchTimepoint(store, tid, { tracer: TRACER }, CLIENT);
      return tid;
    },
    lesionWithSeed(tid, label, seed) {
      const detail = createLesion(ctx.store, tid, { label }, CLIENT);
      const lid = detail.lesions.find((l) => l.label === label)?.id ?? 0;
      if (seed !== null)
        putSeed(ctx.store, lid, seed.sessionId, { pointLps: seed.pointLps }, CLIENT);
      return lid;
    },
    async finished(job: JobStatus): Promise<JobStatus> {
      const end = await ctx.jobs.settled(job.id);
      if (end === undefined) throw new Error('job vanished');
      return end;
    },
  } as ImageServer;
  beforeAll(async () => {
    ctx.store = openStore(tempDir('iodose-images-data-'));
    ctx.app = await buildServer({
      store: ctx.store,
      api: storeApi,
      images: imageApi,
      version: 'test',
      webRoot: null,
      address: { host: '127.0.0.1', port: 4100 },
      jobs: ctx.jobs,
      uploadLimits: UPLOAD_TEST_LIMITS,
    });
  });
  afterAll(async () => {
    await ctx.app.close();
    closeStore(ctx.store);
  });
  return ctx;
}

export interface NiftiCheck {
  header: Record<string, unknown> & { dim: number[]; datatype: number; pixdim: number[] };
  p995: number;
  max: number;
  nearMax?: number | null;
  sum: number;
  srow: number[][];
  nonzeroIjk?: number[][];
  points: {
    value: number;
    sformRas: number[];
    qformRas: number[];
    dicomValue?: number;
    dicomLps?: number[];
  }[];
}

export function checkNifti(
  bytes: Buffer,
  dicomFolder: string | null,
  ijk: number[][],
  nonzero = false,
  near: { ras: number[]; radiusMm: number } | null = null,
): NiftiCheck {
  const file = join(tempDir('iodose-nii-'), 'v.nii');
  writeFileSync(file, bytes);
  const args = [NIFTI_SCRIPT, file, ...(dicomFolder === null ? [] : [dicomFolder])];
  const out = execFileSync(PYTHON, args, {
    input: JSON.stringify({ ijk, nonzero, near }),
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out.toString()) as NiftiCheck;
}
