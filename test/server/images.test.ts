// The import and image routes (src/server/routes-import.ts, routes-images.ts) over the real
// store's import and series functions (records' functions by test/server/records-stand-in.ts):
// folder import and multipart upload as jobs (progress, result, proposed sessions), upload
// limits (413 ApiError), the volumes as NIfTI checked by numpy + pydicom (values and RAS sform at
// voxels vs the DICOM definition), the session view, and the VOI preview on a phantom whose
// answer is known (a 6-voxel cube: 216 voxels, 1.728 mL, as test/app/preview-voi.test.ts).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, voxelIndex, type Volume } from '../../src/core/volume.ts';
import { writeCtSeries, writePetSeries } from '../../src/io/dicom/write/write-series.ts';
import type { JobStatus, SessionView, VoiPreview } from '../../src/server/api-types.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import { closeStore, openStore, type Store } from '../../src/store/index.ts';
import { seriesInstances, writeSeries } from '../fixtures/dicom/make-series.ts';
import { hasPydicom, PYTHON } from '../helpers/external-tools.ts';
import { tempDir } from '../helpers/temp.ts';
import { count, CT_UID, ctSpec, makeTimepoint, PT_UID, ptSpec } from '../store/import-fixtures.ts';
import { addLesionWithSeed, getTimepoint, imagePort, standInApi } from './records-stand-in.ts';

const HOST = { host: '127.0.0.1:4100' };
const TRACER = { nuclide: 'I-124', administeredAt: '2024-03-04T09:15:00', activityMBq: 37 };
const NIFTI_SCRIPT = join(import.meta.dirname, '..', 'helpers', 'nifti-vs-dicom.py');
const pydicom = hasPydicom();
if (!pydicom) console.warn('SKIPPED numpy/pydicom checks: /usr/bin/python3 lacks pydicom/numpy');

let store: Store;
let app: FastifyInstance;
let jobs: Jobs;

beforeAll(async () => {
  store = openStore(tempDir('iodose-images-data-'));
  jobs = new Jobs();
  app = await buildServer({
    store,
    api: standInApi,
    images: imagePort,
    version: 'test',
    webRoot: null,
    address: { host: '127.0.0.1', port: 4100 },
    jobs,
    uploadLimits: { files: 12, fileBytes: 64 * 1024, totalBytes: 100 * 1024 },
  });
});
afterAll(async () => {
  await app.close();
  closeStore(store);
});

function timepointWithTracer(label: string): number {
  const tid = makeTimepoint(store, 'P01', label);
  store.db
    .prepare('UPDATE timepoints SET tracer_json = ? WHERE id = ?')
    .run(JSON.stringify(TRACER), tid);
  return tid;
}

async function finished(job: JobStatus): Promise<JobStatus> {
  const end = await jobs.settled(job.id);
  if (end === undefined) throw new Error('job vanished');
  return end;
}

interface NiftiCheck {
  header: Record<string, unknown> & { dim: number[]; datatype: number; pixdim: number[] };
  p995: number;
  sum: number;
  points: {
    value: number;
    sformRas: number[];
    qformRas: number[];
    dicomValue?: number;
    dicomLps?: number[];
  }[];
}

function checkNifti(bytes: Buffer, dicomFolder: string | null, ijk: number[][]): NiftiCheck {
  const file = join(tempDir('iodose-nii-'), 'v.nii');
  writeFileSync(file, bytes);
  const args = [NIFTI_SCRIPT, file, ...(dicomFolder === null ? [] : [dicomFolder])];
  const out = execFileSync(PYTHON, args, { input: JSON.stringify({ ijk }) });
  return JSON.parse(out.toString()) as NiftiCheck;
}

