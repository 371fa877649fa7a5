/**
 * Parameter tables across timepoints (seed Tables 2 and 3): per timepoint n, median and
 * quartiles (numpy's default 'linear' quantile), a Friedman test over the blocks (lesions or
 * patients) present at every timepoint, and Wilcoxon signed-rank tests of each later timepoint
 * against the baseline over the blocks present at both.
 */
import { summarize, type Summary } from './stats/descriptive.ts';
import { friedmanTest } from './stats/friedman.ts';
import { wilcoxonSignedRank } from './stats/wilcoxon.ts';
import {
  LESION_PARAMETERS,
  PATIENT_PARAMETERS,
  lesionValue,
  patientValue,
  type CohortInput,
  type LesionParameter,
  type PatientParameter,
} from './cohort-types.ts';

/** Values of one block (a lesion or a patient) per timepoint; a missing timepoint is absent. */
export interface BlockSeries {
  /** "P01" for a patient, "P01/L1" for a lesion (lesions are matched by id within a patient). */
  key: string;
  patientId: string;
  values: Readonly<Record<string, number>>;
}

/** Friedman test across all timepoints; statistic and p null when it cannot be computed. */
export interface FriedmanEntry {
  statistic: number | null;
  pValue: number | null;
  /** Blocks present at every timepoint (the only ones the test uses). */
  blocks: number;
  /** Why there is no test (fewer than 3 timepoints or 2 complete blocks, all tied), else null. */
  note: string | null;
}

/** Wilcoxon signed-rank test of one timepoint against the baseline (paired by block). */
export interface WilcoxonEntry {
  /** Blocks present at both timepoints. */
  pairs: number;
  statistic: number | null;
  pValue: number | null;
  method: 'exact' | 'approx' | null;
  zeroDifferences: number | null;
}

/** One parameter: summary per timepoint and the tests across timepoints. */
export interface ParameterTable {
  parameter: string;
  summaries: Record<string, Summary>;
  friedman: FriedmanEntry;
  /** Keyed by every timepoint after the baseline. */
  wilcoxonVsBaseline: Record<string, WilcoxonEntry>;
  series: BlockSeries[];
}

/** The lesion and patient parameter tables of a cohort. */
export interface CohortTables {
  lesion: Record<LesionParameter, ParameterTable>;
  patient: Record<PatientParameter, ParameterTable>;
}

/** Per-lesion series of one lesion parameter (keys "patient/lesion"), in manifest order. */
export function lesionSeries(input: CohortInput, parameter: LesionParameter): BlockSeries[] {
  const byKey = new Map<string, { patientId: string; values: Record<string, number> }>();
  for (const patient of input.patients) {
    for (const timepoint of input.timepoints) {
      for (const lesion of patient.studies[timepoint]?.lesions ?? []) {
        const key = `${patient.id}/${lesion.id}`;
        const entry = byKey.get(key) ?? { patientId: patient.id, values: {} };
        byKey.set(key, entry);
        const value = lesionValue(lesion, parameter);
        if (value !== null) entry.values[timepoint] = value;
      }
    }
  }
  return [...byKey].map(([key, entry]) => ({ key, ...entry }));
}

/** Per-patient series of one patient parameter, in manifest order. */
export function patientSeries(input: CohortInput, parameter: PatientParameter): BlockSeries[] {
  return input.patients.map((patient) => {
    const values: Record<string, number> = {};
    for (const timepoint of input.timepoints) {
      const study = patient.studies[timepoint];
      const value = study === undefined ? null : patientValue(study, parameter);
      if (value !== null) values[timepoint] = value;
    }
    return { key: patient.id, patientId: patient.id, values };
  });
}

/** Values at `timepoint` of the blocks that have one, in block order. */
function valuesAt(series: readonly BlockSeries[], timepoint: string): number[] {
  return series.flatMap((block) => {
    const value = block.values[timepoint];
    return value === undefined ? [] : [value];
  });
}

/** Friedman over the blocks complete at every timepoint (rows = blocks, columns = timepoints). */
export function friedmanEntry(
  series: readonly BlockSeries[],
  timepoints: readonly string[],
): FriedmanEntry {
  const complete = series.flatMap((block) => {
    const row = timepoints.map((timepoint) => block.values[timepoint]);
    return row.every((value) => value !== undefined) ? [row as number[]] : [];
  });
  const outcome =
    complete.length > 0
      ? friedmanTest(complete)
      : { ok: false as const, reason: 'no block is present at every timepoint' };
  return {
    statistic: outcome.ok ? outcome.result.statistic : null,
    pValue: outcome.ok ? outcome.result.pValue : null,
    blocks: complete.length,
    note: outcome.ok ? null : outcome.reason,
  };
}

/** Wilcoxon signed-rank of `timepoint` against `baseline` over the blocks present at both. */
export function wilcoxonEntry(
  series: readonly BlockSeries[],
  baseline: string,
  timepoint: string,
): WilcoxonEntry {
  const x: number[] = [];
  const y: number[] = [];
  for (const block of series) {
    const before = block.values[baseline];
    const after = block.values[timepoint];
    if (before === undefined || after === undefined) continue;
    x.push(before);
    y.push(after);
  }
  const result = wilcoxonSignedRank(x, y);
  return {
    pairs: x.length,
    statistic: result?.statistic ?? null,
    pValue: result?.pValue ?? null,
    method: result?.method ?? null,
    zeroDifferences: result?.zeroDifferences ?? null,
  };
}

/** The table of one parameter from its block series. */
export function parameterTable(
  parameter: string,
  series: BlockSeries[],
  timepoints: readonly string[],
): ParameterTable {
  const [baseline, ...later] = timepoints;
  const summaries: Record<string, Summary> = {};
  for (const timepoint of timepoints) summaries[timepoint] = summarize(valuesAt(series, timepoint));
  const wilcoxonVsBaseline: Record<string, WilcoxonEntry> = {};
  if (baseline !== undefined) {
    for (const timepoint of later) {
      wilcoxonVsBaseline[timepoint] = wilcoxonEntry(series, baseline, timepoint);
    }
  }
  return {
    parameter,
    summaries,
    friedman: friedmanEntry(series, timepoints),
    wilcoxonVsBaseline,
    series,
  };
}

/** All lesion and patient parameter tables of a cohort. */
export function cohortTables(input: CohortInput): CohortTables {
  const lesion = Object.fromEntries(
    LESION_PARAMETERS.map((p) => [p, parameterTable(p, lesionSeries(input, p), input.timepoints)]),
  ) as Record<LesionParameter, ParameterTable>;
  const patient = Object.fromEntries(
    PATIENT_PARAMETERS.map((p) => [
      p,
      parameterTable(p, patientSeries(input, p), input.timepoints),
    ]),
  ) as Record<PatientParameter, ParameterTable>;
  return { lesion, patient };
}
