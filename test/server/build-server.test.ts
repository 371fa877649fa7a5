import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import type { StorePort } from '../../src/server/store-port.ts';
import type { PatientSummary } from '../../src/server/api-types.ts';
import { ConflictError, NotFoundError } from '../../src/store/errors.ts';

/** A fake store: just enough to drive the routes' error mapping and guard. */
function fakeApi(): StorePort<PatientSummary[]> {
  const fail = (): never => {
    throw new Error('secret patient P01 in a bug message');
  };
  return {
    listPatients: (s) => s,
    createPatient: (s, input) => {
      const code = (input as { code?: unknown }).code;
      if (typeof code !== 'string')
        throw new InputError({ field: 'code' }, 'a patient code', 'type one');
      if (s.some((p) => p.code === code)) throw new ConflictError('code', 'a new code');
      const p: PatientSummary = {
        id: s.length + 1,
        code,
        sex: null,
        heightCm: null,
        timepoints: [],
      };
      s.push(p);
      return p;
    },
    getTimepoint: (_s, id) => {
      throw new NotFoundError('timepoint', id);
    },
    updatePatient: fail,
    createTimepoint: fail,
    patchTimepoint: fail,
    setSessions: fail,
    createLesion: fail,
    updateLesion: fail,
    deleteLesion: fail,
    putSeed: fail,
    deleteSeed: fail,
    putBlood: fail,
    putWholeBody: fail,
    putRecovery: fail,
    getRun: fail,
    addReview: fail,
    listAudit: fail,
    timepointManifest: fail,
    beginRunFolder: fail,
    insertRun: fail,
    abandonRun: fail,
    runManifest: fail,
    latestRuns: fail,
    runFilePath: (_s, _id, name) => {
      throw new InputError({ field: 'name' }, `one of the run's files, not ${name}`);
    },
  };
}

const host = { host: '127.0.0.1:4100' };

async function server(jobs?: Jobs) {
  return buildServer({
    store: [] as PatientSummary[],
    api: fakeApi(),
    version: '9.9.9',
    webRoot: null,
    address: { host: '127.0.0.1', port: 4100 },
    ...(jobs ? { jobs } : {}),
  });
}

describe('buildServer', () => {
  it('answers health and maps store errors to 400/404/409/500 ApiErrors', async () => {
    const app = await server();
    const health = await app.inject({ url: '/api/health', headers: host });
    expect(health.json()).toEqual({ ok: true, version: '9.9.9' });
    const made = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: host,
      payload: { code: 'A' },
    });
    expect(made.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/patients', headers: host })).json()).toHaveLength(1);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: host,
      payload: { code: 'A' },
    });
    expect(dup.statusCode).toBe(409);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: host,
      payload: { code: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      field: 'code',
      expected: 'a patient code',
      hint: 'type one',
    });
    expect((await app.inject({ url: '/api/timepoints/7', headers: host })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/timepoints/..%2F7', headers: host })).statusCode).toBe(
      400,
    );
    const bug = await app.inject({
      method: 'PATCH',
      url: '/api/patients/1',
      headers: host,
      payload: {},
    });
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toContain('P01');
    const traversal = await app.inject({
      url: '/api/runs/1/files/..%2F..%2Fiodose.sqlite',
      headers: host,
    });
    expect(traversal.statusCode).toBe(400);
    await app.close();
  });

  it('refuses a foreign Host (DNS rebinding) or Origin (cross-site) with 403', async () => {
    const app = await server();
    const rebinding = await app.inject({
      url: '/api/patients',
      headers: { host: 'evil.example:4100' },
    });
    expect(rebinding.statusCode).toBe(403);
    const wrongPort = await app.inject({ url: '/api/patients', headers: { host: '127.0.0.1:80' } });
    expect(wrongPort.statusCode).toBe(403);
    const cross = await app.inject({
      url: '/api/patients',
      headers: { ...host, origin: 'http://evil.example' },
    });
    expect(cross.statusCode).toBe(403);
    const own = await app.inject({
      url: '/api/patients',
      headers: { host: 'localhost:4100', origin: 'http://localhost:4100' },
    });
    expect(own.statusCode).toBe(200);
    await app.close();
  });

  it('bounds JSON bodies with a 413 ApiError', async () => {
    const app = await server();
    const big = JSON.stringify({ code: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { ...host, 'content-type': 'application/json' },
      payload: big,
    });
    expect(answer.statusCode).toBe(413);
    expect(answer.json().error).toMatch(/too large/);
    await app.close();
  });

  it('runs a job with progress, streams it as SSE and cancels it', async () => {
    const jobs = new Jobs();
    const app = await server(jobs);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done = jobs.start('import', async ({ onProgress }) => {
      onProgress({ stage: 'read', done: 1, total: 2 });
      await gate;
      return { seriesIds: [3] };
    });
    await new Promise((r) => setTimeout(r, 20));
    const status = (await app.inject({ url: `/api/jobs/${done.id}`, headers: host })).json();
    expect(status).toMatchObject({
      state: 'running',
      progress: { stage: 'read', done: 1, total: 2 },
    });
    const events = app.inject({ url: `/api/jobs/${done.id}/events`, headers: host });
    await new Promise((r) => setTimeout(r, 20));
    release();
    const body = (await events).body;
    const states = body
      .trim()
      .split('\n\n')
      .map((e) => JSON.parse(e.replace(/^data: /, '')).state);
    expect(states).toEqual(['running', 'done']);

    const slow = jobs.start('run', async ({ signal }) => {
      await new Promise((_r, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
      return null;
    });
    const cancelled = await app.inject({
      method: 'DELETE',
      url: `/api/jobs/${slow.id}`,
      headers: host,
    });
    expect(cancelled.json()).toMatchObject({ state: 'cancelled' });
    expect(
      (
        await app.inject({
          url: `/api/jobs/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`,
          headers: host,
        })
      ).statusCode,
    ).toBe(404);
    await app.close();
  });
});
