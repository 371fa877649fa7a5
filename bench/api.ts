// API read latency of `iodose serve` (issue 10, point 7: "API reads under 50 ms at the median with
// 20 concurrent clients"): a fresh store with the demo imported (POST /api/demo/import) and the
// demo patient run once, the server listening on 127.0.0.1, and autocannon (20 connections, 5 s
// per route, after a 1 s warm-up) against the reads the pages make. Prints the median and 97.5th
// percentile latency and the requests per second of each route; the store is deleted afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// autocannon ships no types; its programmatic API: autocannon(options) -> Promise<Result>.
// @ts-expect-error -- no declaration file
import autocannon from 'autocannon';
import { buildServer } from '../src/server/build-server.ts';
import { Jobs } from '../src/server/jobs.ts';
import { DEMO_STORE } from '../src/server/serve.ts';
import type { JobStatus, PatientSummary, TimepointDetail } from '../src/server/api-types.ts';
import * as storeApi from '../src/store/index.ts';

interface Result {
  latency: { p50: number; p97_5: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
}
const cannon = autocannon as (options: Record<string, unknown>) => Promise<Result>;

const CONNECTIONS = 20;
const SECONDS = 5;
const TARGET_MS = 50;

const dir = mkdtempSync(join(tmpdir(), 'iodose-bench-api-'));
const store = storeApi.openStore(dir);
const jobs = new Jobs();
const address = { host: '127.0.0.1', port: 0 };
const app = await buildServer({
  store,
  api: storeApi,
  images: storeApi,
  demo: DEMO_STORE,
  version: 'bench',
  webRoot: null,
  address,
  jobs,
});
try {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const listening = app.server.address();
  if (listening === null || typeof listening !== 'object') throw new Error('not listening');
  address.port = listening.port;
  const base = `http://127.0.0.1:${listening.port}`;
  const post = async (path: string): Promise<JobStatus> => {
    const answer = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const status = (await answer.json()) as JobStatus;
    const end = await jobs.settled(status.id);
    if (end?.state !== 'done') throw new Error(`${path}: ${JSON.stringify(end?.error)}`);
    return end;
  };
  await post('/api/demo/import');
  const patients = (await (await fetch(`${base}/api/patients`)).json()) as PatientSummary[];
  const tid = patients.find((p) => p.code === 'PHANTOM-01')?.timepoints[0]?.id;
  if (tid === undefined) throw new Error('the demo patient was not imported');
  const run = await post(`/api/timepoints/${tid}/runs`);
  const detail = (await (await fetch(`${base}/api/timepoints/${tid}`)).json()) as TimepointDetail;
  const sid = detail.sessions[0]?.id;
  const lid = detail.lesions[0]?.id;
  const routes = [
    '/api/patients',
    `/api/timepoints/${tid}`,
    `/api/sessions/${sid}/view`,
    `/api/lesions/${lid}/voi/${sid}`,
    `/api/runs/${run.result?.runId}`,
    '/api/audit?limit=50',
    '/api/cohort',
  ];
  console.log(
    `API reads, ${CONNECTIONS} concurrent clients, ${SECONDS} s per route (store: demo patient + cohort, ${patients.length} patients)`,
  );
  for (const route of routes) {
    await cannon({ url: `${base}${route}`, connections: CONNECTIONS, duration: 1 });
    const result = await cannon({
      url: `${base}${route}`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const verdict = result.latency.p50 <= TARGET_MS ? 'within' : 'OVER';
    console.log(
      `${route.padEnd(34)} median ${String(result.latency.p50).padStart(4)} ms  p97.5 ${String(result.latency.p97_5).padStart(4)} ms  ${result.requests.average.toFixed(0).padStart(6)} req/s  ${verdict} the ${TARGET_MS} ms target${result.non2xx + result.errors > 0 ? `  (${result.non2xx} non-2xx, ${result.errors} errors)` : ''}`,
    );
  }
} finally {
  await app.close();
  storeApi.closeStore(store);
  rmSync(dir, { recursive: true, force: true });
}
