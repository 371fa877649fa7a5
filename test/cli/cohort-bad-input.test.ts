// Bad cohort input ends with exit status 2 and ONE line naming the file and the field: unknown
// timepoint key, missing study file, a JSON that is not iodose results, duplicate patient ids.
// A results.json already produced is read as it is, next to a study manifest that is run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { runCli, tempDir, writeManifest } from '../helpers/cli.ts';

function cohort(patients: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { 'iodose-cohort': 1, name: 'T', timepoints: ['wk0', 'wk6', 'wk12'], ...extra, patients };
}

async function failWith(content: unknown, files: Record<string, string> = {}): Promise<string> {
  const dir = tempDir('iodose-cohort-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const path = writeManifest(dir, content, 'cohort.yaml');
  const result = await runCli(['cohort', path, '--out', join(dir, 'out')]);
  expect(result.status).toBe(2);
  expect(result.err).toHaveLength(1);
  const line = result.err[0] ?? '';
  expect(line).not.toMatch(/\n|\s+at\s+\S+\s+\(/);
  return line.replace(dir, 'DIR').replace(dir, 'DIR');
}

describe('bad cohort input gives one clear line', () => {
  const demo = writeManifest(tempDir(), demoManifest());

  it('an unknown timepoint key in studies', async () => {
    const line = await failWith(cohort([{ id: 'P1', studies: { wk8: demo } }]));
    expect(line).toContain('DIR/cohort.yaml: patients[0].studies.wk8: unknown timepoint "wk8"');
    expect(line).toContain('expected one of wk0, wk6, wk12');
  });

  it('a missing study file names the cohort field and the path', async () => {
    const line = await failWith(cohort([{ id: 'P1', studies: { wk0: './P1/nothing.yaml' } }]));
    expect(line).toBe(
      'iodose: DIR/cohort.yaml: patients[0].studies.wk0: study file not found: DIR/P1/nothing.yaml (paths are relative to the cohort file)',
    );
  });

  it('a JSON file that is not iodose results', async () => {
    const line = await failWith(cohort([{ id: 'P1', studies: { wk0: './other.json' } }]), {
      'other.json': '{"lesions": []}',
    });
    expect(line).toContain('DIR/cohort.yaml: patients[0].studies.wk0: DIR/other.json is neither');
  });

  it('a results.json with a field missing names that file and field', async () => {
    const line = await failWith(cohort([{ id: 'P1', studies: { wk0: './r.json' } }]), {
      'r.json': JSON.stringify({
        iodoseResults: 1,
        patient: { id: 'P1' },
        lesions: [{ id: 'L1' }],
      }),
    });
    expect(line).toMatch(/^iodose: DIR\/r\.json: lesions\[0\]\.doseGyPerGBq: missing/);
  });

  it('duplicate patient ids', async () => {
    const line = await failWith(
      cohort([
        { id: 'P1', studies: { wk0: demo } },
        { id: 'P1', studies: { wk6: demo } },
      ]),
    );
    expect(line).toContain(
      'DIR/cohort.yaml: patients[1].id: duplicate patient id (also patients[0].id)',
    );
  });

  it('a reserved timepoint name and a bad stopping rule', async () => {
    expect(
      await failWith(cohort([{ id: 'P1', studies: {} }], { timepoints: ['wk0', 'friedman'] })),
    ).toContain('timepoints[1]: "friedman" is reserved');
    const rule = { stoppingRule: { maxEligible: -1, afterPatients: 9 } };
    expect(await failWith(cohort([{ id: 'P1', studies: {} }], rule))).toContain(
      'stoppingRule.maxEligible: expected the largest number of eligible patients that stops the trial >= 0, got -1',
    );
  });
});

describe('a cohort of a results.json and a study manifest', () => {
  it('reads the results as they are, runs the manifest, and warns on a patient id mismatch', async () => {
    const dir = tempDir('iodose-cohort-');
    const manifest = writeManifest(dir, demoManifest(), 'wk6.yaml');
    const run = await runCli(['run', manifest, '--out', join(dir, 'wk0'), '--no-pdf']);
    expect(run.status).toBe(0);
    const path = writeManifest(
      dir,
      cohort([
        {
          id: 'P1',
          histology: 'x',
          studies: { wk0: './wk0/results.json', wk6: './wk6.yaml' },
        },
      ]),
      'cohort.yaml',
    );
    const result = await runCli(['cohort', path, '--out', join(dir, 'out')]);
    expect(result.err).toEqual([]);
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'out', 'studies', 'P1', 'wk6', 'results.json'))).toBe(true);
    expect(result.out).toContain(
      'warning: P1 wk0: ./wk0/results.json is patient "DEMO-01", not "P1"',
    );
    const json = JSON.parse(readFileSync(join(dir, 'out', 'cohort.json'), 'utf8')) as {
      tables: { lesion: { doseGyPerGBq: Record<string, { n: number; median: number }> } };
      provenance: { sources: { kind: string }[] };
    };
    const dose = json.tables.lesion.doseGyPerGBq;
    // The same study twice: identical medians; wk12 missing everywhere (n = 0).
    expect(dose['wk0']?.median).toBeCloseTo(dose['wk6']?.median ?? NaN, 12);
    expect(dose['wk12']?.n).toBe(0);
    expect(json.provenance.sources.map((s) => s.kind)).toEqual(['results', 'manifest']);
  });
});
