/**
 * What a timepoint still needs before a run, in plain words (pure). Two kinds of need:
 * - what `iodose run` refuses without: patient.weightKg and tracer (manifest-schema.ts requires
 *   both); measurements naming a lesion that is not declared (chain-inputs.ts checkLesionIds);
 * - what leaves the decision "not assessable" or uncorrected: no lesion (decision.ts, lesions.none),
 *   a lesion without a point on every scan (its curve lacks a time), no blood samples or no
 *   whole-body counts (the blood chain needs both, blood-chain.ts; without it no MTA, so no
 *   eligible verdict), and an image-level study without a recovery file (lesion-chain.ts then uses
 *   RC = 1: partial-volume loss not corrected).
 * A timepoint is measurement-level when `measurements.lesions` is not empty; a lesion with
 * measurements needs no seeds, and a study with no sessions needs no recovery file.
 */
import type { TimepointDetail } from './api-types.ts';

export type MissingInput = Pick<
  TimepointDetail,
  'weightKg' | 'tracer' | 'recovery' | 'sessions' | 'lesions' | 'blood' | 'wholeBody'
> & { measurements?: TimepointDetail['measurements'] };

export function missingInputs(detail: MissingInput): string[] {
  const missing: string[] = [];
  const rows = detail.measurements?.lesions ?? [];
  if (detail.weightKg === null) missing.push('no body weight (weightKg)');
  if (detail.tracer === null) missing.push('no tracer (administered activity and time)');
  if (detail.sessions.length === 0 && rows.length === 0) {
    missing.push('no sessions (assign the PET series to sessions)');
  }
  if (detail.lesions.length === 0) missing.push('no lesions');
  const labels = new Set(detail.lesions.map((lesion) => lesion.label));
  for (const label of new Set(rows.map((row) => row.lesion))) {
    if (!labels.has(label)) missing.push(`measurements name lesion ${label}, which is not entered`);
  }
  for (const lesion of detail.lesions) {
    if (rows.some((row) => row.lesion === lesion.label)) continue;
    if (detail.sessions.length === 0) {
      missing.push(`lesion ${lesion.label} has no measurements`);
      continue;
    }
    for (const session of detail.sessions) {
      if (!lesion.seeds.some((seed) => seed.sessionId === session.id)) {
        missing.push(`lesion ${lesion.label} has no seed in session ${session.label}`);
      }
    }
  }
  if (detail.blood.length === 0) missing.push('no blood samples');
  if (detail.wholeBody.length === 0) missing.push('no whole-body counts');
  if (detail.sessions.length > 0 && detail.recovery === null) {
    missing.push('no recovery file (iodose calibrate) for the lesions measured on images');
  }
  return missing;
}
