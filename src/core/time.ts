/**
 * Clock times. Manifest times are ISO local date-times on the scanner's clock
 * ("2024-03-04T09:15:00"), as in DICOM headers, which carry no time zone. They are read as
 * naive wall-clock times, so no daylight-saving shift can enter a time difference.
 */
import { InputError, type InputLocation } from './errors.ts';

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/** Milliseconds of a naive local ISO date-time on a zone-free axis (UTC arithmetic). */
export function parseLocalDateTimeMs(text: string, where: InputLocation): number {
  const match = ISO_LOCAL.exec(text.trim());
  if (match === null) {
    throw new InputError(
      where,
      `expected a local date-time like "2024-03-04T09:15:00", got ${JSON.stringify(text)}`,
      'write YYYY-MM-DDTHH:MM[:SS] on the scanner clock, without a time zone',
    );
  }
  const [, y, mo, d, h, mi, s, frac] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) + Number(frac ?? 0) * 1000;
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new InputError(where, `${JSON.stringify(text)} is not a valid calendar date-time`);
  }
  return ms;
}

/** Hours from `originMs` to `ms`. */
export function hoursBetween(originMs: number, ms: number): number {
  return (ms - originMs) / 3_600_000;
}

/** The naive local ISO date-time ("2024-03-05T09:00:00.000") of a time on the zone-free axis. */
export function formatLocalDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}
