// Child process of run-kill.test.ts: opens the store in argv[2] (removing what a killed child
// left), builds the server over it and runs the demo's measurement-level study again and again
// through POST /api/timepoints/:tid/runs, printing "committed <runId>" after each run, until the
// parent kills it (SIGKILL). The timepoint row and its manifest are stand-ins for helper
// "records" (createTimepoint, timepointManifest).
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import type { JobStatus } from '../../src/server/api-types.ts';
import type { StorePort, TimepointManifest } from '../../src/server/store-port.ts';
import * as storeModule from '../../src/store/index.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: run-kill-child.ts DATA_DIR');
const store = storeModule.openStore(dataDir);
const db = store.db;
let tid = db.prepare('SELECT id FROM timepoints LIMIT 1').pluck().get() as number | undefined;
if (tid === undefined) {
  const patient = storeModule.createPatient(store, { code: 'DEMO-01' }, 'kill test');
  tid = Number(
    db
      .prepare("INSERT INTO timepoints (patient_id, label, created_at_utc) VALUES (?, 'wk0', ?)")
      .run(patient.id, new Date().toISOString()).lastInsertRowid,
  );
}
const manifest = withFewMonteCarloSamples(demoManifest()) as unknown as Record<string, unknown>;
const api = {
  ...storeModule,
  timepointManifest: (): TimepointManifest => ({
    manifest,
    baseDir: dataDir,
    inputsRev: 0,
    missing: [],
  }),
} as unknown as StorePort<storeModule.Store>;
const jobs = new Jobs();
const app = await buildServer({
  store,
  api,
  version: '0.1.0',
  webRoot: null,
  address: { host: '127.0.0.1', port: 4100 },
  jobs,
});
process.stdout.write('ready\n');
for (;;) {
  const answer = await app.inject({
    method: 'POST',
    url: `/api/timepoints/${tid}/runs`,
    headers: { host: '127.0.0.1:4100' },
    payload: {},
  });
  const job = answer.json<JobStatus>();
  const end = await jobs.settled(job.id);
  if (end?.state !== 'done') throw new Error(`run failed: ${JSON.stringify(end)}`);
  process.stdout.write(`committed ${String(end.result?.runId)}\n`);
}
