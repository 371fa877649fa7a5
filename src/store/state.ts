/** The state of a timepoint (pure): empty -> imported -> seeded -> measured -> run -> reviewed. */
import type { TimepointState } from './api-types.ts';

export interface StateInput {
  seriesCount: number;
  sessionIds: number[];
  /** Per lesion, the session ids that have a seed. */
  lesionSeedSessionIds: number[][];
  bloodCount: number;
  wholeBodyCount: number;
  /** The latest run: made from the current inputs (no change since) and reviewed. */
  latestRun: { current: boolean; reviewed: boolean } | null;
}

export function timepointState(input: StateInput): TimepointState {
  const run = input.latestRun;
  if (run !== null && run.current) return run.reviewed ? 'reviewed' : 'run';
  if (input.seriesCount === 0) return 'empty';
  const seeded =
    input.sessionIds.length > 0 &&
    input.lesionSeedSessionIds.length > 0 &&
    input.lesionSeedSessionIds.every((seeds) => input.sessionIds.every((id) => seeds.includes(id)));
  if (!seeded) return 'imported';
  return input.bloodCount > 0 && input.wholeBodyCount > 0 ? 'measured' : 'seeded';
}
