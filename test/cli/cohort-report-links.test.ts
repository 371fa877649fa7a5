// A cohort study given as a results.json links the report.html beside it, when there is one.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeManifest } from '../helpers/cli.ts';

function results(id: string): string {
  return JSON.stringify({
    iodoseResults: 1,
    patient: { id },
    lesions: [{ id: 'L1', doseGyPerGBq: 5, uptake24hPercent: 0.1, residenceTimeH: 1, volumeMl: 2 }],
    blood: null,
    mta: null,
    therapy: { eligible: true, maxLesionDoseGy: 37 },
  });
}

describe('cohort.html links the reports beside results.json', () => {
  const dir = tempDir('iodose-cohort-links-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('links the one that exists (relative to cohort.html), not the missing one', async () => {
    for (const id of ['P1', 'P 2']) {
      mkdirSync(join(dir, 'runs', id), { recursive: true });
      writeFileSync(join(dir, 'runs', id, 'results.json'), results(id));
    }
    writeFileSync(join(dir, 'runs', 'P1', 'report.html'), '<!DOCTYPE html><title>P1</title>');
    const cohort = writeManifest(
      dir,
      {
        'iodose-cohort': 1,
        name: 'T',
        timepoints: ['wk0'],
        patients: [
          { id: 'P1', studies: { wk0: './runs/P1/results.json' } },
          { id: 'P 2', studies: { wk0: './runs/P 2/results.json' } },
        ],
      },
      'cohort.yaml',
    );
    const run = await runCli(['cohort', cohort, '--out', join(dir, 'out')]);
    expect(run.err).toEqual([]);
    const html = readFileSync(join(dir, 'out', 'cohort.html'), 'utf8');
    expect(html).toContain(
      '<tr><td>P1</td><td><a href="../runs/P1/report.html">report</a></td></tr>',
    );
    expect(html).toContain('<tr><td>P 2</td><td class="muted">-</td></tr>');
  });
});
