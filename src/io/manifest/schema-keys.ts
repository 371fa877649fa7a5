/**
 * What a zod schema expects at a field path, for error messages in the manifest's own words: the
 * keys of the mapping at `patient` or `blood[3]` (to name the nearest one to a misspelt key), and
 * whether a missing field is a mapping or a list (to say so without the schema library's wording).
 * Reads zod 4's schema definitions (`_zod.def`); unknown shapes give null, never an error.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  items?: readonly z.core.$ZodType[];
  getter?: () => z.core.$ZodType;
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'catch',
  'readonly',
  'nonoptional',
]);

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** The schema with optional/default/transform wrappers taken off. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current);
    const next =
      WRAPPERS.has(def.type) && def.innerType !== undefined
        ? def.innerType
        : def.type === 'pipe' && def.in !== undefined
          ? def.in
          : def.type === 'lazy' && def.getter !== undefined
            ? def.getter()
            : null;
    if (next === null) return current;
    current = next;
  }
  return current;
}

/** The (unwrapped) schema at `path`, or null when the path leaves what the schema describes. */
export function schemaAt(
  schema: z.core.$ZodType,
  path: readonly PropertyKey[],
): z.core.$ZodType | null {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const part of path) {
    const def = defOf(current);
    if (def.type === 'object' && typeof part === 'string') current = def.shape?.[part];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'tuple' && typeof part === 'number') current = def.items?.[part];
    else return null;
    if (current === undefined) return null;
    current = unwrap(current);
  }
  return current;
}

/** The keys the mapping at `path` accepts (required first), or null when it is no mapping. */
export function keysAt(
  schema: z.core.$ZodType,
  path: readonly PropertyKey[],
): { required: string[]; optional: string[] } | null {
  const at = schemaAt(schema, path);
  if (at === null) return null;
  const def = defOf(at);
  if (def.type !== 'object' || def.shape === undefined) return null;
  const required: string[] = [];
  const optional: string[] = [];
  for (const [key, value] of Object.entries(def.shape)) {
    (value._zod.optin === undefined ? required : optional).push(key);
  }
  return { required, optional };
}

/**
 * One sentence for a mapping or list expected at `path`, in the manifest's words: "a mapping with
 * id, weightKg (optional: heightCm, sex)" or "a list of mappings with diameterMm, centerLps".
 */
export function describeExpected(
  schema: z.core.$ZodType,
  path: readonly PropertyKey[],
): string | null {
  const at = schemaAt(schema, path);
  if (at === null) return null;
  const def = defOf(at);
  const mapping = (keys: { required: string[]; optional: string[] } | null) => {
    if (keys === null) return null;
    const optional = keys.optional.length > 0 ? ` (optional: ${keys.optional.join(', ')})` : '';
    return keys.required.length > 0
      ? `with ${keys.required.join(', ')}${optional}`
      : `with any of ${keys.optional.join(', ')}`;
  };
  if (def.type === 'object') return `a mapping ${mapping(keysAt(schema, path)) ?? ''}`.trim();
  if (def.type === 'array') {
    const item = mapping(keysAt(schema, [...path, 0]));
    return item === null ? 'a list' : `a list of mappings, each ${item}`;
  }
  if (def.type === 'record') return 'a mapping';
  return null;
}
