// The run routes over a real store (measurement-level manifests, so a run takes about a second):
// the job's results.json equals `iodose run`'s on the same manifest written to a file; re-running
// makes a new run and leaves the first byte for byte; one review per run; run files only by
// name; a cancel leaves no row and no folder; a timepoint with missing inputs is refused before a
// job starts; manifest.yaml runs to the same numbers; the cohort view over the latest runs.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCohort } from '../../src/app/cohort/compute-cohort.ts';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import { memorySink } from '../../src/core/artefact.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { chromiumMissingReason } from '../../src/report/output/pdf.ts';
import { folderOutputs } from '../../src/report/output/folder-outputs.ts';
import type { CohortView, JobStatus, RunDetail } from '../../src/server/api-types.ts';
import { latestRuns, runFilePath } from '../../src/store/index.ts';
import type { StudyResults } from '../../src/study/results.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { tempDir } from '../helpers/temp.ts';
import { HOST, runServer, type RunServer } from './run-server.ts';

/** results.json without what differs between a file and an in-memory manifest. */
function numbers(results: unknown): unknown {
  const copy = structuredClone(results) as StudyResults;
  const p = copy.provenance as unknown as Record<string, unknown>;
  for (const key of ['manifest', 'inputsSha256', 'createdAt']) delete p[key];
  return copy;
}

/** The CLI path: the manifest written to a file, run into a folder as `iodose run` does. */
async function cliResults(manifest: unknown, dir: string): Promise<unknown> {
  const manifestPath = join(dir, 'manifest.yaml');
  writeFileSync(manifestPath, typeof manifest === 'string' ? manifest : stringify(manifest));
  const out = join(dir, 'out');
  await folderOutputs().set(out, 'a results folder', (sink) =>
    computeStudy({ manifestPath }, { sink }),
  );
  return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
}

const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

const manifest = withFewMonteCarloSamples(demoManifest());

let s: RunServer;
beforeAll(async () => {
  s = await runServer();
});
afterAll(async () => s.close());

async function get(url: string) {
  return s.app.inject({ url, headers: HOST });
}

