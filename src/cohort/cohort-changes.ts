/**
 * Change from baseline per lesion and per group of patients (seed Supplementary Table 4: change
 * in dose per GBq, 24-h uptake and residence time per histology). Change is relative, in percent:
 * 100 x (value - baseline) / baseline; null when the lesion is missing at either timepoint or its
 * baseline value is 0.
 */
import { summarize, type Summary } from './stats/descriptive.ts';
import {
  CHANGE_PARAMETERS,
  lesionValue,
  type ChangeParameter,
  type CohortInput,
} from './cohort-types.ts';

/** One lesion's baseline values and its percent changes at every later timepoint. */
export interface LesionChange {
  patientId: string;
  lesionId: string;
  site: string | null;
  attributes: Readonly<Record<string, string>>;
  baseline: Record<ChangeParameter, number | null>;
  /** parameter -> later timepoint -> percent change (null when not computable). */
  changePercent: Record<ChangeParameter, Record<string, number | null>>;
}

/** Percent changes summarised over the lesions of one group (e.g. histology = oncocytic). */
export interface GroupChange {
  attribute: string;
  value: string;
  patients: number;
  lesions: number;
  /** parameter -> later timepoint -> summary of the lesions' percent changes. */
  changePercent: Record<ChangeParameter, Record<string, Summary>>;
}

/** Change from baseline per lesion and per group. */
export interface CohortChanges {
  baseline: string;
  parameters: readonly ChangeParameter[];
  lesions: LesionChange[];
  groups: GroupChange[];
}

/** Label for patients without the grouping attribute. */
export const UNSPECIFIED = '(unspecified)';

/** 100 x (after - before) / before, or null when either is missing or before is 0. */
export function percentChange(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return (100 * (after - before)) / before;
}

/** Percent changes of every lesion present at baseline, in manifest order. */
export function lesionChanges(input: CohortInput): LesionChange[] {
  const [baseline, ...later] = input.timepoints;
  if (baseline === undefined) return [];
  return input.patients.flatMap((patient) =>
    (patient.studies[baseline]?.lesions ?? []).map((lesion) => {
      const base = {} as Record<ChangeParameter, number | null>;
      const changePercent = {} as Record<ChangeParameter, Record<string, number | null>>;
      for (const parameter of CHANGE_PARAMETERS) {
        base[parameter] = lesionValue(lesion, parameter);
        changePercent[parameter] = {};
        for (const timepoint of later) {
          const match = patient.studies[timepoint]?.lesions.find((l) => l.id === lesion.id);
          const after = match === undefined ? null : lesionValue(match, parameter);
          changePercent[parameter][timepoint] = percentChange(base[parameter], after);
        }
      }
      return {
        patientId: patient.id,
        lesionId: lesion.id,
        site: lesion.site,
        attributes: patient.attributes,
        baseline: base,
        changePercent,
      };
    }),
  );
}

/** Summaries of the lesions' percent changes per value of each grouping attribute. */
export function groupChanges(input: CohortInput, lesions: readonly LesionChange[]): GroupChange[] {
  const later = input.timepoints.slice(1);
  return input.groupBy.flatMap((attribute) => {
    const values = [...new Set(lesions.map((l) => l.attributes[attribute] ?? UNSPECIFIED))];
    return values.map((value) => {
      const members = lesions.filter((l) => (l.attributes[attribute] ?? UNSPECIFIED) === value);
      const changePercent = {} as Record<ChangeParameter, Record<string, Summary>>;
      for (const parameter of CHANGE_PARAMETERS) {
        changePercent[parameter] = {};
        for (const timepoint of later) {
          const changes = members.flatMap((l) => {
            const change = l.changePercent[parameter][timepoint];
            return change === null || change === undefined ? [] : [change];
          });
          changePercent[parameter][timepoint] = summarize(changes);
        }
      }
      const patients = new Set(members.map((l) => l.patientId)).size;
      return { attribute, value, patients, lesions: members.length, changePercent };
    });
  });
}

/** Change from baseline per lesion and per group of the cohort. */
export function cohortChanges(input: CohortInput): CohortChanges {
  const lesions = lesionChanges(input);
  return {
    baseline: input.timepoints[0] ?? '',
    parameters: CHANGE_PARAMETERS,
    lesions,
    groups: groupChanges(input, lesions),
  };
}
