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

/**
 * Longest identifier accepted (patient, lesion, scan, timepoint ids). Our choice: DICOM's LO
 * value representation, which holds a Patient ID, is at most 64 characters (PS3.5 table 6.2-1);
 * longer ids are typing accidents, and echoing them would make the one-line errors unreadable.
 */
export const MAX_IDENTIFIER_LENGTH = 64;

/** An identifier: 1-64 characters, not blank, no control characters (tab, newline, NUL). */
export function identifier(what: string) {
  return z
    .string({ error: `expected ${what} (text)` })
    .min(1, { error: `expected a non-empty ${what}` })
    .max(MAX_IDENTIFIER_LENGTH, {
      error: `expected ${what} of at most ${MAX_IDENTIFIER_LENGTH} characters`,
    })
    .refine((text) => text.trim().length > 0, { error: `expected ${what}, not only spaces` })
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), {
      error: `expected ${what} without control characters (tab, newline, NUL)`,
    });
}

/** A path written in a manifest: text, not empty (an empty path would name the manifest's folder). */
export function pathText(what: string) {
  return z
    .string({ error: `expected ${what}` })
    .min(1, { error: `expected ${what}, not an empty path` });
}
