/**
 * The run routes: POST /timepoints/:tid/runs (the run job), GET /runs/:rid/manifest.yaml (the
 * manifest the run used, paths absolute, runnable by `iodose run`). GET /runs/:rid, its files and
 * its review are in routes-records.ts and build-server.ts; GET /cohort in routes-cohort.ts.
 */
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { idParam } from './errors.ts';
import type { Jobs } from './jobs.ts';
import { clientOf } from './routes-records.ts';
import { startRunJob } from './run-job.ts';
import type { StorePort } from './store-port.ts';

export function runRoutes<S>(app: FastifyInstance, api: StorePort<S>, store: S, jobs: Jobs): void {
  app.post('/api/timepoints/:tid/runs', (r) =>
    startRunJob(jobs, api, store, idParam(r.params, 'tid'), r.body, clientOf(r)),
  );
  app.get('/api/runs/:rid/manifest.yaml', (r, reply) => {
    const runId = idParam(r.params, 'rid');
    const run = api.getRun(store, runId);
    const manifest = api.runManifest(store, runId);
    const header =
      `# The manifest of iodose run ${run.id} (made ${run.createdAtUtc} UTC by iodose ${run.version};\n` +
      `# inputs sha256 ${run.inputsSha256}). Paths are absolute.\n` +
      '# Run it with: iodose run manifest.yaml --out results\n';
    reply.header('content-type', 'text/yaml; charset=utf-8');
    return reply.send(header + stringify(manifest));
  });
}
