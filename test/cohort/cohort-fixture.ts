// The known-values cohort of test/fixtures/cohort/known-cohort.json (scripts/reference-cohort.py)
// as the statistics input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CohortInput, CohortStudy } from '../../src/cohort/cohort-types.ts';

interface FixtureLesion {
  id: string;
  doseGyPerGBq: number;
  uptake24hPercent: number;
  residenceTimeH: number;
  volumeMl: number;
}
interface FixtureStudy {
  lesions: FixtureLesion[];
  mtaGBq: number;
  wbRetention48hPercent: number;
  bloodDoseGyPerGBq: number;
  eligible: boolean;
}
interface Expected {
  n: number;
  median: number;
  q1: number;
  q3: number;
}
export interface ExpectedTable {
  [timepoint: string]: unknown;
  friedman: { statistic: number; pValue: number; blocks: number };
  wilcoxonVsBaseline: Record<string, { pairs: number; statistic: number; pValue: number }>;
}
export interface KnownCohort {
  timepoints: string[];
  patients: { id: string; histology: string; studies: Record<string, FixtureStudy> }[];
  expected: {
    tables: Record<'lesion' | 'patient', Record<string, ExpectedTable>>;
    eligibility: Record<string, { eligible: number; n: number; upper95: number }>;
    clopperPearsonUpper95: Record<string, number>;
  };
}

/** The summary expected at one timepoint of an expected table. */
export function expectedAt(table: ExpectedTable, timepoint: string): Expected {
  return table[timepoint] as Expected;
}

export const KNOWN: KnownCohort = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cohort', 'known-cohort.json'), 'utf8'),
) as KnownCohort;

function study(s: FixtureStudy): CohortStudy {
  return {
    source: 'fixture',
    lesions: s.lesions.map((l) => ({ ...l, site: null, doseAtTherapyGy: null })),
    mtaGBq: s.mtaGBq,
    wbRetention48hPercent: s.wbRetention48hPercent,
    bloodDoseGyPerGBq: s.bloodDoseGyPerGBq,
    eligible: s.eligible,
    maxLesionDoseGy: null,
  };
}

/** The fixture cohort as CohortInput (stopping rule: the seed's 0 of 9). */
export function knownInput(): CohortInput {
  return {
    name: 'known',
    timepoints: KNOWN.timepoints,
    patients: KNOWN.patients.map((p) => ({
      id: p.id,
      attributes: { histology: p.histology },
      studies: Object.fromEntries(Object.entries(p.studies).map(([t, s]) => [t, study(s)])),
    })),
    stoppingRule: { maxEligible: 0, afterPatients: 9 },
    groupBy: ['histology'],
  };
}
