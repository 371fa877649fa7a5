/**
 * JSON text of the results with no Infinity or NaN (they are not JSON): the results use null for
 * those, and any non-finite number that slipped through becomes null and is reported by path.
 */

/** Copy of `value` with non-finite numbers replaced by null; `paths` collects where. */
function sanitise(value: unknown, path: string, paths: string[]): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    paths.push(path);
    return null;
  }
  if (Array.isArray(value)) return value.map((item, i) => sanitise(item, `${path}[${i}]`, paths));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(entries.map(([k, v]) => [k, sanitise(v, `${path}.${k}`, paths)]));
  }
  return value;
}

/** Pretty JSON text (2 spaces, trailing newline) and the paths of non-finite numbers made null. */
export function toSafeJson(value: unknown): { text: string; nonFinitePaths: string[] } {
  const nonFinitePaths: string[] = [];
  const clean = sanitise(value, '$', nonFinitePaths);
  return { text: `${JSON.stringify(clean, null, 2)}\n`, nonFinitePaths };
}
