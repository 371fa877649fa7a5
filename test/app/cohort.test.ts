// Use case "run a cohort" (src/app/cohort/compute-cohort.ts) on a small cohort, without the CLI:
// two patients, three study files (two study manifests run here, one results.json read), its
// artefacts in order, the progress stages and an abort between studies.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { computeCohort, type CohortRun } from '../../src/app/cohort/compute-cohort.ts';
import { AbortedError, type Progress } from '../../src/app/progress.ts';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import { memorySink, type MemorySink } from '../../src/core/artefact.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { tempDir } from '../helpers/cli.ts';

const dir = tempDir('iodose-app-cohort-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cohortPath = join(dir, 'cohort.yaml');

/** The demo patient as patient `id`, 10% heavier for P02 (a different blood dose). */
function manifestOf(id: string) {
  const manifest = demoManifest();
  const weightKg = (manifest.patient.weightKg ?? 72) * (id === 'P02' ? 1.1 : 1);
  return { ...manifest, patient: { ...manifest.patient, id, weightKg } };
}

let run: CohortRun;
let sink: MemorySink;
const events: Progress[] = [];

beforeAll(async () => {
  mkdirSync(join(dir, 'P01'));
  mkdirSync(join(dir, 'P02'));
  writeFileSync(join(dir, 'P01', 'wk0.yaml'), stringify(manifestOf('P01')));
  writeFileSync(join(dir, 'P02', 'wk0.yaml'), stringify(manifestOf('P02')));
  // P02 wk6 is a results.json made beforehand (the cohort reads it, does not run it).
  const made = memorySink();
  await computeStudy({ manifest: manifestOf('P02'), baseDir: dir }, { sink: made });
  const json = made.artefacts.find((a) => a.path === 'results.json');
  writeFileSync(
    join(dir, 'P02', 'wk6.json'),
    json !== undefined && 'text' in json ? json.text : '',
  );
  const cohort = {
    'iodose-cohort': 1,
    name: 'small',
    timepoints: ['wk0', 'wk6'],
    patients: [
      { id: 'P01', studies: { wk0: './P01/wk0.yaml' } },
      { id: 'P02', studies: { wk0: './P02/wk0.yaml', wk6: './P02/wk6.json' } },
    ],
  };
  writeFileSync(cohortPath, stringify(cohort));
  sink = memorySink();
  run = await computeCohort(cohortPath, { sink, onProgress: (p) => events.push(p) });
}, 120_000);

describe('computeCohort on a small cohort', () => {
  it('runs the study manifests into studies/PATIENT/TIMEPOINT/, then makes the cohort files', () => {
    const cohortFiles = [
      'cohort.json',
      'cohort.html',
      'cohort-tables.csv',
      'cohort-lesions.csv',
      'cohort-patients.csv',
      'cohort-changes.csv',
      'cohort-eligibility.csv',
    ];
    expect(run.artefacts).toEqual([
      'studies/P01/wk0/results.json',
      'studies/P01/wk0/report.html',
      'studies/P01/wk0/report.sr.dcm',
      'studies/P02/wk0/results.json',
      'studies/P02/wk0/report.html',
      'studies/P02/wk0/report.sr.dcm',
      ...cohortFiles,
    ]);
    expect(sink.artefacts.map((a) => a.path)).toEqual(run.artefacts);
    expect([run.files.cohortJson, run.files.cohortHtml, ...run.files.csv]).toEqual(cohortFiles);
  });

  it('counts the patients per timepoint and the eligible ones from the studies', () => {
    expect(run.analysis.patients.map((p) => p.id)).toEqual(['P01', 'P02']);
    expect(run.analysis.counts['wk0']?.patients).toBe(2);
    expect(run.analysis.counts['wk6']?.patients).toBe(1);
    const json = sink.artefacts.find((a) => a.path === 'cohort.json');
    const cohort = JSON.parse(json !== undefined && 'text' in json ? json.text : '{}') as {
      provenance: { sources: { kind: string }[] };
    };
    expect(cohort.provenance.sources.map((s) => s.kind)).toEqual([
      'manifest',
      'manifest',
      'results',
    ]);
    // Each patient is eligible when some study of theirs is (the demo patient is, at wk0).
    expect(run.analysis.eligibility.overall.n).toBe(2);
    expect(run.analysis.eligibility.overall.eligible).toBe(2);
  });

  it('declares the cohort manifest and every study file as inputs', () => {
    expect(sink.inputs.map((i) => i.what)).toEqual([
      'the cohort manifest',
      'the study manifest',
      'the study manifest',
      'the manifest input of P01 wk0',
      'the manifest input of P02 wk0',
      'the results input of P02 wk6',
    ]);
  });

  it('reports the stages: studies 0..3 of 3, analyse, report, output 0..7 of 7', () => {
    const own = events.filter((e) => e.study === undefined);
    const studies = own.filter((e) => e.stage === 'studies').map((e) => e.done);
    expect(studies).toEqual([0, 1, 2, 3]);
    expect(own.filter((e) => e.stage === 'studies').every((e) => e.total === 3)).toBe(true);
    expect([...new Set(own.map((e) => e.stage))]).toEqual([
      'studies',
      'analyse',
      'report',
      'output',
    ]);
    expect(events.at(-1)).toEqual({ stage: 'output', done: 7, total: 7 });
  });

  it("forwards each study manifest's own progress, tagged with the study", () => {
    const tagged = (patientId: string, timepoint: string) =>
      events.filter((e) => e.study?.patientId === patientId && e.study.timepoint === timepoint);
    for (const [patientId, timepoint] of [
      ['P01', 'wk0'],
      ['P02', 'wk0'],
    ] as const) {
      const inner = tagged(patientId, timepoint);
      // a measurement-level study: load, compute, report, dicom (the SR), output (results.json,
      // report.html, report.sr.dcm)
      expect([...new Set(inner.map((e) => e.stage))]).toEqual([
        'load',
        'compute',
        'report',
        'dicom',
        'output',
      ]);
      expect(inner.at(-1)).toEqual({
        stage: 'output',
        done: 3,
        total: 3,
        study: { patientId, timepoint },
      });
    }
    // the results.json of P02 wk6 is read, not run: no study events
    expect(tagged('P02', 'wk6')).toEqual([]);
    // the inner events of P02 wk0 come after the cohort counted P01 wk0 as done
    const firstOfP02 = events.findIndex((e) => e.study?.patientId === 'P02');
    const p01Done = events.findIndex(
      (e) => e.study === undefined && e.stage === 'studies' && e.done === 1,
    );
    expect(p01Done).toBeGreaterThanOrEqual(0);
    expect(p01Done).toBeLessThan(firstOfP02);
  });

  it('stops between studies when aborted after the first one', async () => {
    const controller = new AbortController();
    const aborted = memorySink();
    const error = await computeCohort(cohortPath, {
      sink: aborted,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'studies' && p.done === 1) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).stage).toBe('studies');
    // The first study was handed to the sink (a staging area the caller discards); no cohort file.
    expect(aborted.artefacts.map((a) => a.path)).toEqual([
      'studies/P01/wk0/results.json',
      'studies/P01/wk0/report.html',
      'studies/P01/wk0/report.sr.dcm',
    ]);
  });
});
