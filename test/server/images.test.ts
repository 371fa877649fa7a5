// The import and image routes (src/server/routes-import.ts, routes-images.ts) over the real
// store module: a folder import as a job (progress, result, proposed sessions), its refusals and
// its cancel; the volumes as NIfTI checked by numpy + pydicom (values and RAS sform/qform at
// voxels vs the DICOM definition) and the session view.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION } from '../../src/core/volume.ts';
import type { JobStatus, SessionView } from '../../src/server/api-types.ts';
import { getTimepoint } from '../../src/store/index.ts';
import { writeSeries } from '../fixtures/dicom/make-series.ts';
import { tempDir } from '../helpers/temp.ts';
import { count, CT_UID, ctSpec, PT_UID, ptSpec } from '../store/import-fixtures.ts';
import { loadSeries } from '../../src/server/volume-cache.ts';
import { checkNifti, HOST, imageServer, pydicom, TRACER } from './image-server.ts';

const server = imageServer();

describe('folder import and volumes', () => {
  let tid: number;
  let src: string;
  let view: SessionView;

  it('imports a folder as a job: series, skipped files, sessions proposed and assigned', async () => {
    tid = server.timepointWithTracer('folder');
    src = tempDir('iodose-src-');
    writeSeries(join(src, 'pet'), ptSpec());
    writeSeries(join(src, 'ct'), ctSpec());
    writeFileSync(join(src, 'notes.txt'), 'not DICOM');
    const started = await server.app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { folder: src },
    });
    expect(started.statusCode).toBe(200);
    const job = started.json<JobStatus>();
    expect(job.kind).toBe('import');
    const end = await server.finished(job);
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
    const detail = getTimepoint(server.store, tid);
    const ct = detail.series.find((s) => s.modality === 'CT');
    expect(detail.sessions).toMatchObject([{ label: 'pet24', ctSeriesId: ct?.id }]);
  });

  it('answers 400 for a body without folder and 404 for an unknown timepoint', async () => {
    const bad = await server.app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { path: src },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'folder' });
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/timepoints/9999/import',
      headers: HOST,
      payload: { folder: src },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('serves the session view: volume URLs, PET grid as the DICOM defines it, display range', async () => {
    const detail = getTimepoint(server.store, tid);
    const session = detail.sessions[0];
    if (session === undefined) throw new Error('no session');
    const answer = await server.app.inject({
      url: `/api/sessions/${session.id}/view`,
      headers: HOST,
    });
    expect(answer.statusCode).toBe(200);
    view = answer.json<SessionView>();
    expect(view.petUrl).toBe(`api/series/${session.petSeriesId}/volume.nii`);
    // The viewer's CT is the display crop (ct-display.ts); volume.nii is the whole CT.
    expect(view.ctUrl).toBe(`api/series/${session.ctSeriesId}/display.nii`);
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
      const answer = await server.app.inject({ url: `/${view.petUrl}`, headers: HOST });
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
      // Without seeds the display range is 0 to half the PET maximum (pet-range.ts), by numpy.
      expect(view.petRangeBqPerMl[1]).toBeCloseTo(0.5 * nii.max, 3);
    },
  );

  it.skipIf(!pydicom)(
    'CT volume.nii: int16 HU at voxels as pydicom; ETag answers 304',
    async () => {
      const answer = await server.app.inject({
        url: `/${(view.ctUrl ?? '').replace('display.nii', 'volume.nii')}`,
        headers: HOST,
      });
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
      const again = await server.app.inject({
        url: `/${(view.ctUrl ?? '').replace('display.nii', 'volume.nii')}`,
        headers: { ...HOST, 'if-none-match': String(etag) },
      });
      expect(again.statusCode).toBe(304);
    },
  );

  it('refuses (409) to read a series an import is writing into: files without rows, temporaries', async () => {
    const pet = join(src, 'pet');
    const series = { id: 1, modality: 'PT', seriesInstanceUid: PT_UID, acquiredAt: null };
    const at = TRACER.administeredAt;
    await expect(
      loadSeries({ ...series, instanceCount: 4, folder: pet }, at),
    ).rejects.toMatchObject({
      status: 409,
    });
    const [first] = readdirSync(pet);
    writeFileSync(join(pet, '.tmp-x'), readFileSync(join(pet, first ?? '')).subarray(0, 300));
    await expect(
      loadSeries({ ...series, instanceCount: 5, folder: pet }, at),
    ).rejects.toMatchObject({
      status: 409,
    });
    rmSync(join(pet, '.tmp-x'));
    const read = await loadSeries({ ...series, instanceCount: 5, folder: pet }, at);
    expect(read.volume.size).toEqual([8, 6, 5]);
  });

  it('refuses a folder holding another patient: the job fails, nothing more is stored', async () => {
    const other = tempDir('iodose-other-');
    writeSeries(other, {
      ...ctSpec({ PatientID: 'SOMEONE-ELSE' }),
      seriesInstanceUid: `${CT_UID}.7`,
    });
    const before = count(server.store, 'SELECT COUNT(*) FROM instances');
    const started = await server.app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { folder: other },
    });
    const end = await server.finished(started.json<JobStatus>());
    expect(end.state).toBe('failed');
    expect(end.error?.field).toBe(`series ${CT_UID}.7: (0010,0020) Patient ID`);
    expect(count(server.store, 'SELECT COUNT(*) FROM instances')).toBe(before);
  });
});

describe('cancel', () => {
  it('DELETE /jobs/:jid half-way through a folder import: cancelled, nothing stored', async () => {
    const tid = server.timepointWithTracer('cancel');
    const src = tempDir('iodose-cancel-src-');
    writeSeries(src, {
      ...ctSpec(),
      seriesInstanceUid: `${CT_UID}.8`,
      slices: 300,
      position: (k) => [0, 0, k],
    });
    const started = await server.app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { folder: src },
    });
    const job = started.json<JobStatus>();
    // Cancelled at its first progress event past a few files (then the store has files, no rows).
    await new Promise<void>((resolve) => {
      const unsubscribe = server.jobs.subscribe(job.id, (status) => {
        if ((status.progress?.done ?? 0) >= 6) {
          unsubscribe();
          resolve();
        }
      });
    });
    const cancelled = await server.app.inject({
      method: 'DELETE',
      url: `/api/jobs/${job.id}`,
      headers: HOST,
    });
    expect(cancelled.json<JobStatus>()).toMatchObject({ state: 'cancelled' });
    expect(count(server.store, 'SELECT COUNT(*) FROM series WHERE timepoint_id = ?', tid)).toBe(0);
    expect(existsSync(join(server.store.dataDir, 'dicom', `${CT_UID}.8`))).toBe(false);
  });
});
