// Use case "run a study" (src/app/study/compute-study.ts) called directly, without the CLI: from
// an in-memory manifest and from a file, its artefacts, provenance hash and progress stages.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import type { Progress } from '../../src/app/progress.ts';
import { memorySink } from '../../src/core/artefact.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { runStudy } from '../../src/study/run-study.ts';
import { tempDir } from '../helpers/cli.ts';

const dir = tempDir('iodose-app-study-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const CREATED_AT = '2024-05-01T12:00:00.000Z';

describe('computeStudy from an in-memory manifest (the measurement-level demo)', async () => {
  const manifest = demoManifest();
  const sink = memorySink();
  const events: Progress[] = [];
  const run = await computeStudy(
    { manifest, baseDir: dir },
    { sink, createdAt: CREATED_AT, onProgress: (p) => events.push(p) },
  );

  it('gives the results of the patient pipeline for the same manifest', () => {
    const direct = runStudy(manifest, {
      manifestPath: null,
      inputsSha256: run.results.provenance.inputsSha256,
      createdAt: CREATED_AT,
      recovery: null,
      images: null,
      recoveryFile: null,
    });
    // The use case adds the voxel path's verdict (here: nothing to do without images).
    const { voxelDosimetry, ...sphereModel } = run.results;
    expect(sphereModel).toEqual(direct);
    expect(voxelDosimetry?.computed).toBe(false);
    expect(voxelDosimetry?.reason).toMatch(/no PET images/);
    expect(run.results.therapy.decision).toBe('eligible');
    expect(run.results.lesions.map((l) => l.id)).toEqual(['L1', 'L2', 'L3']);
    expect(run.results.provenance.manifest).toBeNull();
  });

  it('hashes its inputs: SHA-256 over the hex SHA-256 of the manifest JSON (no recovery, no images)', () => {
    expect(run.results.provenance.inputsSha256).toBe(sha256(sha256(JSON.stringify(manifest))));
  });

  it('hands results.json, report.html and the SR to the sink, results.json the JSON of the results', () => {
    // report.sr.dcm: the TID 1500 SR (checked in test/app/results-dicom.test.ts).
    expect(run.artefacts).toEqual(['results.json', 'report.html', 'report.sr.dcm']);
    expect(sink.artefacts.map((a) => a.path)).toEqual(run.artefacts);
    const [json, html] = sink.artefacts;
    expect(json !== undefined && 'text' in json && JSON.parse(json.text)).toEqual(
      JSON.parse(JSON.stringify(run.results)),
    );
    expect(html !== undefined && 'text' in html && html.text).toMatch(/^<!doctype html>/i);
    expect(run.notes).toEqual([]);
    // The demo manifest names no files: nothing to protect.
    expect(run.inputs).toEqual([]);
  });

  it('reports the stages in order, each from 0 to its total', () => {
    expect(events).toEqual([
      { stage: 'load', done: 0, total: 1 },
      { stage: 'load', done: 1, total: 1 },
      { stage: 'compute', done: 0, total: 1 },
      { stage: 'compute', done: 1, total: 1 },
      { stage: 'report', done: 0, total: 1 },
      { stage: 'report', done: 1, total: 1 },
      { stage: 'dicom', done: 0, total: 1 },
      { stage: 'dicom', done: 1, total: 1 },
      { stage: 'output', done: 0, total: 3 },
      { stage: 'output', done: 1, total: 3 },
      { stage: 'output', done: 2, total: 3 },
      { stage: 'output', done: 3, total: 3 },
    ]);
  });
});

describe('computeStudy from a manifest file', async () => {
  const manifestPath = join(dir, 'manifest.yaml');
  writeFileSync(manifestPath, stringify(demoManifest()));
  const sink = memorySink();
  const run = await computeStudy({ manifestPath }, { sink, prefix: 'studies/P01/wk0/' });

  it('hashes the file bytes, names the manifest in provenance and declares it as an input', () => {
    expect(run.results.provenance.inputsSha256).toBe(sha256(sha256(readFileSync(manifestPath))));
    expect(run.results.provenance.manifest).toBe(manifestPath);
    expect(sink.inputs).toEqual([{ path: manifestPath, what: 'the study manifest' }]);
  });

  it('puts the artefacts below the prefix', () => {
    expect(run.artefacts).toEqual([
      'studies/P01/wk0/results.json',
      'studies/P01/wk0/report.html',
      'studies/P01/wk0/report.sr.dcm',
    ]);
    expect(sink.artefacts.map((a) => a.path)).toEqual(run.artefacts);
  });

  it('rejects a bad in-memory manifest with an InputError naming it and the field', async () => {
    const bad = { ...demoManifest(), tracer: { ...demoManifest().tracer, activityMBq: -1 } };
    await expect(
      computeStudy({ manifest: bad, baseDir: dir, name: 'study 7' }, { sink: memorySink() }),
    ).rejects.toThrow(/^study 7: tracer\.activityMBq: /);
  });
});
