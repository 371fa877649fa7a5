/** GET /jobs/:jid, GET /jobs/:jid/events (server-sent events until the job ends), DELETE. */
import type { FastifyInstance } from 'fastify';
import type { JobStatus } from './api-types.ts';
import { HttpError } from './errors.ts';
import type { Jobs } from './jobs.ts';

function jobId(params: unknown): string {
  const raw = (params as Record<string, unknown>).jid;
  if (typeof raw !== 'string' || !/^[0-9a-f-]{36}$/.test(raw)) {
    throw new HttpError(400, { error: 'jid: expected a job id (uuid)', field: 'jid' });
  }
  return raw;
}

function found(status: JobStatus | undefined, id: string): JobStatus {
  if (status === undefined) throw new HttpError(404, { error: `no job with id ${id}` });
  return status;
}

export function jobRoutes(app: FastifyInstance, jobs: Jobs): void {
  app.get('/api/jobs/:jid', (r) => {
    const id = jobId(r.params);
    return found(jobs.get(id), id);
  });
  app.delete('/api/jobs/:jid', async (r) => {
    const id = jobId(r.params);
    return found(await jobs.cancel(id), id);
  });
  app.get('/api/jobs/:jid/events', (request, reply) => {
    const id = jobId(request.params);
    const first = found(jobs.get(id), id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const send = (status: JobStatus): void => {
      raw.write(`data: ${JSON.stringify(status)}\n\n`);
      if (status.state !== 'running') raw.end();
    };
    const unsubscribe = jobs.subscribe(id, send);
    request.raw.on('close', unsubscribe);
    // The current state first; if the job ended between get and subscribe, its final state.
    send(first.state === 'running' ? first : found(jobs.get(id), id));
    if (first.state === 'running') {
      const now = jobs.get(id);
      if (now !== undefined && now.state !== 'running') send(now);
    }
  });
}
