// The cohort tables put the right numbers in the right places: a cohort of known values
// (scripts/reference-cohort.py, seeded) against numpy.quantile ('linear'), scipy's
// friedmanchisquare over the complete blocks and wilcoxon over the pairs present at both
// timepoints (scipy 1.17), to 1e-6 relative.
import { describe, expect, it } from 'vitest';
import { analyseCohort } from '../../src/cohort/cohort-analysis.ts';
import { cohortJson } from '../../src/cohort/cohort-json.ts';
import { cohortTables, lesionSeries } from '../../src/cohort/cohort-tables.ts';
import { LESION_PARAMETERS, PATIENT_PARAMETERS } from '../../src/cohort/cohort-types.ts';
import { KNOWN, expectedAt, knownInput } from './cohort-fixture.ts';

function close(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(
    1e-6 * Math.max(1, Math.abs(expected)),
  );
}

describe('parameter tables of a known cohort match numpy/scipy', () => {
  const tables = cohortTables(knownInput());
  const levels = [
    ['lesion', LESION_PARAMETERS],
    ['patient', PATIENT_PARAMETERS],
  ] as const;
  for (const [level, parameters] of levels) {
    for (const parameter of parameters) {
      it(`${level} ${parameter}: n, median, quartiles, Friedman and Wilcoxon`, () => {
        const table = (tables[level] as Record<string, (typeof tables)['lesion']['volumeMl']>)[
          parameter
        ];
        const expected = KNOWN.expected.tables[level][parameter];
        if (table === undefined || expected === undefined) throw new Error(`no ${parameter}`);
        for (const timepoint of KNOWN.timepoints) {
          const want = expectedAt(expected, timepoint);
          const got = table.summaries[timepoint];
          expect(got?.n).toBe(want.n);
          close(got?.median, want.median);
          close(got?.q1, want.q1);
          close(got?.q3, want.q3);
        }
        expect(table.friedman.blocks).toBe(expected.friedman.blocks);
        close(table.friedman.statistic, expected.friedman.statistic);
        close(table.friedman.pValue, expected.friedman.pValue);
        for (const [timepoint, want] of Object.entries(expected.wilcoxonVsBaseline)) {
          const got = table.wilcoxonVsBaseline[timepoint];
          expect(got?.pairs).toBe(want.pairs);
          close(got?.statistic, want.statistic);
          close(got?.pValue, want.pValue);
        }
      });
    }
  }

  it('counts missing patients and lesions: n per timepoint, complete blocks, pairs', () => {
    // P03 and P07 miss wk6, P09 misses wk12; P04 L2 is gone at wk12, P06 L1 at wk6.
    const analysis = analyseCohort(knownInput());
    expect(analysis.counts['wk6']?.missingPatients).toEqual(['P03', 'P07']);
    expect(analysis.counts['wk12']?.missingPatients).toEqual(['P09']);
    expect(analysis.tables.patient.mtaGBq.friedman.blocks).toBe(6);
    expect(analysis.tables.patient.mtaGBq.wilcoxonVsBaseline['wk6']?.pairs).toBe(7);
    expect(analysis.tables.patient.mtaGBq.wilcoxonVsBaseline['wk12']?.pairs).toBe(8);
  });

  it('residence time in minutes is 60 x the hours, block by block', () => {
    const hours = lesionSeries(knownInput(), 'residenceTimeH');
    const minutes = lesionSeries(knownInput(), 'residenceTimeMin');
    expect(minutes.map((b) => b.key)).toEqual(hours.map((b) => b.key));
    hours.forEach((block, i) => {
      for (const [t, v] of Object.entries(block.values))
        expect(minutes[i]?.values[t]).toBeCloseTo(v * 60, 12);
    });
  });

  it('cohort.json puts each table at tables.<level>.<name>.<timepoint> with friedman beside', () => {
    const json = cohortJson(analyseCohort(knownInput()), { provenance: {}, warnings: [] }) as {
      tables: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
      eligibility: { overall: Record<string, unknown> };
    };
    const dose = json.tables['lesion']?.['doseGyPerGBq'];
    const expected = KNOWN.expected.tables.lesion['doseGyPerGBq'];
    if (dose === undefined || expected === undefined) throw new Error('missing table');
    expect(Object.keys(dose)).toEqual(['wk0', 'wk6', 'wk12', 'friedman', 'wilcoxonVsBaseline']);
    expect(dose['wk6']).toMatchObject({ n: expectedAt(expected, 'wk6').n });
    close(dose['wk6']?.['median'] as number, expectedAt(expected, 'wk6').median);
    close(dose['friedman']?.['pValue'] as number, expected.friedman.pValue);
    expect(Object.keys(json.tables['patient'] ?? {})).toEqual([...PATIENT_PARAMETERS]);
    expect(json.eligibility.overall).toMatchObject({ eligible: 1, n: 9 });
  });

  it('a Friedman test needs three timepoints: with two it is reported as not done', () => {
    const input = { ...knownInput(), timepoints: ['wk0', 'wk6'] };
    const table = cohortTables(input).patient.mtaGBq;
    expect(table.friedman.statistic).toBeNull();
    expect(table.friedman.note).toMatch(/at least 3 groups/);
    expect(table.wilcoxonVsBaseline['wk6']?.pValue).not.toBeNull();
  });
});
