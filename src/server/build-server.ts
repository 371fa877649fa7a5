/**
 * The iodose HTTP server (issue 10): fastify with the logger off (requests carry patient data, so
 * nothing of a request is logged), bounded JSON bodies, the Host/Origin guard, every error as an
 * ApiError, the API routes under /api and the built web UI as static files. Tested with inject.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { DemoStore } from './demo-import.ts';
import { errorAnswer, idParam } from './errors.ts';
import { installGuard, type ServerAddress } from './guard.ts';
import { Jobs } from './jobs.ts';
import { jobRoutes } from './routes-jobs.ts';
import { demoRoutes } from './routes-demo.ts';
import { recordRoutes } from './routes-records.ts';
import { imageRoutes } from './routes-images.ts';
import type { UploadLimits } from './routes-import.ts';
import { runRoutes } from './routes-runs.ts';
import type { OpenPacsNode, PacsStorePort } from './pacs-store-port.ts';
import { openStoredNode, pacsRoutes } from './routes-pacs.ts';
import { cohortRoutes } from './routes-cohort.ts';
import type { CohortSettingsPort, ImageStorePort, StorePort } from './store-port.ts';

/** Largest JSON body (a recovery file, a blood list): 1 MiB. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerOptions<S> {
  store: S;
  api: StorePort<S>;
  version: string;
  /** The built web UI (index.html and its assets), or null to serve the API only. */
  webRoot: string | null;
  /** The host and port the guard accepts; serve() sets the port once it listens. */
  address: ServerAddress;
  jobs?: Jobs;
  /** The demo import (POST /api/demo/import); absent: the route is not offered. */
  demo?: DemoStore<S> | undefined;
  /** The import and image routes' store functions; absent: those routes are not offered. */
  images?: ImageStorePort<S> | undefined;
  /** Bounds of one upload request (default routes-import.ts UPLOAD_LIMITS). */
  uploadLimits?: UploadLimits | undefined;
  /** The PACS routes' store functions (and, for tests, how a node is opened); needs `images`. */
  pacs?: { store: PacsStorePort<S>; open?: OpenPacsNode | undefined } | undefined;
  /** The cohort settings (GET/PUT /api/cohort/settings); absent: the view's defaults. */
  cohortSettings?: CohortSettingsPort<S> | undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
  dcm: 'application/dicom',
  yaml: 'text/yaml; charset=utf-8',
};

export async function buildServer<S>(options: ServerOptions<S>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: JSON_BODY_LIMIT_BYTES });
  const jobs = options.jobs ?? new Jobs();
  app.decorate('jobs', jobs);
  installGuard(app, options.address);
  app.setErrorHandler((error, _request, reply) => {
    const answer = errorAnswer(error);
    return reply.code(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` }),
  );
  app.addHook('onClose', async () => jobs.abortAll());

  app.get('/api/health', () => ({ ok: true, version: options.version }));
  recordRoutes(app, options.api, options.store);
  jobRoutes(app, jobs);
  if (options.demo !== undefined) demoRoutes(app, jobs, options.demo, options.store);
  if (options.images !== undefined) {
    await imageRoutes(app, jobs, options.api, options.images, options.store, options.uploadLimits);
  }
  runRoutes(app, options.api, options.store, jobs);
  if (options.pacs !== undefined && options.images !== undefined) {
    pacsRoutes(app, {
      api: options.api,
      images: options.images,
      pacs: options.pacs.store,
      open: options.pacs.open ?? openStoredNode,
      store: options.store,
      jobs,
    });
  }
  cohortRoutes(app, options.api, options.store, options.cohortSettings);
  app.get('/api/runs/:rid/files/:name', (request, reply) => {
    const name = (request.params as { name: string }).name;
    // The store refuses any name that is not one of the run's files (no traversal).
    const path = options.api.runFilePath(options.store, idParam(request.params, 'rid'), name);
    const ext = basename(path).split('.').pop() ?? '';
    reply.header('content-type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
    return reply.send(createReadStream(path));
  });
  if (options.webRoot !== null) {
    // Only files under the built web root; @fastify/static refuses paths that leave it.
    await app.register(fastifyStatic, { root: options.webRoot, index: 'index.html' });
  }
  return app;
}
