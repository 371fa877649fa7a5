/**
 * The record routes: patients, timepoints, sessions, lesions, seeds, blood, whole-body, recovery,
 * runs (read and review) and the audit log. Each is one store call; the store validates bodies
 * with the manifest's zod schemas (so messages equal the CLI's) and the server does not validate
 * them a second time. Ids are checked here (positive integers) before they reach the store.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { idParam } from './errors.ts';
import type { StorePort } from './store-port.ts';

/** Who made a change, for the audit log: address and user agent, never a patient id. */
export function clientOf(request: FastifyRequest): string {
  const agent = request.headers['user-agent'] ?? '';
  return `${request.ip} ${agent}`.slice(0, 200).trim();
}

export function recordRoutes<S>(app: FastifyInstance, api: StorePort<S>, store: S): void {
  const c = clientOf;
  app.get('/api/patients', () => api.listPatients(store));
  app.post('/api/patients', (r) => api.createPatient(store, r.body, c(r)));
  app.patch('/api/patients/:pid', (r) =>
    api.updatePatient(store, idParam(r.params, 'pid'), r.body, c(r)),
  );
  app.post('/api/patients/:pid/timepoints', (r) =>
    api.createTimepoint(store, idParam(r.params, 'pid'), r.body, c(r)),
  );
  app.get('/api/timepoints/:tid', (r) => api.getTimepoint(store, idParam(r.params, 'tid')));
  app.patch('/api/timepoints/:tid', (r) =>
    api.patchTimepoint(store, idParam(r.params, 'tid'), r.body, c(r)),
  );
  app.put('/api/timepoints/:tid/sessions', (r) =>
    api.setSessions(store, idParam(r.params, 'tid'), r.body, c(r)),
  );
  app.post('/api/timepoints/:tid/lesions', (r) =>
    api.createLesion(store, idParam(r.params, 'tid'), r.body, c(r)),
  );
  app.patch('/api/lesions/:lid', (r) =>
    api.updateLesion(store, idParam(r.params, 'lid'), r.body, c(r)),
  );
  app.delete('/api/lesions/:lid', (r) => api.deleteLesion(store, idParam(r.params, 'lid'), c(r)));
  app.put('/api/lesions/:lid/seeds/:sid', (r) =>
    api.putSeed(store, idParam(r.params, 'lid'), idParam(r.params, 'sid'), r.body, c(r)),
  );
  app.delete('/api/lesions/:lid/seeds/:sid', (r) =>
    api.deleteSeed(store, idParam(r.params, 'lid'), idParam(r.params, 'sid'), c(r)),
  );
  app.put('/api/timepoints/:tid/blood', (r) =>
    api.putBlood(store, idParam(r.params, 'tid'), r.body, c(r)),
  );
  app.put('/api/timepoints/:tid/whole-body', (r) =>
    api.putWholeBody(store, idParam(r.params, 'tid'), r.body, c(r)),
  );
  app.put('/api/timepoints/:tid/recovery', (r) =>
    api.putRecovery(store, idParam(r.params, 'tid'), r.body, c(r)),
  );
  app.get('/api/runs/:rid', (r) => api.getRun(store, idParam(r.params, 'rid')));
  app.post('/api/runs/:rid/review', (r) =>
    api.addReview(store, idParam(r.params, 'rid'), r.body ?? {}, c(r)),
  );
  app.get('/api/audit', (r) => {
    const q = r.query as Record<string, string | undefined>;
    const query: { entity?: string; entityId?: number; limit?: number } = {};
    if (q.entity !== undefined) query.entity = q.entity;
    if (q.entityId !== undefined) query.entityId = idParam(q, 'entityId');
    if (q.limit !== undefined) query.limit = idParam(q, 'limit');
    return api.listAudit(store, query);
  });
}
