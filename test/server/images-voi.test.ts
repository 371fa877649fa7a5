// The upload route (multipart, limits -> 413 ApiError) and the VOI preview routes over the real
// store module: the VOI of a phantom whose answer is known (a 6-voxel cube: 216 voxels, 1.728 mL,
// as test/app/preview-voi.test.ts) and its mask as NIfTI (checked with numpy).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, voxelIndex, type Volume } from '../../src/core/volume.ts';
import { writeCtSeries, writePetSeries } from '../../src/io/dicom/write/write-series.ts';
import type { JobStatus, SessionView, VoiPreview } from '../../src/server/api-types.ts';
import { PEAK_RADIUS_MM } from '../../src/server/pet-range.ts';
import { getTimepoint } from '../../src/store/index.ts';
import { seriesInstances } from '../fixtures/dicom/make-series.ts';
import { tempDir } from '../helpers/temp.ts';
import { count, PT_UID, ptSpec } from '../store/import-fixtures.ts';
import { checkNifti, HOST, imageServer, pydicom, TRACER } from './image-server.ts';

const server = imageServer();

function form(files: { name: string; bytes: Uint8Array }[], field = 'files'): FormData {
  const body = new FormData();
  for (const f of files) body.append(field, new Blob([f.bytes]), f.name);
  return body;
}

describe('multipart upload', () => {
  it('imports uploaded files as a job (sessions left to the UI)', async () => {
    const tid = server.timepointWithTracer('upload');
    const spec = { ...ptSpec(), seriesInstanceUid: `${PT_UID}.5` };
    const files = [...seriesInstances(spec), { name: 'x.txt', bytes: new Uint8Array(9) }];
    const started = await server.app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/upload`,
      headers: HOST,
      payload: form(files),
    });
    expect(started.statusCode).toBe(200);
    const end = await server.finished(started.json<JobStatus>());
    expect(end.state).toBe('done');
    expect(end.result).toMatchObject({
      instancesAdded: 5,
      skippedFiles: 1,
      sessionsAssigned: false,
    });
    expect(
      getTimepoint(server.store, tid).series.map((s) => [s.seriesInstanceUid, s.size]),
    ).toEqual([[`${PT_UID}.5`, [8, 6, 5]]]);
    expect(getTimepoint(server.store, tid).sessions).toEqual([]);
  });

  it('refuses too many files, too large a file, too large a request: 413 ApiError', async () => {
    const tid = server.timepointWithTracer('limits');
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
      const answer = await server.app.inject({
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
    expect(count(server.store, 'SELECT COUNT(*) FROM series WHERE timepoint_id = ?', tid)).toBe(0);
    const json = await server.app.inject({
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
    const tid = server.timepointWithTracer('voi');
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
    const writePet = (folder: string) =>
      writePetSeries(cube(40, 2, 17, 23, 10_000, 1_000), folder, {
        ...base,
        seriesDescription: 'cube PET',
        seriesNumber: 1,
        administeredAt: TRACER.administeredAt,
        activityBq: 37e6,
        decayCorrection: 'START',
      });
    writePet(join(src, 'pet'));
    const ct = cube(80, 1, 34, 46, 40, -800);
    writeCtSeries({ ...ct, data: Int16Array.from(ct.data) }, join(src, 'ct'), {
      ...base,
      seriesDescription: 'cube CT',
      seriesNumber: 2,
    });
    const started = await server.app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/import`,
      headers: HOST,
      payload: { folder: src },
    });
    expect((await server.finished(started.json<JobStatus>())).state).toBe('done');
    const session = getTimepoint(server.store, tid).sessions[0];
    expect(session?.label).toBe('pet24');
    const sid = session?.id ?? 0;
    const lid = server.lesionWithSeed(tid, 'L1', { sessionId: sid, pointLps: [-4, -4, -4] });
    const answer = await server.app.inject({
      url: `/api/lesions/${lid}/voi/${sid}`,
      headers: HOST,
    });
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
    const mask = await server.app.inject({ url: `/${voi.maskUrl}`, headers: HOST });
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
    await checkCtMask(voi, sid);
    const noSeed = server.lesionWithSeed(tid, 'L2', null);
    const missing = await server.app.inject({
      url: `/api/lesions/${noSeed}/voi/${sid}`,
      headers: HOST,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'no seed for lesion L2 in session pet24' });

    // The same PET without its CT: no CT region, and ct-mask.nii says why.
    const petOnly = server.timepointWithTracer('voi-pet-only');
    const again = await server.app.inject({
      method: 'POST',
      url: `/api/timepoints/${petOnly}/import`,
      headers: HOST,
      payload: { folder: writePet(join(src, 'pet-only')).folder },
    });
    const againEnd = await server.finished(again.json<JobStatus>());
    expect(againEnd, JSON.stringify(againEnd)).toMatchObject({ state: 'done' });
    const petSid = getTimepoint(server.store, petOnly).sessions[0]?.id ?? 0;
    // The display range follows the seeds (pet-range.ts): a seed on the background, then one
    // in the cube; numpy finds the maximum within 15 mm of the seed on its own.
    server.lesionWithSeed(petOnly, 'far', { sessionId: petSid, pointLps: [25, 25, 25] });
    await checkRange(petSid, [25, 25, 25], 900, 1100);
    const petLid = server.lesionWithSeed(petOnly, 'L1', {
      sessionId: petSid,
      pointLps: [-4, -4, -4],
    });
    await checkRange(petSid, [-4, -4, -4], 9_900, 10_100);
    const petVoi = await server.app.inject({
      url: `/api/lesions/${petLid}/voi/${petSid}`,
      headers: HOST,
    });
    expect(petVoi.json<VoiPreview>()).toMatchObject({ ctVolumeMl: null, ctMaskUrl: null });
    const noCt = await server.app.inject({
      url: `/api/lesions/${petLid}/voi/${petSid}/ct-mask.nii`,
      headers: HOST,
    });
    expect(noCt.statusCode).toBe(404);
    expect(noCt.json()).toMatchObject({
      error: 'lesion L1 has no CT region in session pet24',
      hint: expect.stringMatching(/no CT/),
    });
  });
});

