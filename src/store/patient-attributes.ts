/**
 * A patient's cohort attributes (patients.attributes_json, e.g. {"histology": "papillary"}): the
 * per-patient fields of a cohort file that `groupBy` names. Names are checked as the cohort
 * file's attribute names (identifier: 1-64 characters, no control characters) and may not be one
 * of the cohort file's other patient keys (id, studies, fdg, heightCm, weightKg) nor `sex` (the
 * patient's own field here); values are text (1-64 characters) or finite numbers. The cohort
 * statistics group by the text of a value, as `iodose cohort` does (String(value)).
 */
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { identifier } from '../core/quantity-schema.ts';
import { NON_ATTRIBUTE_KEYS } from '../io/manifest/cohort-manifest.ts';
import { validField } from './validate.ts';

/** A patient's attributes: name -> text or number. */
export type PatientAttributes = Record<string, string | number>;

/** Our limit: more than this many attributes per patient is a typing accident. */
export const MAX_ATTRIBUTES = 32;

/** Keys that are not attributes: the cohort file's other patient keys, and the patient's sex. */
const RESERVED: readonly string[] = [...NON_ATTRIBUTE_KEYS, 'sex'];

const nameSchema = identifier('an attribute name (as in a cohort file, e.g. histology)');
const valueSchema = z.union([identifier('an attribute value'), z.number().finite()], {
  error: 'expected an attribute value: text (1-64 characters) or a finite number',
});

/** `value` checked as the attributes at request field `field` (an InputError naming the key). */
export function validAttributes(value: unknown, field: string): PatientAttributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      { field },
      'expected the attributes as a mapping of name -> text or number, e.g. {"histology": "papillary"}',
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES) {
    throw new InputError(
      { field },
      `expected at most ${MAX_ATTRIBUTES} attributes, got ${entries.length} (an iodose limit)`,
    );
  }
  const out: PatientAttributes = {};
  for (const [name, raw] of entries) {
    validField(nameSchema, name, `${field}.${name}`);
    if (RESERVED.includes(name)) {
      throw new InputError(
        { field: `${field}.${name}` },
        `expected an attribute name other than ${RESERVED.join(', ')}`,
        name === 'sex' ? "sex is the patient's own field: set it there" : 'choose another name',
      );
    }
    out[name] = validField(valueSchema, raw, `${field}.${name}`);
  }
  return out;
}

/** The stored JSON text of attributes (null when there are none). */
export function attributesJson(attributes: PatientAttributes): string | null {
  return Object.keys(attributes).length === 0 ? null : JSON.stringify(attributes);
}

/** The attributes of a stored row (empty when none). */
export function parseAttributes(text: string | null): PatientAttributes {
  return text === null ? {} : (JSON.parse(text) as PatientAttributes);
}
