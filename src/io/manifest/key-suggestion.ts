/**
 * "Did you mean ...?" for a misspelt manifest key: the nearest known key by case-insensitive
 * edit distance (optimal string alignment: insertions, deletions, substitutions and swaps of two
 * neighbours each count 1), and the unit its name carries (`meanConcBqPerMl` -> Bq/mL).
 */

/** Unit suffixes of manifest key names, longest first (units in names: design/architecture.md). */
const UNIT_SUFFIXES: readonly (readonly [string, string])[] = [
  ['BqPerMlPerUnit', 'Bq/mL per unit'],
  ['BqPerMl', 'Bq/mL'],
  ['GPerMl', 'g/mL'],
  ['GBq', 'GBq'],
  ['MBq', 'MBq'],
  ['Gy', 'Gy'],
  ['Kg', 'kg'],
  ['Cm', 'cm'],
  ['Mm', 'mm'],
  ['Ml', 'mL'],
  ['Minutes', 'min'],
  ['Counts', 'counts'],
  ['Lps', 'mm, patient LPS'],
  ['Ras', 'mm, RAS'],
  ['Ijk', 'voxel indices'],
  ['H', 'h'],
  ['At', 'local date-time'],
];

/** The unit a key's name carries, or null (`weightKg` -> kg, `administeredAt` -> local date-time). */
export function unitOfKey(key: string): string | null {
  for (const [suffix, unit] of UNIT_SUFFIXES) {
    if (key.length > suffix.length && key.endsWith(suffix)) return unit;
  }
  return null;
}

/** Optimal-string-alignment distance between `a` and `b` (case-sensitive). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * The known key nearest to `key`, or null when none is close: a case-insensitive match, else the
 * smallest distance if it is at most max(2, a third of the key's length) (our choice: a typo or
 * a wrong unit prefix, not a different word).
 */
export function nearestKey(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (best === null || distance < best.distance) best = { key: candidate, distance };
  }
  if (best === null) return null;
  return best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : null;
}

/** "unknown key X; did you mean Y (unit)?" or "unknown key X; expected one of ...". */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = nearestKey(key, known);
  if (near !== null) {
    const unit = unitOfKey(near);
    return `unknown key ${key}; did you mean ${near}${unit === null ? '' : ` (${unit})`}?`;
  }
  const list = known.length > 0 ? `; expected one of ${known.join(', ')}` : '';
  return `unknown key ${key}${list}`;
}
