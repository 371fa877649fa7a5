// A real store in a temp folder behind buildServer, for the run routes' tests. Timepoint rows
// and timepointManifest are stand-ins, so each test gives the exact manifest a timepoint runs
// with (runs-cohort.test.ts goes through the real record functions instead).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import type { StorePort, TimepointManifest } from '../../src/server/store-port.ts';
import type { JobStatus } from '../../src/server/api-types.ts';
import * as storeModule from '../../src/store/index.ts';
import { createPatient, openStore, type Store } from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

export const HOST = { host: '127.0.0.1:4100', 'user-agent': 'vitest' };

export interface RunServer {
  app: FastifyInstance;
  store: Store;
  jobs: Jobs;
  /** A patient with one timepoint whose manifest is `source` (a stand-in for records). */
  addTimepoint(
    patientCode: string,
    label: string,
    source: Omit<TimepointManifest, 'inputsRev'>,
  ): number;
  /** POSTs a run and waits for its job to end. */
  run(timepointId: number, body?: unknown): Promise<JobStatus>;
  /** What DIR/runs holds. */
  runFolders(): string[];
  close(): Promise<void>;
}

export async function runServer(): Promise<RunServer> {
  const store = openStore(tempDir('iodose-runs-'));
  const sources = new Map<number, Omit<TimepointManifest, 'inputsRev'>>();
  const patients = new Map<string, number>();
  const api = {
    ...storeModule,
    timepointManifest: (_store: Store, tid: number): TimepointManifest => {
      const source = sources.get(tid);
      if (source === undefined) throw new storeModule.NotFoundError('timepoint', tid);
      const rev = store.db.prepare('SELECT inputs_rev FROM timepoints WHERE id = ?').pluck();
      return { ...structuredClone(source), inputsRev: rev.get(tid) as number };
    },
  } as unknown as StorePort<Store>;
  const jobs = new Jobs();
  const app = await buildServer({
    store,
    api,
    version: '0.1.0',
    webRoot: null,
    address: { host: '127.0.0.1', port: 4100 },
    jobs,
  });
  return {
    app,
    store,
    jobs,
    addTimepoint(code, label, source) {
      let pid = patients.get(code);
      if (pid === undefined) {
        pid = createPatient(store, { code }, 'test').id;
        patients.set(code, pid);
      }
      const tid = Number(
        store.db
          .prepare('INSERT INTO timepoints (patient_id, label, created_at_utc) VALUES (?, ?, ?)')
          .run(pid, label, new Date().toISOString()).lastInsertRowid,
      );
      sources.set(tid, source);
      return tid;
    },
    async run(tid, body = {}) {
      const answer = await app.inject({
        method: 'POST',
        url: `/api/timepoints/${tid}/runs`,
        headers: HOST,
        payload: body as Record<string, unknown>,
      });
      if (answer.statusCode !== 200)
        throw new Error(`POST runs: ${answer.statusCode} ${answer.body}`);
      const job = answer.json<JobStatus>();
      const end = await jobs.settled(job.id);
      if (end === undefined) throw new Error('job vanished');
      return end;
    },
    runFolders: () => readdirSync(join(store.dataDir, 'runs')).sort(),
    async close() {
      await app.close();
      storeModule.closeStore(store);
    },
  };
}
