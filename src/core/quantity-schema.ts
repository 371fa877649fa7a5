/**
 * zod schemas for manifest quantities with their plausible range (plausible-ranges.ts): a number
 * outside it, Infinity or NaN is refused with the range named ("expected body weight in kg within
 * 2-500 kg, got 1e+308").
 */
import { z } from 'zod';
import { PLAUSIBLE_RANGES, rangeText, withinRange, type RangeName } from './plausible-ranges.ts';

/** A number in the range `name` of the table; `what` says what it is, with its unit. */
export function quantity(name: RangeName, what: string) {
  const range = rangeText(PLAUSIBLE_RANGES[name]);
  return z
    .number({ error: `expected ${what} as a number (${range})` })
    .refine((value) => withinRange(value, PLAUSIBLE_RANGES[name]), {
      error: `expected ${what} within ${range}`,
    });
}

/** A point [x, y, z] in mm whose coordinates are in the coordinate range. */
export function pointMm(frame: string) {
  const coordinate = quantity('coordinateMm', `a coordinate in mm, ${frame}`);
  return z.tuple([coordinate, coordinate, coordinate], {
    error: `expected [x, y, z] in mm, ${frame}`,
  });
}

/** A list of at most `max` entries, refused up front with the limit named. */
export function limitedList<T extends z.ZodType>(item: T, limit: { max: number; what: string }) {
  return z.array(item).max(limit.max, {
    error: `expected at most ${limit.max} ${limit.what} (an iodose limit that keeps the run bounded)`,
  });
}
