// `iodose demo --cohort`: the committed demo cohort copied with digital FDG PETs for P01, P03 and
// P08 (src/demo/demo-cohort.ts), run end to end. Designed SULs (hottest lesion vs wk0): P01
// 10 -> 5 -> 4.5 (PMR, PMR), P03 8 -> 7.6 (SMD), P08 7 -> 6.8 -> 11 (SMD, PMD); every change is
// far from the 30% / 0.8 SUL thresholds, so the categories do not hang on the ~0.2% SULpeak error
// of the 6 mm blur (test/cli/cohort-fdg.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from '../helpers/cli.ts';

interface Json {
  response: Record<string, Record<string, { category: string }>> & {
    summary: Record<string, Record<string, number>>;
  };
}

describe('iodose demo --cohort', () => {
  let dir = '';
  let run: CliRun;
  beforeAll(async () => {
    dir = tempDir('iodose-demo-cohort-');
    run = await runCli(['demo', '--cohort', '--out', dir]);
  }, 180_000);

  it('runs the demo cohort with FDG PETs and prints the PERCIST summary and the outputs', () => {
    expect(run.err).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.out).toContain('FDG response (PERCIST) wk6 vs wk0: PMR in 1 patient, SMD 1');
    expect(run.out).toContain('FDG response (PERCIST) wk12 vs wk0: PMR in 1 patient, SMD 1, PMD 1');
    expect(run.out).toContain(`wrote ${join(dir, 'out', 'cohort.json')}`);
    expect(run.out).toContain(`wrote ${join(dir, 'out', 'cohort.html')}`);
    expect(run.out.filter((line) => line.startsWith('warning:'))).toEqual([]);
  });

  it('classifies the designed patients: one PMR, one SMD and one PMD at wk12', () => {
    const json = JSON.parse(readFileSync(join(dir, 'out', 'cohort.json'), 'utf8')) as Json;
    expect(json.response.summary).toEqual({
      wk6: { CMR: 0, PMR: 1, SMD: 1, PMD: 0, NE: 0 },
      wk12: { CMR: 0, PMR: 1, SMD: 1, PMD: 1, NE: 0 },
    });
    const category = (p: string, t: string) => json.response[p]?.[t]?.category;
    expect([category('P01', 'wk6'), category('P01', 'wk12')]).toEqual(['PMR', 'PMR']);
    expect(category('P03', 'wk12')).toBe('SMD');
    expect([category('P08', 'wk6'), category('P08', 'wk12')]).toEqual(['SMD', 'PMD']);
  });

  it('writes cohort.html with the PERCIST section and a cohort.yaml a user can rerun', () => {
    const html = readFileSync(join(dir, 'out', 'cohort.html'), 'utf8');
    expect(html).toContain('FDG PET response (PERCIST 1.0)');
    const cohort = parse(readFileSync(join(dir, 'cohort.yaml'), 'utf8')) as {
      patients: { id: string; sex?: string; heightCm?: number; fdg?: Record<string, unknown> }[];
    };
    const withFdg = cohort.patients.filter((p) => p.fdg !== undefined);
    expect(withFdg.map((p) => p.id)).toEqual(['P01', 'P03', 'P08']);
    expect(cohort.patients.find((p) => p.id === 'P08')).toMatchObject({ sex: 'F', heightCm: 168 });
    expect(existsSync(join(dir, 'P08', 'fdg-wk12'))).toBe(true);
  });
});
