// Cohort loading reads results.json written before issue 7, whose mta.limitedBy said "lung" for
// the 48-h whole-body retention limit: it is accepted and read as "retention".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCohort } from '../../src/app/cohort/load-cohort.ts';

const dir = mkdtempSync(join(tmpdir(), 'iodose-cohort-limit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function results(limitedBy: unknown): string {
  return JSON.stringify({
    iodoseResults: 1,
    patient: { id: 'P1' },
    lesions: [{ id: 'L1', doseGyPerGBq: 5, uptake24hPercent: 0.1, residenceTimeH: 1, volumeMl: 2 }],
    blood: { doseGyPerGBq: 0.2, wbRetention48hPercent: 60 },
    mta: { activityGBq: 7.3, lungLimitGBq: 7.3, limitedBy },
    therapy: { eligible: true, maxLesionDoseGy: 36.5 },
  });
}

async function limitOf(limitedBy: unknown): Promise<unknown> {
  const name = `r-${String(limitedBy)}.json`;
  writeFileSync(join(dir, name), results(limitedBy));
  const cohort = join(dir, `cohort-${String(limitedBy)}.json`);
  writeFileSync(
    cohort,
    JSON.stringify({
      'iodose-cohort': 1,
      name: 'T',
      timepoints: ['wk0'],
      patients: [{ id: 'P1', studies: { wk0: `./${name}` } }],
    }),
  );
  const loaded = await loadCohort(cohort, () => Promise.reject(new Error('no run expected')));
  return loaded.input.patients[0]?.studies['wk0']?.mtaLimitedBy;
}

describe('cohort loading of mta.limitedBy', () => {
  it('reads "lung" from an older results.json as "retention"', async () => {
    expect(await limitOf('lung')).toBe('retention');
  });

  it('keeps "blood" and "retention"', async () => {
    expect(await limitOf('blood')).toBe('blood');
    expect(await limitOf('retention')).toBe('retention');
  });

  it('refuses any other value, naming the field', async () => {
    await expect(limitOf('marrow')).rejects.toThrow(
      /mta\.limitedBy: expected "blood" or "retention"/,
    );
  });
});
