// The cohort refuses a results.json whose dose, blood dose or MTA is negative, not finite or
// missing, naming that file and the field (issue 7, item 10): such a file is not averaged in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCohort } from '../../src/app/cohort/load-cohort.ts';

const dir = mkdtempSync(join(tmpdir(), 'iodose-cohort-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = () => ({
  iodoseResults: 1,
  patient: { id: 'P1' },
  lesions: [
    { id: 'L1', doseGyPerGBq: 12, uptake24hPercent: 0.1, residenceTimeH: 0.2, volumeMl: 1.5 },
  ],
  blood: { doseGyPerGBq: 0.11, wbRetention48hPercent: 20 },
  mta: { activityGBq: 18 },
  therapy: { eligible: true, maxLesionDoseGy: 88 },
});

let n = 0;
async function load(resultsText: string) {
  n += 1;
  const results = join(dir, `r${n}.json`);
  writeFileSync(results, resultsText);
  const cohort = join(dir, `c${n}.yaml`);
  writeFileSync(
    cohort,
    `iodose-cohort: 1\nname: T\ntimepoints: [wk0]\npatients:\n  - { id: P1, studies: { wk0: ./r${n}.json } }\n`,
  );
  const never = () => Promise.reject(new Error('no manifest to run'));
  return { results, loading: loadCohort(cohort, never) };
}

describe('results.json values the cohort reads', () => {
  it('a valid file is read', async () => {
    const { loading } = await load(JSON.stringify(good()));
    const cohort = await loading;
    expect(cohort.input.patients[0]?.studies['wk0']?.mtaGBq).toBe(18);
  });

  it.each([
    ['lesions[0].doseGyPerGBq', (r: ReturnType<typeof good>) => (r.lesions[0]!.doseGyPerGBq = -1)],
    ['blood.doseGyPerGBq', (r: ReturnType<typeof good>) => (r.blood.doseGyPerGBq = -0.1)],
    ['mta.activityGBq', (r: ReturnType<typeof good>) => (r.mta.activityGBq = -3)],
  ])('negative %s', async (field, mutate) => {
    const r = good();
    mutate(r);
    const { results, loading } = await load(JSON.stringify(r));
    await expect(loading).rejects.toThrow(`${results}: ${field}: expected`);
    await expect(loading).rejects.toThrow('>= 0, got -');
  });

  it('a non-finite dose (1e999 reads as Infinity)', async () => {
    const text = JSON.stringify(good()).replace('"doseGyPerGBq":12', '"doseGyPerGBq":1e999');
    const { results, loading } = await load(text);
    await expect(loading).rejects.toThrow(
      `${results}: lesions[0].doseGyPerGBq: expected the lesion dose in Gy/GBq as a finite number >= 0, got Infinity`,
    );
  });

  it('a null MTA and a missing blood block', async () => {
    const r1 = { ...good(), mta: { activityGBq: null } };
    const first = await load(JSON.stringify(r1));
    await expect(first.loading).rejects.toThrow(`${first.results}: mta.activityGBq: expected`);
    const r2: Record<string, unknown> = good();
    delete r2['blood'];
    const second = await load(JSON.stringify(r2));
    await expect(second.loading).rejects.toThrow(
      `${second.results}: blood: missing; expected a mapping with doseGyPerGBq`,
    );
  });
});
