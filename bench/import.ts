// Import benchmark (issue 10): the demo patient (two 124I PET/CT sessions: PET 128x128x100,
// CT 256x256x100, 400 files) written once, then imported into a fresh store folder by folder
// (importFolder: read, check, write temp + fsync + rename, one commit, sizes), through the
// server's routes (fastify inject, over the real store module): the folder import
// job, the session view (PET read), the CT volume.nii, and a VOI preview at a lesion's seed.
// Prints figures; asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildPatientPhantom } from '../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../src/demo/write-patient-phantom.ts';
import type { JobStatus, SessionView } from '../src/server/api-types.ts';
import { buildServer } from '../src/server/build-server.ts';
import { Jobs } from '../src/server/jobs.ts';
import {
  closeStore,
  createLesion,
  getTimepoint,
  importFolder,
  openStore,
  patchTimepoint,
  putSeed,
} from '../src/store/index.ts';
import { makeTimepoint } from '../test/store/import-fixtures.ts';
import { imageApi, storeApi } from '../test/server/store-ports.ts';

const dir = mkdtempSync(join(tmpdir(), 'iodose-bench-import-'));
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
try {
  const written = writePatientPhantom(join(dir, 'patient'), buildPatientPhantom());
  const manifest = parse(readFileSync(written.manifestPath, 'utf8')) as {
    tracer: { administeredAt: string; activityMBq: number };
    scans: { id: string; pet: string; ct: string }[];
    lesions: { id: string; seedsLps: Record<string, [number, number, number]> }[];
  };
  const folders = manifest.scans.flatMap((s) => [s.pet, s.ct]).map((f) => join(dir, 'patient', f));

  const store = openStore(join(dir, 'data-a'));
  const tid = makeTimepoint(store);
  let t = process.hrtime.bigint();
  let files = 0;
  for (const folder of folders) {
    const one = process.hrtime.bigint();
    const outcome = await importFolder(store, tid, folder, 'bench');
    files += outcome.instancesAdded;
    console.log(
      `importFolder ${folder.split('/').pop()}: ${outcome.instancesAdded} files ${ms(one).toFixed(0)} ms`,
    );
  }
  console.log(`importFolder, the 4 series (${files} files): ${ms(t).toFixed(0)} ms`);
  closeStore(store);

  const store2 = openStore(join(dir, 'data-b'));
  const tid2 = makeTimepoint(store2);
  patchTimepoint(store2, tid2, { tracer: { nuclide: 'I-124', ...manifest.tracer } }, 'bench');
  const jobs = new Jobs();
  const app = await buildServer({
    store: store2,
    api: storeApi,
    images: imageApi,
    version: 'bench',
    webRoot: null,
    address: { host: '127.0.0.1', port: 4100 },
    jobs,
  });
  const headers = { host: '127.0.0.1:4100' };
  t = process.hrtime.bigint();
  const job = (
    await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid2}/import`,
      headers,
      payload: { folder: join(dir, 'patient') },
    })
  ).json<JobStatus>();
  const end = await jobs.settled(job.id);
  console.log(`POST /import of the patient folder (job ${end?.state}): ${ms(t).toFixed(0)} ms`);
  const sessions = getTimepoint(store2, tid2).sessions;
  console.log(`proposed sessions: ${sessions.map((s) => s.label).join(', ')}`);
  const session = sessions[0];
  if (session === undefined) throw new Error('no session');
  t = process.hrtime.bigint();
  const view = (
    await app.inject({ url: `/api/sessions/${session.id}/view`, headers })
  ).json<SessionView>();
  console.log(`GET /sessions/:sid/view (PET read, first time): ${ms(t).toFixed(0)} ms`);
  t = process.hrtime.bigint();
  await app.inject({ url: `/${view.petUrl}`, headers });
  console.log(`GET PET volume.nii (cached volume): ${ms(t).toFixed(0)} ms`);
  t = process.hrtime.bigint();
  const ct = await app.inject({ url: `/${view.ctUrl ?? ''}`, headers });
  console.log(
    `GET CT volume.nii (read, ${(ct.rawPayload.byteLength / 1e6).toFixed(1)} MB): ${ms(t).toFixed(0)} ms`,
  );
  const lesion = manifest.lesions[0];
  const seed = lesion?.seedsLps[session.label];
  if (lesion !== undefined && seed !== undefined) {
    const detail = createLesion(store2, tid2, { label: lesion.id }, 'bench');
    const lid = detail.lesions.find((l) => l.label === lesion.id)?.id ?? 0;
    putSeed(store2, lid, session.id, { pointLps: seed }, 'bench');
    t = process.hrtime.bigint();
    const voi = await app.inject({ url: `/api/lesions/${lid}/voi/${session.id}`, headers });
    console.log(
      `GET /lesions/:lid/voi/:sid (volumes cached): ${ms(t).toFixed(0)} ms, ${voi.json<{ petVolumeMl: number }>().petVolumeMl.toFixed(2)} mL`,
    );
  }
  await app.close();
  closeStore(store2);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
