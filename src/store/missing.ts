/**
 * What a timepoint still needs before a run, in plain words (pure). Two kinds of need:
 * - what `iodose run` refuses without: patient.weightKg and tracer (manifest-schema.ts requires
 *   both); measurements naming a lesion that is not declared (chain-inputs.ts checkLesionIds);
 * - what leaves the decision "not assessable" or uncorrected: no lesion (decision.ts, lesions.none),
 *   a lesion without a point on every scan (its curve lacks a time), no blood samples or no
 *   whole-body counts (the blood chain needs both, blood-chain.ts; without it no MTA, so no
 *   eligible verdict), and an image-level study without a recovery file (lesion-chain.ts then uses
 *   RC = 1: partial-volume loss not corrected).
 * Also what the run refuses as contradictions: a time (PET acquisition, sample, count,
 * measurement) not after the administration or implausibly late (study/timing.ts, its words), and
 * two sessions on one PET series without overrides.scansOnSameSeries (contradictions.ts).
 * A timepoint is measurement-level when `measurements.lesions` is not empty; a lesion with
 * measurements needs no seeds, and a study with no sessions needs no recovery file.
 */
import { InputError } from '../core/errors.ts';
import { parseLocalDateTimeMs } from '../core/time.ts';
import { hoursAfterAdministration } from '../study/timing.ts';
import type { TimepointDetail } from './api-types.ts';

export type MissingInput = Pick<
  TimepointDetail,
  'weightKg' | 'tracer' | 'recovery' | 'sessions' | 'lesions' | 'blood' | 'wholeBody'
> & {
  measurements?: TimepointDetail['measurements'];
  series?: Pick<TimepointDetail['series'][number], 'id' | 'acquiredAt'>[];
  overrides?: TimepointDetail['overrides'];
};

/** The times of the timepoint the run places after the administration, with their fields. */
function timesOf(detail: MissingInput): { at: string; field: string }[] {
  const acquired = new Map((detail.series ?? []).map((s) => [s.id, s.acquiredAt]));
  return [
    ...detail.sessions.flatMap((session) => {
      const at = acquired.get(session.petSeriesId) ?? null;
      return at === null ? [] : [{ at, field: `session ${session.label} (PET acquisition)` }];
    }),
    ...detail.blood.map((sample, index) => ({ at: sample.at, field: `blood[${index}].at` })),
    ...detail.wholeBody.map((count, index) => ({ at: count.at, field: `wholeBody[${index}].at` })),
    ...(detail.measurements?.lesions ?? []).map((row, index) => ({
      at: row.at,
      field: `measurements.lesions[${index}].at`,
    })),
  ];
}

/** "field: why" for each time the run would refuse. */
function timeProblems(detail: MissingInput): string[] {
  if (detail.tracer === null) return [];
  const administeredAt = detail.tracer.administeredAt;
  const problems: string[] = [];
  try {
    const administeredMs = parseLocalDateTimeMs(administeredAt, { field: 'tracer.administeredAt' });
    for (const { at, field } of timesOf(detail)) {
      try {
        hoursAfterAdministration(at, administeredMs, administeredAt, field);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(`${field}: ${error.expected}`);
      }
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(`tracer.administeredAt: ${error.expected}`);
  }
  return problems;
}

/** Sessions on a PET series an earlier session uses (refused unless overridden). */
function sameSeries(detail: MissingInput): string[] {
  if (detail.overrides?.['scansOnSameSeries'] === true) return [];
  return detail.sessions.flatMap((session, index) => {
    const earlier = detail.sessions.findIndex((s) => s.petSeriesId === session.petSeriesId);
    return earlier < index
      ? [
          `sessions ${detail.sessions[earlier]?.label} and ${session.label} use the same PET series ` +
            '(give each its own, or set overrides.scansOnSameSeries)',
        ]
      : [];
  });
}

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
  return [...missing, ...sameSeries(detail), ...timeProblems(detail)];
}
