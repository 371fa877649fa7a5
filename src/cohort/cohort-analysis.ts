/**
 * The whole cohort analysis from plain per-patient values: counts per timepoint, parameter
 * tables with tests, eligibility with the stopping rule, and change from baseline. Pure.
 */
import { cohortChanges, type CohortChanges } from './cohort-changes.ts';
import { cohortEligibility, type CohortEligibility } from './cohort-eligibility.ts';
import { cohortResponse, type CohortResponse } from './cohort-response.ts';
import { lesionVolumeChanges, type LesionVolumeChangeRow } from './cohort-volume-changes.ts';
import { cohortTables, type CohortTables } from './cohort-tables.ts';
import type { CohortInput } from './cohort-types.ts';

/** Patients and lesions present at one timepoint (seed Table 2, "No. of ..."). */
export interface TimepointCount {
  patients: number;
  missingPatients: string[];
  lesions: number;
}

/** Everything cohort.json and cohort.html report. */
export interface CohortAnalysis {
  name: string;
  timepoints: readonly string[];
  baseline: string;
  patients: { id: string; attributes: Readonly<Record<string, string>>; timepoints: string[] }[];
  counts: Record<string, TimepointCount>;
  tables: CohortTables;
  eligibility: CohortEligibility;
  changes: CohortChanges;
  /** Dosimetry lesion volume change from baseline per lesion and later timepoint. */
  volumeChanges: LesionVolumeChangeRow[];
  /** PERCIST FDG response; null when the manifest gives no FDG PET. */
  response: CohortResponse | null;
  groupBy: readonly string[];
}

/** Patients and lesions per timepoint, and which patients are missing there. */
export function timepointCounts(input: CohortInput): Record<string, TimepointCount> {
  const counts: Record<string, TimepointCount> = {};
  for (const timepoint of input.timepoints) {
    const present = input.patients.filter((patient) => patient.studies[timepoint] !== undefined);
    counts[timepoint] = {
      patients: present.length,
      missingPatients: input.patients
        .filter((patient) => patient.studies[timepoint] === undefined)
        .map((patient) => patient.id),
      lesions: present.reduce((sum, p) => sum + (p.studies[timepoint]?.lesions.length ?? 0), 0),
    };
  }
  return counts;
}

/** The cohort analysis of `input` (tables, eligibility, changes). */
export function analyseCohort(input: CohortInput): CohortAnalysis {
  return {
    name: input.name,
    timepoints: input.timepoints,
    baseline: input.timepoints[0] ?? '',
    patients: input.patients.map((patient) => ({
      id: patient.id,
      attributes: patient.attributes,
      timepoints: input.timepoints.filter((t) => patient.studies[t] !== undefined),
    })),
    counts: timepointCounts(input),
    tables: cohortTables(input),
    eligibility: cohortEligibility(input),
    changes: cohortChanges(input),
    volumeChanges: lesionVolumeChanges(input),
    response: cohortResponse(input),
    groupBy: input.groupBy,
  };
}
