// A cohort built from known values (12 lesions, baseline + 3 follow-ups, 3 measurements missing)
// analysed end to end as the trial analytics do, each number checked against numpy/scipy:
// per-timepoint n, median and quartiles; Friedman over the 9 lesions complete at every timepoint;
// Wilcoxon of each follow-up against baseline over the lesions measured at both; and the
// eligibility bound for 0 of 9 (28.3%).
import { describe, expect, it } from 'vitest';
import {
  clopperPearsonUpper,
  completeBlocks,
  friedman,
  summarize,
  wilcoxonSignedRank,
} from '../../../src/cohort/stats/index.ts';
import { cohortCase, relativeError } from './reference.ts';

const table = cohortCase.table;
const timepoints = table[0]?.length ?? 0;
const column = (j: number): (number | null)[] => table.map((row) => row[j] ?? null);
const measured = (values: (number | null)[]): number[] =>
  values.filter((v): v is number => v !== null);

describe('trial analytics on a cohort of known values', () => {
  it('each timepoint: n, median, q1, q3, min, max as numpy', () => {
    cohortCase.summaries.forEach((expected, j) => {
      const s = summarize(measured(column(j)));
      expect(s.n).toBe(expected.n);
      for (const key of ['median', 'q1', 'q3', 'min', 'max'] as const) {
        expect(relativeError(s[key] ?? NaN, expected[key])).toBeLessThan(1e-12);
      }
    });
  });

  it('Friedman over the complete lesions: statistic, p-value and blocks as scipy', () => {
    const { blocks, droppedRows } = completeBlocks(table);
    expect(droppedRows).toEqual([1, 4, 10]);
    const result = friedman(blocks);
    expect(result?.blocks).toBe(cohortCase.friedman.blocks);
    expect(relativeError(result?.statistic ?? NaN, cohortCase.friedman.statistic)).toBeLessThan(
      1e-9,
    );
    expect(Math.abs((result?.pValue ?? NaN) - cohortCase.friedman.pValue)).toBeLessThan(1e-6);
  });

  it('Wilcoxon of each follow-up against baseline as scipy', () => {
    for (const expected of cohortCase.wilcoxonVsBaseline) {
      const pairs = table.filter((row) => row[0] !== null && row[expected.timepoint] !== null);
      const followUp = pairs.map((row) => row[expected.timepoint] ?? NaN);
      const baseline = pairs.map((row) => row[0] ?? NaN);
      expect(pairs.length).toBe(expected.pairs);
      const result = wilcoxonSignedRank(followUp, baseline);
      expect(result?.statistic).toBe(expected.statistic);
      expect(Math.abs((result?.pValue ?? NaN) - expected.pValue)).toBeLessThan(1e-6);
    }
  });

  it('0 of 9 eligible: exact one-sided 95% upper bound 28.3% as scipy', () => {
    const { successes, n, upperOneSided95 } = cohortCase.eligibility;
    const bound = clopperPearsonUpper(successes, n);
    expect(Math.abs(bound - upperOneSided95)).toBeLessThan(1e-6);
    expect((100 * bound).toFixed(1)).toBe('28.3');
  });
});

it('covers every timepoint of the table', () => {
  expect(timepoints).toBe(cohortCase.summaries.length);
});
