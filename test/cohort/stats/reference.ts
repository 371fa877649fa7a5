// Typed view of test/fixtures/cohort-stats/reference.json (scripts/reference-cohort-stats.py).
import reference from '../../fixtures/cohort-stats/reference.json' with { type: 'json' };

export interface QuantileCase {
  name: string;
  values: number[];
  q: number[];
  quantiles: number[];
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}
export interface FriedmanCase {
  name: string;
  blocks: number[][];
  statistic: number | null;
  pValue: number | null;
}
export interface WilcoxonCase {
  name: string;
  x: number[];
  y: number[];
  statistic: number | null;
  pValue: number | null;
  nonZero: number;
  zeroDifferences: number;
  branch: 'exact' | 'permutation' | 'asymptotic' | null;
}
export interface ClopperCase {
  successes: number;
  n: number;
  confidence: number;
  upperOneSided: number;
  upperOneSidedBetaPpf: number;
  lower: number;
  upper: number;
}
export interface CohortCase {
  table: (number | null)[][];
  summaries: { n: number; median: number; q1: number; q3: number; min: number; max: number }[];
  friedman: { blocks: number; statistic: number; pValue: number };
  wilcoxonVsBaseline: { timepoint: number; pairs: number; statistic: number; pValue: number }[];
  eligibility: { successes: number; n: number; upperOneSided95: number };
}

export const scipyVersion: string = reference.scipy;
export const quantileCases = reference.quantiles as QuantileCase[];
export const friedmanCases = reference.friedman as FriedmanCase[];
export const wilcoxonCases = reference.wilcoxon as WilcoxonCase[];
export const clopperCases = reference.clopperPearson as ClopperCase[];
export const cohortCase = reference.cohort as CohortCase;
export const special = reference.special;

/** |a - b| / |b| (absolute when b = 0): the relative error of a against reference b. */
export function relativeError(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
