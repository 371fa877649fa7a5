// The run route on the image-level demo patient (two 124I PET/CT sessions as DICOM, written into
// the data folder as a stand-in for an import): progress stages, the DICOM objects of the run
// (SEG per session, RT Dose) served as application/dicom and read back by pydicom, and the
// run's manifest.yaml (paths absolute) run by the CLI use case from another folder to the same
// numbers.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import { buildPatientPhantom } from '../../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../../src/demo/write-patient-phantom.ts';
import { folderOutputs } from '../../src/report/output/folder-outputs.ts';
import type { JobStatus, RunDetail } from '../../src/server/api-types.ts';
import { runFilePath } from '../../src/store/index.ts';
import type { StudyResults } from '../../src/study/results.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { tempDir } from '../helpers/temp.ts';
import { HOST, runServer, type RunServer } from './run-server.ts';

const PYTHON = '/usr/bin/python3';

function numbers(results: unknown): unknown {
  const copy = structuredClone(results) as StudyResults;
  const p = copy.provenance as unknown as Record<string, unknown>;
  for (const key of ['manifest', 'inputsSha256', 'createdAt']) delete p[key];
  return copy;
}

let s: RunServer;
let run: RunDetail;
const stages = new Set<string>();
let seconds = 0;

beforeAll(async () => {
  s = await runServer();
  const folder = join(s.store.dataDir, 'phantom');
  const written = writePatientPhantom(folder, buildPatientPhantom());
  const manifest = withFewMonteCarloSamples(
    parse(readFileSync(written.manifestPath, 'utf8')) as Record<string, unknown>,
  );
  // The quick voxel path (still an RT Dose): the default kernel + voxel fits take 5x longer.
  const settings = manifest['settings'] as Record<string, unknown>;
  settings['voxelDosimetry'] = { method: 'local', tia: 'region-scaled', registration: 'none' };
  const tid = s.addTimepoint('PHANTOM-01', 'wk0', { manifest, baseDir: folder, missing: [] });
  const started = performance.now();
  const answer = await s.app.inject({
    method: 'POST',
    url: `/api/timepoints/${tid}/runs`,
    headers: HOST,
    payload: {},
  });
  const job = answer.json<JobStatus>();
  s.jobs.subscribe(job.id, (status) => {
    if (status.progress !== null) stages.add(status.progress.stage);
  });
  const end = await s.jobs.settled(job.id);
  seconds = (performance.now() - started) / 1000;
  expect(end?.error).toBeNull();
  run = (await s.app.inject({ url: `/api/runs/${end?.result?.runId}`, headers: HOST })).json();
});
afterAll(async () => s.close());

describe('run route, image-level demo patient', () => {
  it('reports progress by stage and exports the DICOM objects', async () => {
    console.log(
      `image-level demo patient via the run job: ${seconds.toFixed(1)} s (200 MC samples, quick voxel path)`,
    );
    expect([...stages]).toEqual(
      expect.arrayContaining(['load', 'compute', 'report', 'seg', 'output']),
    );
    const dicom = run.files.filter((f) => f.endsWith('.dcm')).sort();
    expect(dicom).toEqual([
      'report.sr.dcm',
      'voi-pet108.seg.dcm',
      'voi-pet24.seg.dcm',
      'voxel-dose.rtdose.dcm',
    ]);
    for (const name of dicom) {
      const answer = await s.app.inject({
        url: `/api/runs/${run.id}/files/${name}`,
        headers: HOST,
      });
      expect(answer.headers['content-type']).toBe('application/dicom');
      const path = runFilePath(s.store, run.id, name);
      expect(answer.rawPayload.equals(readFileSync(path))).toBe(true);
      const modality = execFileSync(PYTHON, [
        '-c',
        'import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).Modality)',
        path,
      ])
        .toString()
        .trim();
      const expected = name.endsWith('.seg.dcm')
        ? 'SEG'
        : name.endsWith('.sr.dcm')
          ? 'SR'
          : 'RTDOSE';
      expect(modality).toBe(expected);
    }
  });

  it('manifest.yaml, saved elsewhere, runs with the CLI use case to the same numbers', async () => {
    const answer = await s.app.inject({ url: `/api/runs/${run.id}/manifest.yaml`, headers: HOST });
    const manifest = parse(answer.body) as { scans: { pet: string; ct: string }[] };
    const folder = join(s.store.dataDir, 'phantom');
    expect(manifest.scans.map((scan) => scan.pet)).toEqual([
      join(folder, 'pet24'),
      join(folder, 'pet108'),
    ]);
    const dir = tempDir();
    const manifestPath = join(dir, 'manifest.yaml');
    writeFileSync(manifestPath, answer.body);
    const out = join(dir, 'out');
    await folderOutputs().set(out, 'a results folder', (sink) =>
      computeStudy({ manifestPath }, { sink }),
    );
    const cli = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as StudyResults;
    expect(cli.lesions.length).toBeGreaterThan(0);
    expect(numbers(cli)).toEqual(numbers(run.results));
  });
});
