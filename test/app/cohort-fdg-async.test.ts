// A cohort's FDG PETs are read with the asynchronous PET reader (issue 8 review: they used the
// synchronous one inside the async use case). The reader module is wrapped to record which
// function read each folder; the SULpeak values are checked against the fixture's own truth by
// test/cli/cohort-fdg.test.ts, here only that they were measured.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import type * as PetReader from '../../src/io/dicom/read/read-pet-series.ts';

const calls = vi.hoisted(() => [] as string[]);
vi.mock('../../src/io/dicom/read/read-pet-series.ts', async (importOriginal) => {
  const real = await importOriginal<typeof PetReader>();
  return {
    ...real,
    readPetSeries: (...args: Parameters<typeof real.readPetSeries>) => {
      calls.push('sync');
      return real.readPetSeries(...args);
    },
    readPetSeriesAsync: (...args: Parameters<typeof real.readPetSeriesAsync>) => {
      calls.push('async');
      return real.readPetSeriesAsync(...args);
    },
  };
});

const { computeCohort } = await import('../../src/app/cohort/compute-cohort.ts');
const { memorySink } = await import('../../src/core/artefact.ts');
const { tempDir } = await import('../helpers/temp.ts');
const { writeFdgCohort } = await import('../cohort/fdg-cohort-fixture.ts');

const dir = tempDir('iodose-cohort-fdg-async-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a cohort's FDG PETs", () => {
  it('are read with readPetSeriesAsync, one call per FDG PET', async () => {
    const cohort = writeFdgCohort(dir) as { patients: { fdg?: Record<string, unknown> }[] };
    const fdgCount = cohort.patients.reduce((n, p) => n + Object.keys(p.fdg ?? {}).length, 0);
    const path = join(dir, 'cohort.yaml');
    writeFileSync(path, stringify(cohort));
    const run = await computeCohort(path, { sink: memorySink() });
    expect(fdgCount).toBeGreaterThan(0);
    expect(calls).toEqual(Array.from({ length: fdgCount }, () => 'async'));
    expect(run.sources.filter((s) => s.kind === 'fdg-pet')).toHaveLength(fdgCount);
  }, 120_000);
});
