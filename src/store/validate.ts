/**
 * Validation of request values with the manifest's own zod schemas, through the CLI's
 * validateWith, so a value the CLI refuses is refused with the same words; the field path is the
 * request body's ("blood[1].concBqPerMl", "tracer.activityMBq", "weightKg").
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { validateWith } from '../io/manifest/load-manifest.ts';

/** `value` checked by `schema` as the field `field`; an InputError without a file otherwise. */
export function validField<T extends z.ZodType>(
  schema: T,
  value: unknown,
  field: string,
): z.output<T> {
  try {
    const wrapped = validateWith(z.strictObject({ [field]: schema }), { [field]: value }, '');
    return (wrapped as Record<string, z.output<T>>)[field] as z.output<T>;
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError({ field: error.field }, error.expected, error.hint);
    }
    throw error;
  }
}

/** Drops keys whose value is undefined (what is stored is what was given). */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** JSON text of a value or null. */
export function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