describe('folder import and volumes', () => {
  let tid: number;
  let src: string;
  let view: SessionView;

  it('imports a folder as a job: series, skipped files, sessions proposed and assigned', async () => {
    tid = timepointWithTracer('folder');
    src = tempDir('iodose-src-');
    writeSeries(join(src, 'pet'), ptSpec());
    writeSeries(join(src, 'ct'), ctSpec());
    writeFileSync(join(src, 'notes.txt'), 'not DICOM');
    const started = await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { folder: src },
    });
    expect(started.statusCode).toBe(200);
    const job = started.json<JobStatus>();
    expect(job.kind).toBe('import');
    const end = await finished(job);
    expect(end.state).toBe('done');
    expect(end.progress).toEqual({ stage: 'size', done: 2, total: 2 });
    expect(end.result).toMatchObject({
      timepointId: tid,
      instancesAdded: 11,
      skippedFiles: 1,
      sessionsAssigned: true,
    });
    expect(end.result?.seriesIds).toHaveLength(2);
    // 2024-03-05 09:00 is 23.75 h after 2024-03-04 09:15: "pet24", with the CT of its frame.
    const detail = getTimepoint(store, tid);
    const ct = detail.series.find((s) => s.modality === 'CT');
    expect(detail.sessions).toMatchObject([{ label: 'pet24', ctSeriesId: ct?.id }]);
  });

  it('answers 400 for a body without folder and 404 for an unknown timepoint', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { path: src },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'folder' });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/timepoints/9999/import',
      headers: HOST,
      payload: { folder: src },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('serves the session view: volume URLs, PET grid as the DICOM defines it, display range', async () => {
    const detail = getTimepoint(store, tid);
    const session = detail.sessions[0];
    if (session === undefined) throw new Error('no session');
    const answer = await app.inject({ url: `/api/sessions/${session.id}/view`, headers: HOST });
    expect(answer.statusCode).toBe(200);
    view = answer.json<SessionView>();
    expect(view.petUrl).toBe(`api/series/${session.petSeriesId}/volume.nii`);
    expect(view.ctUrl).toBe(`api/series/${session.ctSeriesId}/volume.nii`);
    expect(view.petGrid).toEqual({
      size: [8, 6, 5],
      spacingMm: [4, 4, 4],
      originLps: [-16, -12, 100],
      direction: [...IDENTITY_DIRECTION],
    });
    expect(view.petRangeBqPerMl[0]).toBe(0);
  });

  it.skipIf(!pydicom)(
    'PET volume.nii: float32 Bq/mL and RAS sform equal to pydicom at voxels',
    async () => {
      const answer = await app.inject({ url: `/${view.petUrl}`, headers: HOST });
      expect(answer.statusCode).toBe(200);
      const ijk = [
        [0, 0, 0],
        [7, 5, 4],
        [3, 2, 1],
        [6, 1, 3],
      ];
      const nii = checkNifti(answer.rawPayload, join(src, 'pet'), ijk);
      expect(nii.header).toMatchObject({ sizeof_hdr: 348, magic: 'n+1\0', datatype: 16 });
      expect(nii.header.dim.slice(0, 4)).toEqual([3, 8, 6, 5]);
      expect(nii.header).toMatchObject({ sform_code: 1, qform_code: 1 });
      for (const p of nii.points) {
        // Decay Correction START, BQML, series start = acquisition: the factor to Bq/mL is 1.
        expect(p.value).toBeCloseTo(p.dicomValue ?? NaN, 3);
        const [x, y, z] = p.dicomLps ?? [];
        const ras = [-(x ?? NaN), -(y ?? NaN), z ?? NaN];
        for (let a = 0; a < 3; a++) {
          expect(p.sformRas[a]).toBeCloseTo(ras[a] ?? NaN, 4);
          expect(p.qformRas[a]).toBeCloseTo(ras[a] ?? NaN, 4);
        }
      }
      // The display range is the 99.5th percentile (numpy "lower") of the PET voxels.
      expect(view.petRangeBqPerMl[1]).toBeCloseTo(nii.p995, 3);
    },
  );

  it.skipIf(!pydicom)(
    'CT volume.nii: int16 HU at voxels as pydicom; ETag answers 304',
    async () => {
      const answer = await app.inject({ url: `/${view.ctUrl ?? ''}`, headers: HOST });
      const nii = checkNifti(answer.rawPayload, join(src, 'ct'), [
        [0, 0, 0],
        [9, 7, 5],
        [4, 3, 2],
      ]);
      expect(nii.header.datatype).toBe(4);
      expect(nii.header.pixdim).toEqual([2, 3, 3]);
      for (const p of nii.points) {
        expect(p.value).toBe(p.dicomValue);
        const [x, y, z] = p.dicomLps ?? [];
        expect(p.sformRas.map((v) => Number(v.toFixed(4)))).toEqual([-(x ?? 0), -(y ?? 0), z]);
      }
      const etag = answer.headers.etag;
      expect(typeof etag).toBe('string');
      const again = await app.inject({
        url: `/${view.ctUrl ?? ''}`,
        headers: { ...HOST, 'if-none-match': String(etag) },
      });
      expect(again.statusCode).toBe(304);
    },
  );

  it('refuses a folder holding another patient: the job fails, nothing more is stored', async () => {
    const other = tempDir('iodose-other-');
    writeSeries(other, {
      ...ctSpec({ PatientID: 'SOMEONE-ELSE' }),
      seriesInstanceUid: `${CT_UID}.7`,
    });
    const before = count(store, 'SELECT COUNT(*) FROM instances');
    const started = await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { folder: other },
    });
    const end = await finished(started.json<JobStatus>());
    expect(end.state).toBe('failed');
    expect(end.error?.field).toBe(`series ${CT_UID}.7: (0010,0020) Patient ID`);
    expect(count(store, 'SELECT COUNT(*) FROM instances')).toBe(before);
  });
});

