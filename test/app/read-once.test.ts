// Each input file is read once, and its SHA-256 is of the bytes that were parsed (issue 8 review):
// the recovery file (was read for parsing, then again for the hash) and a cohort's study manifests
// (were read and parsed for the `iodose` key, then again by the study). Reads are counted on
// node:fs readFileSync; the hashes are recomputed here from the files' bytes.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';

const reads = vi.hoisted(() => new Map<string, number>());
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof path === 'string') reads.set(resolve(path), (reads.get(resolve(path)) ?? 0) + 1);
    return (real.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readFileSync;
  return { ...real, readFileSync, default: { ...real, readFileSync } };
});

const { computeCohort } = await import('../../src/app/cohort/compute-cohort.ts');
const { loadStudySource } = await import('../../src/app/study/study-source.ts');
const { memorySink } = await import('../../src/core/artefact.ts');
const { demoManifest } = await import('../../src/demo/demo-patient.ts');
const { tempDir } = await import('../helpers/temp.ts');

const dir = tempDir('iodose-read-once-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => reads.clear());
const sha256 = (path: string) => createHash('sha256').update(fs.readFileSync(path)).digest('hex');

/** A valid recovery file (recovery-file.ts): a Hill curve with one point. */
const recoveryFile = {
  iodoseRecovery: 1,
  nuclide: 'I-124',
  segmentation: 'isocontour 50%',
  curve: {
    model: 'hill-volume',
    plateau: 0.9,
    halfVolumeMl: 1.2,
    slope: 1.5,
    converged: true,
    rangeMl: [0.5, 26.5],
    rmsResidual: 0.01,
    points: [{ volumeMl: 1, recoveryCoefficient: 0.4, fittedRc: 0.41, residual: -0.01 }],
  },
  scanner: {},
  spheres: [],
  warnings: [],
  provenance: {},
};

describe('files read once', () => {
  it('the recovery file: parsed and hashed from one read', () => {
    const recoveryPath = join(dir, 'recovery.json');
    fs.writeFileSync(recoveryPath, JSON.stringify(recoveryFile));
    const manifestPath = join(dir, 'study.yaml');
    fs.writeFileSync(manifestPath, stringify({ ...demoManifest(), recovery: './recovery.json' }));
    const expected = sha256(recoveryPath);
    reads.clear();
    const loaded = loadStudySource({ manifestPath });
    expect(reads.get(recoveryPath)).toBe(1);
    expect(reads.get(manifestPath)).toBe(1);
    expect(loaded.recovery?.sha256).toBe(expected);
    expect(loaded.recovery?.path).toBe(recoveryPath);
    expect(loaded.recovery?.file.curve.halfVolumeMl).toBe(1.2);
  });

  it("a cohort's study manifest: read and parsed once, hashed from those bytes", async () => {
    const studyPath = join(dir, 'P01-wk0.yaml');
    fs.writeFileSync(
      studyPath,
      stringify({ ...demoManifest(), patient: { ...demoManifest().patient, id: 'P01' } }),
    );
    const cohortPath = join(dir, 'cohort.yaml');
    fs.writeFileSync(
      cohortPath,
      stringify({
        'iodose-cohort': 1,
        name: 'one',
        timepoints: ['wk0'],
        patients: [{ id: 'P01', studies: { wk0: './P01-wk0.yaml' } }],
      }),
    );
    const expected = sha256(studyPath);
    reads.clear();
    const sink = memorySink();
    await computeCohort(cohortPath, { sink });
    expect(reads.get(studyPath)).toBe(1);
    expect(reads.get(cohortPath)).toBe(1);
    // inputsSha256 without recovery or images: SHA-256 of the manifest's hex hash (provenance.ts)
    const json = sink.artefacts.find((a) => a.path === 'studies/P01/wk0/results.json');
    const results = JSON.parse(json !== undefined && 'text' in json ? json.text : '{}') as {
      provenance: { inputsSha256: string };
    };
    expect(results.provenance.inputsSha256).toBe(
      createHash('sha256').update(expected).digest('hex'),
    );
  }, 120_000);
});
