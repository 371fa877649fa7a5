/**
 * Plain per-patient input of the cohort statistics (issue 4): the few values of each study's
 * results.json that the trial tables need, per patient and timepoint. No I/O, no file paths
 * beyond a `source` label; src/app/cohort/load-cohort.ts builds these from results.json files.
 */
import type { FdgScanMeasurement } from './cohort-response.ts';

/** Lesion parameters tabulated per timepoint (seed Table 2; residence time also in minutes). */
export const LESION_PARAMETERS = [
  'doseGyPerGBq',
  'uptake24hPercent',
  'residenceTimeH',
  'residenceTimeMin',
  'volumeMl',
] as const;
/** Patient parameters tabulated per timepoint (seed Table 3). */
export const PATIENT_PARAMETERS = ['mtaGBq', 'wbRetention48hPercent', 'bloodDoseGyPerGBq'] as const;
/** Lesion parameters whose change from baseline is tabulated (seed Supplementary Table 4). */
export const CHANGE_PARAMETERS = [
  'doseGyPerGBq',
  'uptake24hPercent',
  'residenceTimeH',
  'volumeMl',
] as const;

/** A lesion parameter name (units in the name). */
export type LesionParameter = (typeof LESION_PARAMETERS)[number];
/** A patient parameter name (units in the name). */
export type PatientParameter = (typeof PATIENT_PARAMETERS)[number];
/** A lesion parameter whose change from baseline is tabulated. */
export type ChangeParameter = (typeof CHANGE_PARAMETERS)[number];

/** One lesion of one study; null where results.json had no finite number. */
export interface CohortLesion {
  id: string;
  site: string | null;
  doseGyPerGBq: number | null;
  uptake24hPercent: number | null;
  residenceTimeH: number | null;
  volumeMl: number | null;
  doseAtTherapyGy: number | null;
}

/** One patient at one timepoint: the values of its results.json the cohort uses. */
export interface CohortStudy {
  /** Where the values came from (a results.json or study manifest path), for the report. */
  source: string;
  lesions: CohortLesion[];
  /** results.mta.activityGBq, null when no MTA was computed (no blood or whole-body data). */
  mtaGBq: number | null;
  /** Which MTA limit binds (older results.json say "lung" for "retention"); null without MTA. */
  mtaLimitedBy?: 'blood' | 'retention' | null;
  wbRetention48hPercent: number | null;
  bloodDoseGyPerGBq: number | null;
  /** results.therapy.eligible: some lesion reaches the dose threshold at the therapy activity. */
  eligible: boolean;
  /**
   * results.therapy.decision is "not assessable" (the inputs could not support a verdict); such a
   * study is not counted as eligible. Absent in results.json files older than the decision.
   */
  notAssessable?: boolean;
  maxLesionDoseGy: number | null;
}

/** A patient: grouping attributes (e.g. histology) and a study per timepoint present. */
export interface CohortPatient {
  id: string;
  attributes: Readonly<Record<string, string>>;
  /** Keyed by timepoint name; a missing key is a missing timepoint (allowed, counted). */
  studies: Readonly<Record<string, CohortStudy>>;
  /** FDG PET measurements per timepoint (PERCIST response); absent when none. */
  fdg?: Readonly<Record<string, FdgScanMeasurement>>;
}

/** Early stopping: stop when at most `maxEligible` of the first `afterPatients` are eligible. */
export interface StoppingRule {
  maxEligible: number;
  afterPatients: number;
}

/** Everything the cohort statistics need. */
export interface CohortInput {
  name: string;
  /** In order; the first is the baseline. */
  timepoints: readonly string[];
  patients: readonly CohortPatient[];
  stoppingRule: StoppingRule;
  /** Patient attributes to group the change from baseline by (e.g. ['histology']). */
  groupBy: readonly string[];
}

/** The value of a lesion parameter (residenceTimeMin = residenceTimeH x 60), or null. */
export function lesionValue(lesion: CohortLesion, parameter: LesionParameter): number | null {
  const value =
    parameter === 'residenceTimeMin'
      ? lesion.residenceTimeH === null
        ? null
        : lesion.residenceTimeH * 60
      : lesion[parameter];
  return value !== null && Number.isFinite(value) ? value : null;
}

/** The value of a patient parameter at one study, or null when not computed. */
export function patientValue(study: CohortStudy, parameter: PatientParameter): number | null {
  const value = study[parameter];
  return value !== null && Number.isFinite(value) ? value : null;
}
