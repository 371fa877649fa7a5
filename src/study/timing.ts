/** Times of manifest events in hours after the 124I administration (t = 0). */
import { InputError } from '../core/errors.ts';
import { hoursBetween, parseLocalDateTimeMs } from '../core/time.ts';

/** Hours after administration of `at`; an InputError at `field` if it is not after it. */
export function hoursAfterAdministration(
  at: string,
  administeredMs: number,
  administeredAt: string,
  field: string,
): number {
  const timeH = hoursBetween(administeredMs, parseLocalDateTimeMs(at, { field }));
  if (!(timeH > 0)) {
    const howFar = timeH === 0 ? 'at the same time as' : `${(-timeH).toFixed(2)} h before`;
    throw new InputError(
      { field },
      `${at} is ${howFar} the administration (tracer.administeredAt ${administeredAt}); expected a time after it`,
      'check the date, and that both times are on the same clock',
    );
  }
  return timeH;
}