function form(files: { name: string; bytes: Uint8Array }[], field = 'files'): FormData {
  const body = new FormData();
  for (const f of files) body.append(field, new Blob([f.bytes]), f.name);
  return body;
}

describe('multipart upload', () => {
  it('imports uploaded files as a job (sessions left to the UI)', async () => {
    const tid = timepointWithTracer('upload');
    const spec = { ...ptSpec(), seriesInstanceUid: `${PT_UID}.5` };
    const files = [...seriesInstances(spec), { name: 'x.txt', bytes: new Uint8Array(9) }];
    const started = await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/upload`,
      headers: HOST,
      payload: form(files),
    });
    expect(started.statusCode).toBe(200);
    const end = await finished(started.json<JobStatus>());
    expect(end.state).toBe('done');
    expect(end.result).toMatchObject({
      instancesAdded: 5,
      skippedFiles: 1,
      sessionsAssigned: false,
    });
    expect(getTimepoint(store, tid).series.map((s) => [s.seriesInstanceUid, s.size])).toEqual([
      [`${PT_UID}.5`, [8, 6, 5]],
    ]);
    expect(getTimepoint(store, tid).sessions).toEqual([]);
  });

  it('refuses too many files, too large a file, too large a request: 413 ApiError', async () => {
    const tid = timepointWithTracer('limits');
    const small = Array.from({ length: 13 }, (_, n) => ({
      name: `f${n}`,
      bytes: new Uint8Array(10),
    }));
    const cases = [
      form(small),
      form([{ name: 'big', bytes: new Uint8Array(65 * 1024) }]),
      form(Array.from({ length: 2 }, () => ({ name: 'half', bytes: new Uint8Array(60 * 1024) }))),
    ];
    for (const payload of cases) {
      const answer = await app.inject({
        method: 'POST',
        url: `/api/timepoints/${tid}/upload`,
        headers: HOST,
        payload,
      });
      expect(answer.statusCode).toBe(413);
      expect(answer.json()).toMatchObject({
        field: 'files',
        error: expect.stringMatching(/refused/),
      });
    }
    expect(count(store, 'SELECT COUNT(*) FROM series WHERE timepoint_id = ?', tid)).toBe(0);
    const json = await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/upload`,
      headers: HOST,
      payload: { files: [] },
    });
    expect(json.statusCode).toBe(415);
  });
});

