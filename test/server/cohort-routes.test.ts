// The cohort routes over the real store: patient attributes through POST/PATCH /api/patients
// (a refused name answered 400 with its field), GET/PUT /api/cohort/settings (400 naming the
// field, 200 read back), and GET /api/cohort still answering without the settings port.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, CohortSettings, PatientSummary } from '../../src/server/api-types.ts';
import { buildServer } from '../../src/server/build-server.ts';
import * as storeApi from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

const HOST = { host: '127.0.0.1:4100' };
let app: FastifyInstance;
let bare: FastifyInstance;
let store: storeApi.Store;

async function send(on: FastifyInstance, method: string, url: string, payload?: object) {
  const answer = await on.inject({
    method: method as 'GET',
    url,
    headers: HOST,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: answer.statusCode, body: answer.json<unknown>() };
}

beforeAll(async () => {
  store = storeApi.openStore(tempDir('iodose-cohort-routes-'));
  const options = {
    store,
    api: storeApi,
    version: '0.1.0',
    webRoot: null,
    address: { host: '127.0.0.1', port: 4100 },
  };
  app = await buildServer({ ...options, cohortSettings: storeApi });
  bare = await buildServer(options);
});
afterAll(async () => {
  await app.close();
  await bare.close();
  storeApi.closeStore(store);
});

describe('cohort routes', () => {
  it('stores attributes and names a refused one', async () => {
    const made = await send(app, 'POST', '/api/patients', {
      code: 'P1',
      attributes: { histology: 'papillary' },
    });
    expect(made.status).toBe(200);
    const p = made.body as PatientSummary;
    expect(p.attributes).toEqual({ histology: 'papillary' });
    const bad = await send(app, 'PATCH', `/api/patients/${p.id}`, {
      code: 'P1',
      attributes: { weightKg: 70 },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as ApiError).field).toBe('attributes.weightKg');
    const list = await send(app, 'GET', '/api/patients');
    expect((list.body as PatientSummary[])[0]?.attributes).toEqual({ histology: 'papillary' });
  });

  it('reads and replaces the cohort settings', async () => {
    expect((await send(app, 'GET', '/api/cohort/settings')).body).toEqual({});
    const bad = await send(app, 'PUT', '/api/cohort/settings', { timepoints: ['wk0', 'wk0'] });
    expect(bad.status).toBe(400);
    expect((bad.body as ApiError).field).toBe('timepoints[1]');
    const settings: CohortSettings = { name: 'Trial', groupBy: ['histology'] };
    expect((await send(app, 'PUT', '/api/cohort/settings', settings)).body).toEqual(settings);
    expect((await send(app, 'GET', '/api/cohort/settings')).body).toEqual(settings);
    expect((await send(app, 'GET', '/api/cohort')).status).toBe(200);
    expect((await send(bare, 'GET', '/api/cohort/settings')).status).toBe(404);
    expect((await send(bare, 'GET', '/api/cohort')).status).toBe(200);
  });
});