/** The session's PET display range against numpy's maximum within 15 mm of the seed. */
async function checkRange(sid: number, seedLps: number[], lo: number, hi: number): Promise<void> {
  const answer = await server.app.inject({ url: `/api/sessions/${sid}/view`, headers: HOST });
  const view = answer.json<SessionView>();
  expect(view.petRangeBqPerMl[0]).toBe(0);
  const high = view.petRangeBqPerMl[1];
  expect(high).toBeGreaterThan(lo);
  expect(high).toBeLessThan(hi);
  if (!pydicom) return;
  const pet = await server.app.inject({ url: `/${view.petUrl}`, headers: HOST });
  const [x, y, z] = seedLps;
  const nii = checkNifti(pet.rawPayload, null, [], false, {
    ras: [-(x ?? 0), -(y ?? 0), z ?? 0],
    radiusMm: PEAK_RADIUS_MM,
  });
  expect(high).toBeCloseTo(nii.nearMax ?? NaN, 3);
}

/**
 * The CT region's mask against the analytic answer (the CT cube, voxels 34..45 on each axis of the
 * 80^3 1 mm grid, whose 1728 voxels the region growing must select: ctVolumeMl 1.728 mL above),
 * read back with numpy: the same affine as the CT's volume.nii (so niivue places both alike), the
 * non-zero voxels exactly the cube's, their centres inside the cube's [-10, 2) mm LPS, and their
 * count x voxel volume = the reported CT volume.
 */
async function checkCtMask(voi: VoiPreview, sid: number): Promise<void> {
  expect(voi.ctMaskUrl).toBe(`api/lesions/${voi.lesionId}/voi/${sid}/ct-mask.nii`);
  const mask = await server.app.inject({ url: `/${voi.ctMaskUrl}`, headers: HOST });
  expect(mask.statusCode).toBe(200);
  if (!pydicom) return;
  const view = await server.app.inject({ url: `/api/sessions/${sid}/view`, headers: HOST });
  const ctUrl = view.json<{ ctUrl: string }>().ctUrl;
  expect(ctUrl).toMatch(/display\.nii$/);
  const ctNii = await server.app.inject({
    url: `/${ctUrl.replace('display.nii', 'volume.nii')}`,
    headers: HOST,
  });
  const ct = checkNifti(ctNii.rawPayload, null, [
    [24, 24, 24],
    [34, 34, 34],
    [55, 55, 55],
  ]);
  // The viewer's CT (display.nii) is the cube's box + 10 mm (1 mm voxels): voxels 24..55 of the
  // whole CT, the same values at the same places (the -800 HU surroundings are not body).
  const shown = await server.app.inject({ url: `/${ctUrl}`, headers: HOST });
  const display = checkNifti(shown.rawPayload, null, [
    [0, 0, 0],
    [10, 10, 10],
    [31, 31, 31],
  ]);
  expect(display.header.dim.slice(1, 4)).toEqual([32, 32, 32]);
  expect(display.header.datatype).toBe(4);
  expect(display.points.map((p) => p.value)).toEqual(ct.points.map((p) => p.value));
  expect(display.points.map((p) => p.value)).toEqual([-800, 40, -800]);
  expect(display.points.map((p) => p.sformRas)).toEqual(ct.points.map((p) => p.sformRas));
  expect(display.points.map((p) => p.qformRas)).toEqual(ct.points.map((p) => p.qformRas));
  const nii = checkNifti(mask.rawPayload, null, [[34, 34, 34]], true);
  expect(nii.header.datatype).toBe(2);
  expect(nii.header.dim.slice(1, 4)).toEqual([80, 80, 80]);
  expect(nii.srow).toEqual(ct.srow);
  const cube: number[][] = [];
  for (let k = 34; k < 46; k++)
    for (let j = 34; j < 46; j++) for (let i = 34; i < 46; i++) cube.push([i, j, k]);
  expect(nii.nonzeroIjk).toEqual(cube);
  const ras = nii.points[0]?.sformRas ?? [];
  // Voxel 34's centre: -10 mm + 0.5 mm in LPS on each axis; RAS = (-x, -y, z).
  expect(ras).toEqual([9.5, 9.5, -9.5]);
  const [sx, sy, sz] = nii.header.pixdim;
  expect(cube.length * (sx ?? 0) * (sy ?? 0) * (sz ?? 0) * 1e-3).toBeCloseTo(
    voi.ctVolumeMl ?? 0,
    9,
  );
}
