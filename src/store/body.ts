/**
 * Request bodies checked as a whole by schemas built from the manifest's own field schemas,
 * through the CLI's validateWith (validate.ts does one field): the error's field is the body's
 * path ("label", "tracer.activityMBq"), its message the CLI's for the same value.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { parseLocalDateTimeMs } from '../core/time.ts';
import { validateWith } from '../io/manifest/load-manifest.ts';
import { lesionSchema } from '../io/manifest/manifest-schema.ts';

/** `body` checked by `schema`; an InputError naming the body's field (no file) otherwise. */
export function validBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  try {
    return validateWith(schema, body, '');
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError({ field: error.field }, error.expected, error.hint);
    }
    throw error;
  }
}

/** The manifest's LPS point (lesions[].seedsLps values): three finite millimetre numbers. */
export const pointLpsSchema = lesionSchema.shape.seedsLps.unwrap().valueType;

/** A store row id given in a body (petSeriesId, ctSeriesId). */
export const rowId = z
  .number({ error: 'expected a row id (a whole number)' })
  .int({ error: 'expected a row id (a whole number)' })
  .positive({ error: 'expected a row id (a whole number above 0)' });

/**
 * A date-time the manifest schema takes as text, checked now as the run will read it
 * (core/time.ts: the same words), so "2024-02-30T09:00:00" is refused when entered, not at the run.
 */
export function checkDateTime(text: string | undefined, field: string): void {
  if (text !== undefined) parseLocalDateTimeMs(text, { field });
}
