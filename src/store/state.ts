/** The state of a timepoint (pure): empty -> imported -> seeded -> measured -> run -> reviewed. */
import type { TimepointState } from './api-types.ts';

export interface StateInput {
  seriesCount: number;
  sessionIds: number[];
  /** Per lesion, the session ids that have a seed. */
  lesionSeedSessionIds: number[][];
  /**
   * Per lesion (same order), whether the manifest's `measurements.lesions` has rows for it: a
   * measurement-level lesion needs no seeds, and a timepoint with such rows is not empty without
   * series. Absent: no measurements.
   */
  lesionMeasured?: boolean[] | undefined;
  bloodCount: number;
  wholeBodyCount: number;
  /** The latest run: made from the current inputs (no change since) and reviewed. */
  latestRun: { current: boolean; reviewed: boolean } | null;
}

export function timepointState(input: StateInput): TimepointState {
  const run = input.latestRun;
  if (run !== null && run.current) return run.reviewed ? 'reviewed' : 'run';
  const measured = input.lesionMeasured ?? [];
  if (input.seriesCount === 0 && !measured.some(Boolean)) return 'empty';
  const seeded =
    input.lesionSeedSessionIds.length > 0 &&
    input.lesionSeedSessionIds.every(
      (seeds, index) =>
        measured[index] === true ||
        (input.sessionIds.length > 0 && input.sessionIds.every((id) => seeds.includes(id))),
    );
  if (!seeded) return 'imported';
  return input.bloodCount > 0 && input.wholeBodyCount > 0 ? 'measured' : 'seeded';
}
