// End to end over the real store (no stand-ins): the demo cohort's 24 measurement-level studies
// (examples/demo-cohort) entered through the record routes as the forms do, each run by the run
// job, then GET /api/cohort: its tables and eligibility match numpy/scipy on the same per-block
// values (test/fixtures/cohort/demo-expected.json, scripts/reference-cohort.py) to 1e-6, as
// `iodose cohort` does (test/cli/cohort.test.ts). Also: a timepoint with missing inputs is
// refused (409) with the store's own list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStudyManifest } from '../../src/io/manifest/load-manifest.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import type {
  CohortView,
  JobStatus,
  PatientSummary,
  TimepointDetail,
} from '../../src/server/api-types.ts';
import * as storeApi from '../../src/store/index.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { tempDir } from '../helpers/temp.ts';
import type { FastifyInstance } from 'fastify';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO = join(ROOT, 'examples', 'demo-cohort');
const HOST = { host: '127.0.0.1:4100' };
const COHORT: [string, string[]][] = [
  ['P01', ['wk0', 'wk6', 'wk12']],
  ['P02', ['wk0', 'wk6', 'wk12']],
  ['P03', ['wk0', 'wk12']],
  ['P04', ['wk0', 'wk6', 'wk12']],
  ['P05', ['wk0', 'wk6', 'wk12']],
  ['P06', ['wk0', 'wk6', 'wk12']],
  ['P07', ['wk0', 'wk12']],
  ['P08', ['wk0', 'wk6', 'wk12']],
  ['P09', ['wk0', 'wk6']],
];

interface Stats {
  [timepoint: string]: unknown;
  friedman: { statistic: number; pValue: number; blocks: number };
}
interface Expected {
  tables: Record<'lesion' | 'patient', Record<string, Stats>>;
  eligibility: { overall: { eligible: number; n: number; upper95: number } };
}
const expected = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'cohort', 'demo-expected.json'), 'utf8'),
) as Expected;

let app: FastifyInstance;
let store: storeApi.Store;
const jobs = new Jobs();

async function call<T>(method: string, url: string, payload?: unknown): Promise<T> {
  const answer = await app.inject({
    method: method as 'GET',
    url,
    headers: HOST,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  if (answer.statusCode !== 200) throw new Error(`${method} ${url}: ${answer.body}`);
  return answer.json<T>();
}

/** Enters one study manifest as a timepoint of patient `pid`, field by field. */
async function enter(pid: number, label: string, path: string): Promise<number> {
  const m = loadStudyManifest(path).manifest;
  const tp = await call<TimepointDetail>('POST', `/api/patients/${pid}/timepoints`, { label });
  await call('PATCH', `/api/timepoints/${tp.id}`, {
    weightKg: m.patient.weightKg,
    diffuseLungMetastases: m.patient.diffuseLungMetastases ?? false,
    tracer: m.tracer,
    therapy: m.therapy ?? null,
    settings: withFewMonteCarloSamples({ settings: m.settings ?? {} }).settings,
    measurements: m.measurements,
  });
  for (const lesion of m.lesions) {
    await call('POST', `/api/timepoints/${tp.id}/lesions`, {
      label: lesion.id,
      site: lesion.site ?? null,
      volumeMl: lesion.volumeMl ?? null,
    });
  }
  await call('PUT', `/api/timepoints/${tp.id}/blood`, m.blood);
  await call('PUT', `/api/timepoints/${tp.id}/whole-body`, m.wholeBody);
  return tp.id;
}

beforeAll(async () => {
  store = storeApi.openStore(tempDir('iodose-runs-cohort-'));
  app = await buildServer({
    store,
    api: storeApi,
    version: '0.1.0',
    webRoot: null,
    address: { host: '127.0.0.1', port: 4100 },
    jobs,
  });
});
afterAll(async () => {
  await app.close();
  storeApi.closeStore(store);
});

describe('the cohort view over the real store', () => {
  it('refuses a run of a timepoint the store says is incomplete', async () => {
    const p = await call<PatientSummary>('POST', '/api/patients', { code: 'EMPTY' });
    const tp = await call<TimepointDetail>('POST', `/api/patients/${p.id}/timepoints`, {
      label: 'wk0',
    });
    expect(tp.missing.length).toBeGreaterThan(0);
    const answer = await app.inject({
      method: 'POST',
      url: `/api/timepoints/${tp.id}/runs`,
      headers: HOST,
      payload: {},
    });
    expect(answer.statusCode).toBe(409);
    expect(answer.json<{ error: string }>().error).toContain(tp.missing[0]);
  });

  it('matches the numpy/scipy reference of the demo cohort', async () => {
    for (const [code, labels] of COHORT) {
      const m = loadStudyManifest(join(DEMO, code, `${labels[0]}.yaml`)).manifest;
      const { sex, heightCm } = m.patient;
      const p = await call<PatientSummary>('POST', '/api/patients', { code, sex, heightCm });
      for (const label of labels) {
        const tid = await enter(p.id, label, join(DEMO, code, `${label}.yaml`));
        const job = await call<JobStatus>('POST', `/api/timepoints/${tid}/runs`, {});
        const end = await jobs.settled(job.id);
        expect(end?.error, `${code} ${label}`).toBeNull();
      }
    }
    const view = await call<CohortView>('GET', '/api/cohort');
    expect(view.notes).toEqual(['EMPTY wk0: no run yet']);
    const cohort = view.cohort as {
      timepoints: string[];
      tables: Expected['tables'];
      eligibility: Expected['eligibility'];
    };
    expect(cohort.timepoints).toEqual(['wk0', 'wk6', 'wk12']);
    let compared = 0;
    /** Every number of `want` (nested) in `actual` to 1e-6 relative; other values equal. */
    const close = (actual: unknown, want: unknown, what: string): void => {
      if (typeof want === 'object' && want !== null) {
        for (const [k, v] of Object.entries(want)) {
          close((actual as Record<string, unknown> | undefined)?.[k], v, `${what} ${k}`);
        }
        return;
      }
      compared++;
      if (typeof want !== 'number') return void expect(actual, what).toEqual(want);
      expect(typeof actual, what).toBe('number');
      const tolerance = 1e-6 * Math.max(1, Math.abs(want));
      expect(Math.abs((actual as number) - want), what).toBeLessThanOrEqual(tolerance);
    };
    for (const level of ['lesion', 'patient'] as const) {
      for (const [parameter, table] of Object.entries(expected.tables[level])) {
        for (const [key, want] of Object.entries(table)) {
          close(cohort.tables[level][parameter]?.[key], want, `${level} ${parameter} ${key}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    close(cohort.eligibility.overall, expected.eligibility.overall, 'eligibility');
    expect(view.html).toContain('Stopping rule');
  });
});
