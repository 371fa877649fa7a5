/**
 * Lesion volume change between timepoints (seed paper: target-lesion volumes at baseline, 6 and
 * 12 weeks): for every lesion of every patient at the baseline, its dosimetry volume (CT or 124I
 * VOI, results.json `volumeMl`) at each later timepoint against the baseline, absolute (mL) and
 * relative (%), by lesionVolumeChange. Lesions are matched by id within a patient. Pure.
 */
import type { CohortInput } from './cohort-types.ts';
import { lesionVolumeChange } from '../response/index.ts';

/** One lesion's volume change from the baseline to one later timepoint. */
export interface LesionVolumeChangeRow {
  patientId: string;
  lesionId: string;
  timepoint: string;
  baselineMl: number;
  followUpMl: number;
  absoluteMl: number;
  percent: number;
}

/** Volume changes of every baseline lesion with a volume > 0 at each later timepoint it has one. */
export function lesionVolumeChanges(input: CohortInput): LesionVolumeChangeRow[] {
  const [baseline, ...later] = input.timepoints;
  if (baseline === undefined) return [];
  const rows: LesionVolumeChangeRow[] = [];
  for (const patient of input.patients) {
    for (const lesion of patient.studies[baseline]?.lesions ?? []) {
      const before = lesion.volumeMl;
      if (before === null || !Number.isFinite(before) || !(before > 0)) continue;
      for (const timepoint of later) {
        const after = patient.studies[timepoint]?.lesions.find((l) => l.id === lesion.id);
        const followUpMl = after?.volumeMl;
        if (followUpMl === null || followUpMl === undefined || !(followUpMl >= 0)) continue;
        const change = lesionVolumeChange(before, followUpMl);
        rows.push({ patientId: patient.id, lesionId: lesion.id, timepoint, ...change });
      }
    }
  }
  return rows;
}
