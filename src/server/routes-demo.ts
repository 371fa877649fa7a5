/** POST /api/demo/import: the demo patient and cohort into an empty store, as a job (kind demo). */
import type { FastifyInstance } from 'fastify';
import { ConflictError } from '../store/errors.ts';
import { importDemo, type DemoStore } from './demo-import.ts';
import type { Jobs } from './jobs.ts';
import { clientOf } from './routes-records.ts';

export function demoRoutes<S>(app: FastifyInstance, jobs: Jobs, ds: DemoStore<S>, store: S): void {
  app.post('/api/demo/import', (request) => {
    // Refused before the job starts, so the page shows the reason at once.
    if (!ds.isEmpty(store)) {
      throw new ConflictError(
        'store',
        'the demo is imported only into an empty store',
        'start iodose serve with another --data folder to try the demo',
      );
    }
    const client = clientOf(request);
    return jobs.start('demo', async (control) => importDemo(ds, store, client, control));
  });
}
