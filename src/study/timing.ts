/** Times of manifest events in hours after the 124I administration (t = 0). */
import { InputError } from '../core/errors.ts';
import { PLAUSIBLE_RANGES } from '../core/plausible-ranges.ts';
import { hoursBetween, parseLocalDateTimeMs } from '../core/time.ts';

const LATEST_H = PLAUSIBLE_RANGES.timeAfterAdministrationH.max;

/**
 * Hours after administration of `at`; an InputError at `field` if it is not after it, or later
 * than the plausible range (plausible-ranges.ts).
 */
export function hoursAfterAdministration(
  at: string,
  administeredMs: number,
  administeredAt: string,
  field: string,
): number {
  const timeH = hoursBetween(administeredMs, parseLocalDateTimeMs(at, { field }));
  return checkedHoursAfterAdministration(timeH, at, administeredAt, field);
}

/**
 * `timeH` (hours after administration, already known: a PET's scan start) when it is after the
 * administration and within the plausible range; else an InputError at `field` showing `at`.
 */
export function checkedHoursAfterAdministration(
  timeH: number,
  at: string,
  administeredAt: string,
  field: string,
): number {
  if (!(timeH > 0)) {
    const howFar = timeH === 0 ? 'at the same time as' : `${(-timeH).toFixed(2)} h before`;
    throw new InputError(
      { field },
      `${at} is ${howFar} the administration (tracer.administeredAt ${administeredAt}); expected a time after it`,
      'check the date, and that both times are on the same clock',
    );
  }
  if (timeH > LATEST_H) {
    throw new InputError(
      { field },
      `${at} is ${timeH.toFixed(0)} h after the administration (tracer.administeredAt ${administeredAt}); expected at most ${LATEST_H} h (ten 124I half-lives)`,
      'check the date, and that both times are on the same clock',
    );
  }
  return timeH;
}
