// Benchmark of `iodose serve`'s run job (issue 10): the demo imported into a fresh store (POST
// /api/demo/import), then the demo patient (PHANTOM-01, image level, default settings) and the
// demo cohort's 24 measurement-level timepoints run through POST /api/timepoints/:tid/runs, and
// GET /api/cohort. Prints wall-clock seconds; the store is deleted afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/server/build-server.ts';
import { Jobs } from '../src/server/jobs.ts';
import { DEMO_STORE } from '../src/server/serve.ts';
import type { JobStatus, PatientSummary } from '../src/server/api-types.ts';
import * as storeApi from '../src/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'iodose-bench-serve-'));
const store = storeApi.openStore(dir);
const jobs = new Jobs();
const app = await buildServer({
  store,
  api: storeApi,
  images: storeApi,
  demo: DEMO_STORE,
  version: 'bench',
  webRoot: null,
  address: { host: '127.0.0.1', port: 4100 },
  jobs,
});
const headers = { host: '127.0.0.1:4100' };

async function job(
  url: string,
  payload: Record<string, unknown> = {},
): Promise<[JobStatus, number]> {
  const started = performance.now();
  const answer = await app.inject({ method: 'POST', url, headers, payload });
  if (answer.statusCode !== 200) throw new Error(`${url}: ${answer.body}`);
  const end = await jobs.settled(answer.json<JobStatus>().id);
  if (end?.state !== 'done') throw new Error(`${url}: ${JSON.stringify(end?.error)}`);
  return [end, (performance.now() - started) / 1000];
}

try {
  const [, importS] = await job('/api/demo/import');
  console.log(
    `demo import (phantoms, calibration, DICOM import, cohort entry)  ${importS.toFixed(1)} s`,
  );
  const patients = (await app.inject({ url: '/api/patients', headers })).json<PatientSummary[]>();
  const phantom = patients.find((p) => p.code === 'PHANTOM-01')?.timepoints[0];
  if (phantom === undefined) throw new Error('no PHANTOM-01 timepoint');
  const [run, runS] = await job(`/api/timepoints/${phantom.id}/runs`);
  const detail = await app.inject({ url: `/api/runs/${run.result?.runId}`, headers });
  const files = (detail.json() as { files: string[] }).files;
  console.log(
    `demo patient run via the job (image level, defaults)            ${runS.toFixed(1)} s (${files.join(', ')})`,
  );
  let cohortS = 0;
  let count = 0;
  for (const p of patients.filter((x) => x.code !== 'PHANTOM-01')) {
    for (const t of p.timepoints) {
      cohortS += (await job(`/api/timepoints/${t.id}/runs`))[1];
      count++;
    }
  }
  console.log(
    `demo cohort runs via the job (measurement level, defaults)       ${cohortS.toFixed(1)} s for ${count} (${(cohortS / count).toFixed(2)} s each)`,
  );
  const started = performance.now();
  const view = await app.inject({ url: '/api/cohort', headers });
  if (view.statusCode !== 200) throw new Error(view.body);
  console.log(
    `GET /api/cohort (${count} latest runs)                              ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
} finally {
  await app.close();
  storeApi.closeStore(store);
  rmSync(dir, { recursive: true, force: true });
}