describe('run routes', () => {
  let tid: number;
  let first: RunDetail;

  it('runs a timepoint: results.json equals the CLI path on the same manifest', async () => {
    tid = s.addTimepoint('DEMO-01', 'wk0', { manifest, baseDir: s.store.dataDir, missing: [] });
    const end = await s.run(tid);
    expect(end).toMatchObject({ kind: 'run', state: 'done', error: null });
    expect(end.result).toEqual({ runId: expect.any(Number), timepointId: tid });
    first = (await get(`/api/runs/${end.result?.runId}`)).json<RunDetail>();
    expect(first.files).toEqual(['results.json', 'report.html', 'report.sr.dcm']);
    expect(first.decision).toBe((first.results as StudyResults).therapy.decision);
    const file = await get(`/api/runs/${first.id}/files/results.json`);
    expect(file.headers['content-type']).toBe('application/json');
    expect(file.json()).toEqual(first.results);
    const cli = await cliResults(manifest, tempDir());
    expect(numbers(file.json())).toEqual(numbers(cli));
    expect((first.results as StudyResults).provenance.inputsSha256).toBe(first.inputsSha256);
    const report = await get(`/api/runs/${first.id}/files/report.html`);
    expect(report.headers['content-type']).toMatch(/^text\/html/);
    expect(report.body).toContain('DEMO-01');
  });

  it('re-running makes a second run; the first stays readable, byte for byte', async () => {
    const before = (await get(`/api/runs/${first.id}/files/results.json`)).rawPayload;
    const pdfMissing = chromiumMissingReason();
    if (pdfMissing !== null) console.warn(`SKIPPING the PDF part: ${pdfMissing}`);
    const end = await s.run(tid, { pdf: pdfMissing === null });
    expect(end.state).toBe('done');
    const second = (await get(`/api/runs/${end.result?.runId}`)).json<RunDetail>();
    expect(second.id).not.toBe(first.id);
    expect((await get(`/api/runs/${first.id}`)).json()).toEqual(first);
    const after = (await get(`/api/runs/${first.id}/files/results.json`)).rawPayload;
    expect(sha(after)).toBe(sha(before));
    expect(numbers(second.results)).toEqual(numbers(first.results));
    if (pdfMissing === null) {
      expect(second.files).toContain('report.pdf');
      expect(second.files).toContain('report.pdf.dcm');
      const pdf = await get(`/api/runs/${second.id}/files/report.pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(s.runFolders()).toHaveLength(2);
  });

  it('one review per run: a second answers 409; both runs audited', async () => {
    const url = `/api/runs/${first.id}/review`;
    const review = (note: unknown) =>
      s.app.inject({ method: 'POST', url, headers: HOST, payload: { note } });
    const done = await review('VOIs checked');
    expect(done.statusCode).toBe(200);
    expect(done.json<RunDetail>().review).toMatchObject({
      note: 'VOIs checked',
      byClient: '127.0.0.1 vitest',
    });
    const again = await review('twice');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ field: 'review' });
    const audit = (await get(`/api/audit?entity=run&entityId=${first.id}`)).json<
      { action: string }[]
    >();
    expect(audit.map((a) => a.action)).toEqual(['review', 'run']);
  });

  it('serves only the run files by name', async () => {
    // (".." alone never reaches the route: URLs are normalised; the store test refuses it too.)
    for (const [name, status] of [
      ['..%2Fiodose.sqlite', 400],
      ['.hidden', 400],
      ['nope.json', 404],
    ] as const) {
      const answer = await get(`/api/runs/${first.id}/files/${name}`);
      expect(answer.statusCode, name).toBe(status);
      expect(answer.json<{ error: string }>().error).toBeTruthy();
    }
    expect((await get('/api/runs/999/files/results.json')).statusCode).toBe(404);
  });

  it('a cancel mid-run leaves no row and no folder', async () => {
    const runsBefore = s.runFolders();
    const answer = await s.app.inject({
      method: 'POST',
      url: `/api/timepoints/${tid}/runs`,
      headers: HOST,
      payload: {},
    });
    const job = answer.json<JobStatus>();
    await new Promise<void>((resolve) => {
      const stop = s.jobs.subscribe(job.id, (status) => {
        if (status.progress?.stage === 'compute') {
          stop();
          resolve();
        }
      });
    });
    const cancelled = await s.app.inject({
      method: 'DELETE',
      url: `/api/jobs/${job.id}`,
      headers: HOST,
    });
    expect(cancelled.json<JobStatus>()).toMatchObject({ state: 'cancelled', result: null });
    expect(s.runFolders()).toEqual(runsBefore);
    const count = s.store.db.prepare('SELECT COUNT(*) FROM runs').pluck().get();
    expect(count).toBe(2);
  });

  it('refuses a timepoint with missing inputs (409) and a bad body (400) before any job', async () => {
    const t2 = s.addTimepoint('P2', 'wk0', {
      manifest,
      baseDir: s.store.dataDir,
      missing: ['blood samples', 'a seed of lesion L1 in session pet24'],
    });
    const post = (tp: number, payload: Record<string, unknown>) =>
      s.app.inject({ method: 'POST', url: `/api/timepoints/${tp}/runs`, headers: HOST, payload });
    const refused = await post(t2, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: string }>().error).toMatch(/blood samples; a seed of lesion L1/);
    const bad = await post(tid, { pdf: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'pdf' });
    expect((await post(9999, {})).statusCode).toBe(404);
    expect(s.runFolders()).toHaveLength(2);
  });

  it('a run whose manifest is invalid fails with the CLI message; nothing is stored', async () => {
    const broken = { ...manifest, tracer: { ...manifest.tracer, activityMBq: -1 } };
    const t3 = s.addTimepoint('P3', 'wk0', {
      manifest: broken,
      baseDir: s.store.dataDir,
      missing: [],
    });
    const end = await s.run(t3);
    expect(end.state).toBe('failed');
    expect(end.error?.field).toBe('tracer.activityMBq');
    expect(s.runFolders()).toHaveLength(2);
  });

  it('manifest.yaml runs with the CLI use case to the same numbers', async () => {
    const answer = await get(`/api/runs/${first.id}/manifest.yaml`);
    expect(answer.headers['content-type']).toMatch(/^text\/yaml/);
    expect(answer.body).toMatch(/^# The manifest of iodose run/);
    const cli = await cliResults(answer.body, tempDir());
    expect(numbers(cli)).toEqual(numbers(first.results));
  });

  it('the cohort view: as `iodose cohort` on the latest runs, notes for those left out', async () => {
    s.addTimepoint('P4', 'wk0', { manifest, baseDir: s.store.dataDir, missing: ['x'] });
    const view = (await get('/api/cohort')).json<CohortView>();
    expect(view.notes).toEqual(['P2 wk0: no run yet', 'P3 wk0: no run yet', 'P4 wk0: no run yet']);
    expect(view.html).toMatch(/^<!doctype html>/i);
    const latest = latestRuns(s.store);
    expect(latest.map((l) => l.runId)).toEqual([first.id + 1]);
    // The CLI path: a cohort manifest naming the latest run's results.json file.
    const dir = tempDir();
    const cohortPath = join(dir, 'cohort.yaml');
    const results = runFilePath(s.store, latest[0]?.runId ?? 0, 'results.json');
    writeFileSync(
      cohortPath,
      stringify({
        'iodose-cohort': 1,
        name: 'iodose serve: latest run of each timepoint',
        timepoints: ['wk0'],
        groupBy: [],
        patients: [{ id: 'DEMO-01', studies: { wk0: results } }],
      }),
    );
    const sink = memorySink();
    await computeCohort(cohortPath, { sink });
    const cliJson = sink.artefacts.find((a) => a.path === 'cohort.json');
    const cli = JSON.parse(
      cliJson !== undefined && 'text' in cliJson ? cliJson.text : '',
    ) as Record<string, unknown>;
    const served = view.cohort as Record<string, unknown>;
    expect(Object.keys(served).sort()).toEqual(Object.keys(cli).sort());
    expect({ ...served, provenance: null }).toEqual({ ...cli, provenance: null });
    const sources = (served.provenance as { sources: { path: string; reportHref: string }[] })
      .sources;
    expect(sources).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/^run \d+ /),
        reportHref: `api/runs/${first.id + 1}/files/report.html`,
      }),
    ]);
  });
});
