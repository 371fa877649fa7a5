// The demo cohort through the app equals `iodose cohort` (issue 10): the demo import (POST
// /api/demo/import, real store) of a copy of examples/demo-cohort enters the 9 patients with their
// histology and the cohort settings of cohort.yaml; each of the 24 timepoints is run by the run
// job; GET /api/cohort then gives the cohort.json of the CLI use case (computeCohort on the same
// copy's cohort.yaml): every table, per-histology change group, eligibility and the stopping rule
// equal (numbers to 1e-9 relative), provenance (paths, run ids, hashes, times) apart.
// Both sides use 200 Monte Carlo samples (test/helpers/monte-carlo.ts), written into the copy.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { computeCohort } from '../../src/app/cohort/compute-cohort.ts';
import { artefactBytes, memorySink } from '../../src/core/artefact.ts';
import type {
  CohortSettings,
  CohortView,
  JobStatus,
  PatientSummary,
} from '../../src/server/api-types.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import { DEMO_STORE } from '../../src/server/serve.ts';
import * as storeApi from '../../src/store/index.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { tempDir } from '../helpers/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const HOST = { host: '127.0.0.1:4100' };
const copy = tempDir('iodose-demo-cohort-');
interface CohortYaml {
  name: string;
  timepoints: string[];
  groupBy: string[];
  stoppingRule: { maxEligible: number; afterPatients: number };
  patients: { id: string; histology: string; studies: Record<string, string> }[];
}
let cohortYaml: CohortYaml;
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

beforeAll(async () => {
  cpSync(join(ROOT, 'examples', 'demo-cohort'), copy, { recursive: true });
  cohortYaml = parse(readFileSync(join(copy, 'cohort.yaml'), 'utf8')) as CohortYaml;
  for (const patient of cohortYaml.patients) {
    for (const path of Object.values(patient.studies)) {
      const file = join(copy, path);
      const study = parse(readFileSync(file, 'utf8')) as object;
      writeFileSync(file, stringify(withFewMonteCarloSamples(study)));
    }
  }
  store = storeApi.openStore(tempDir('iodose-demo-cohort-store-'));
  app = await buildServer({
    store,
    api: storeApi,
    demo: { ...DEMO_STORE, cohortDir: copy },
    cohortSettings: storeApi,
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

/** `value` without provenance: where each study came from, hashes, times, warnings. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  const skip = ['provenance', 'source', 'sources', 'warnings', 'reportHref'];
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !skip.includes(k))
      .map(([k, v]) => [k, strip(v)]),
  );
}

/** Every leaf of `want` in `actual`: numbers to 1e-9 relative, the rest equal; the leaves seen. */
function same(actual: unknown, want: unknown, at: string): number {
  if (typeof want === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - want), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
    return 1;
  }
  if (typeof want !== 'object' || want === null) {
    expect(actual, at).toEqual(want);
    return 1;
  }
  expect(typeof actual, at).toBe('object');
  expect(Object.keys(actual as object).sort(), at).toEqual(Object.keys(want).sort());
  let n = 0;
  for (const [k, v] of Object.entries(want)) {
    n += same((actual as Record<string, unknown>)[k], v, `${at}.${k}`);
  }
  return n;
}

describe('the demo cohort in the app and in `iodose cohort`', () => {
  it('imports the patients with their histology and the cohort settings', async () => {
    const job = await call<JobStatus>('POST', '/api/demo/import');
    const end = await jobs.settled(job.id);
    expect(end?.error ?? null).toBeNull();
    const patients = await call<PatientSummary[]>('GET', '/api/patients');
    expect(patients).toHaveLength(10);
    for (const entry of cohortYaml.patients) {
      const p = patients.find((x) => x.code === entry.id);
      expect(p?.attributes, entry.id).toEqual({ histology: entry.histology });
      expect(p?.timepoints.map((t) => t.label).sort()).toEqual(Object.keys(entry.studies).sort());
    }
    expect(patients.find((p) => p.code === 'PHANTOM-01')?.attributes).toEqual({});
    const settings = await call<CohortSettings>('GET', '/api/cohort/settings');
    const { name, timepoints, groupBy, stoppingRule } = cohortYaml;
    expect(settings).toEqual({ name, timepoints, groupBy, stoppingRule });
  }, 300_000);

  it('gives the tables and figures of `iodose cohort` per histology', async () => {
    const patients = await call<PatientSummary[]>('GET', '/api/patients');
    for (const p of patients.filter((x) => x.code !== 'PHANTOM-01')) {
      for (const tp of p.timepoints) {
        const job = await call<JobStatus>('POST', `/api/timepoints/${tp.id}/runs`, {});
        const end = await jobs.settled(job.id);
        expect(end?.error ?? null, `${p.code} ${tp.label}`).toBeNull();
      }
    }
    const view = await call<CohortView>('GET', '/api/cohort');
    expect(view.notes).toEqual(['PHANTOM-01 baseline: no run yet']);
    const sink = memorySink();
    await computeCohort(join(copy, 'cohort.yaml'), { sink });
    const json = sink.artefacts.find((a) => a.path === 'cohort.json');
    expect(json).toBeDefined();
    const cli = JSON.parse(
      new TextDecoder().decode(artefactBytes(json ?? { path: '', text: 'null' })),
    ) as Record<string, unknown>;
    const app = view.cohort as Record<string, unknown>;
    expect(app['name']).toBe(cohortYaml.name);
    expect(JSON.stringify(cli)).toContain('oncocytic');
    // Grouped by histology, the two values of cohort.yaml, each patient in its own group.
    const groups = (
      app['changes'] as { groups: { attribute: string; value: string; patients: number }[] }
    ).groups;
    const histologies = [...new Set(cohortYaml.patients.map((p) => p.histology))].sort();
    expect(groups.map((g) => `${g.attribute}=${g.value}`).sort()).toEqual(
      histologies.map((v) => `histology=${v}`),
    );
    for (const group of groups) {
      const members = cohortYaml.patients.filter((p) => p.histology === group.value);
      expect(group.patients).toBeGreaterThan(0);
      expect(group.patients).toBeLessThanOrEqual(members.length);
    }
    const leaves = same(strip(app), strip(cli), 'cohort.json');
    expect(leaves).toBeGreaterThan(300);
    expect(view.html).toContain('histology');
  }, 600_000);
});
