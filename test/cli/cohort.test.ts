// `iodose cohort` on the demo cohort (examples/demo-cohort, scripts/make-demo-cohort.ts): nine
// synthetic patients at wk0/wk6/wk12, P03 and P07 missing wk6, P09 missing wk12. cohort.json has
// the contract's shape, and its tables match numpy/scipy computed on the same per-block values
// (test/fixtures/cohort/demo-expected.json, scripts/reference-cohort.py) to 1e-6.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const COHORT = join(ROOT, 'examples', 'demo-cohort', 'cohort.yaml');

interface Stats {
  [key: string]: unknown;
  friedman: { statistic: number; pValue: number; blocks: number };
  wilcoxonVsBaseline: Record<string, { pairs: number; statistic: number; pValue: number }>;
}
interface Block {
  key: string;
  values: Record<string, number>;
}
interface DemoExpected {
  values: Record<'lesion' | 'patient', Record<string, Block[]>>;
  tables: Record<'lesion' | 'patient', Record<string, Stats>>;
  eligibility: { overall: { eligible: number; n: number; upper95: number } };
}
interface CohortJson {
  iodoseCohort: number;
  timepoints: string[];
  counts: Record<string, { patients: number; lesions: number; missingPatients: string[] }>;
  tables: Record<'lesion' | 'patient', Record<string, Stats>>;
  values: Record<'lesion' | 'patient', Record<string, Block[]>>;
  eligibility: {
    overall: { eligible: number; n: number; upper95: number };
    stoppingRule: { verdict: string };
  };
  changes: { lesions: unknown[]; groups: { attribute: string; value: string }[] };
}

const expected = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'cohort', 'demo-expected.json'), 'utf8'),
) as DemoExpected;

function close(actual: unknown, want: number, what: string): void {
  expect(typeof actual, what).toBe('number');
  const tolerance = 1e-6 * Math.max(1, Math.abs(want));
  expect(Math.abs((actual as number) - want), what).toBeLessThanOrEqual(tolerance);
}

describe('iodose cohort on the demo cohort', () => {
  let out = '';
  let json: CohortJson;
  beforeAll(async () => {
    out = tempDir('iodose-cohort-demo-');
    const result = await runCli(['cohort', COHORT, '--out', out]);
    expect(result.err).toEqual([]);
    expect(result.status).toBe(0);
    json = JSON.parse(readFileSync(join(out, 'cohort.json'), 'utf8')) as CohortJson;
  }, 120_000);

  it('writes cohort.json, cohort.html with two SVG figures, and the CSV tables', () => {
    for (const name of ['cohort.json', 'cohort.html', 'cohort-tables.csv', 'cohort-changes.csv']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    const html = readFileSync(join(out, 'cohort.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('Stopping rule: CONTINUE the trial');
    expect(readFileSync(join(out, 'cohort-tables.csv'), 'utf8').split('\n')[0]).toBe(
      'level,parameter,timepoint,n,median,q1,q3,min,max,friedman_statistic,friedman_p,friedman_blocks,wilcoxon_vs_baseline_pairs,wilcoxon_statistic,wilcoxon_p,wilcoxon_method',
    );
  });

  it("links each study's report.html from cohort.html, relative and resolving (9 + 7 + 8)", () => {
    const html = readFileSync(join(out, 'cohort.html'), 'utf8');
    const links = [...html.matchAll(/<a href="([^"]+)">report<\/a>/g)].map((m) => m[1] ?? '');
    expect(links).toHaveLength(24);
    expect(links).toContain('studies/P01/wk0/report.html');
    for (const link of links) expect(existsSync(join(out, decodeURI(link))), link).toBe(true);
  });

  it('counts patients per timepoint as the seed does (9, 7, 8) and names the missing ones', () => {
    expect(json.iodoseCohort).toBe(1);
    expect(json.timepoints).toEqual(['wk0', 'wk6', 'wk12']);
    expect(json.counts['wk6']).toMatchObject({ patients: 7, missingPatients: ['P03', 'P07'] });
    expect(json.counts['wk12']).toMatchObject({ patients: 8, missingPatients: ['P09'] });
    expect(json.tables.patient['mtaGBq']?.['wk6']).toMatchObject({ n: 7 });
    expect(Object.keys(json.tables.lesion)).toEqual([
      'doseGyPerGBq',
      'uptake24hPercent',
      'residenceTimeH',
      'residenceTimeMin',
      'volumeMl',
    ]);
  });

  it('the per-block values are those the fixture was computed from', () => {
    for (const level of ['lesion', 'patient'] as const) {
      for (const [name, blocks] of Object.entries(expected.values[level])) {
        const got = json.values[level][name] ?? [];
        expect(
          got.map((b) => b.key),
          `${level} ${name}`,
        ).toEqual(blocks.map((b) => b.key));
        blocks.forEach((block, i) => {
          for (const [t, v] of Object.entries(block.values)) {
            // A change here means the pipeline changed: rerun scripts/reference-cohort.py.
            close(got[i]?.values[t], v, `${level} ${name} ${block.key} ${t}`);
          }
        });
      }
    }
  });

  it('every median, quartile, Friedman and Wilcoxon value matches numpy/scipy', () => {
    for (const level of ['lesion', 'patient'] as const) {
      for (const [name, want] of Object.entries(expected.tables[level])) {
        const got = json.tables[level][name];
        if (got === undefined) throw new Error(`no ${level} table ${name}`);
        for (const t of json.timepoints) {
          const w = want[t] as { n: number; median: number; q1: number; q3: number };
          const g = got[t] as Record<string, number>;
          expect(g['n'], `${name} ${t} n`).toBe(w.n);
          for (const key of ['median', 'q1', 'q3'] as const)
            close(g[key], w[key], `${name} ${t} ${key}`);
        }
        expect(got.friedman.blocks).toBe(want.friedman.blocks);
        close(got.friedman.statistic, want.friedman.statistic, `${name} Friedman statistic`);
        close(got.friedman.pValue, want.friedman.pValue, `${name} Friedman p`);
        for (const [t, w] of Object.entries(want.wilcoxonVsBaseline)) {
          expect(got.wilcoxonVsBaseline[t]?.pairs).toBe(w.pairs);
          close(got.wilcoxonVsBaseline[t]?.pValue, w.pValue, `${name} Wilcoxon ${t} p`);
        }
      }
    }
  });

  it('eligibility over the trial: P05 at wk6 only, 1 of 9, bound from scipy; the 0/9 rule continues', () => {
    const { overall } = json.eligibility;
    expect(overall).toMatchObject({ eligible: 1, n: 9 });
    close(overall.upper95, expected.eligibility.overall.upper95, 'upper95');
    expect(json.eligibility.stoppingRule.verdict).toBe('continue');
    expect(json.changes.groups.map((g) => g.value)).toEqual(['oncocytic', 'papillary']);
  });
});