/** A cube of `inside` in `outside`, both cubes spanning [-10, 2) mm (preview-voi.test.ts). */
function cube(
  n: number,
  spacingMm: number,
  lo: number,
  hi: number,
  inside: number,
  outside: number,
) {
  const data = new Float32Array(n * n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const inCube = i >= lo && i < hi && j >= lo && j < hi && k >= lo && k < hi;
        data[voxelIndex([n, n, n], i, j, k)] = inCube ? inside : outside;
      }
  const origin = -10 - lo * spacingMm + spacingMm / 2;
  const volume: Volume = {
    size: [n, n, n],
    spacingMm: [spacingMm, spacingMm, spacingMm],
    originLps: [origin, origin, origin],
    direction: IDENTITY_DIRECTION,
    data,
  };
  return volume;
}

describe('VOI preview', () => {
  it('gives the known VOI of a hot cube and its CT, and the mask as NIfTI', async () => {
    const tid = timepointWithTracer('voi');
    const src = tempDir('iodose-voi-src-');
    const base = {
      patient: { id: 'PHANTOM', name: 'Cube^Phantom' },
      study: {
        instanceUid: '1.2.826.0.1.3680043.9.7433.50.1',
        id: 'S1',
        description: 'cube',
        at: '2024-03-05T09:15:00',
      },
      frameOfReferenceUid: '1.2.826.0.1.3680043.9.7433.50.2',
      acquiredAt: '2024-03-05T09:15:00',
    };
    writePetSeries(cube(40, 2, 17, 23, 10_000, 1_000), join(src, 'pet'), {
      ...base,
      seriesDescription: 'cube PET',
      seriesNumber: 1,
      administeredAt: TRACER.administeredAt,
      activityBq: 37e6,
      decayCorrection: 'START',
    });
    const ct = cube(80, 1, 34, 46, 40, -800);
    writeCtSeries({ ...ct, data: Int16Array.from(ct.data) }, join(src, 'ct'), {
      ...base,
      seriesDescription: 'cube CT',
      seriesNumber: 2,
    });
    const started = await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { folder: src },
    });
    expect((await finished(started.json<JobStatus>())).state).toBe('done');
    const session = getTimepoint(store, tid).sessions[0];
    expect(session?.label).toBe('pet24');
    const sid = session?.id ?? 0;
    const lid = addLesionWithSeed(store, tid, 'L1', { sessionId: sid, pointLps: [-4, -4, -4] });
    const answer = await app.inject({ url: `/api/lesions/${lid}/voi/${sid}`, headers: HOST });
    expect(answer.statusCode).toBe(200);
    const voi = answer.json<VoiPreview>();
    expect(voi.voxelCount).toBe(216);
    expect(voi.petVolumeMl).toBeCloseTo(1.728, 9);
    expect(voi.ctVolumeMl).toBeCloseTo(1.728, 9);
    // Stored as 16-bit integers times a per-slice slope: within 1e-4 relative.
    expect(voi.meanConcBqPerMl / 10_000 - 1).toBeLessThan(1e-4);
    expect(Math.abs(voi.backgroundBqPerMl / 1_000 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(voi.thresholdBqPerMl / 5_500 - 1)).toBeLessThan(1e-3);
    expect(voi.seedLps).toEqual([-4, -4, -4]);
    expect(voi.maskUrl).toBe(`api/lesions/${lid}/voi/${sid}/mask.nii`);
    const mask = await app.inject({ url: `/${voi.maskUrl}`, headers: HOST });
    expect(mask.statusCode).toBe(200);
    if (pydicom) {
      const nii = checkNifti(mask.rawPayload, null, [
        [20, 20, 20],
        [16, 20, 20],
      ]);
      expect(nii.header.datatype).toBe(2);
      expect(nii.sum).toBe(216);
      expect(nii.points.map((p) => p.value)).toEqual([1, 0]);
    }
    const noSeed = addLesionWithSeed(store, tid, 'L2', null);
    const missing = await app.inject({ url: `/api/lesions/${noSeed}/voi/${sid}`, headers: HOST });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'no seed for lesion L2 in session pet24' });
  });
});
