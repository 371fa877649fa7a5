/**
 * File and folder names made from ids the user wrote (scan ids, patient ids, timepoints). Ids are
 * free text; file names must not be (path separators, "..", hidden names, characters some file
 * systems refuse). The mapping is injective: an id made only of safe characters is used as it
 * is; any other id is sanitised AND gets the first 8 hex digits of its SHA-256, so `s:1` and
 * `s/1` (both "s_1" once sanitised) become `s_1~1a2b3c4d` and `s_1~5e6f7a8b`. The "~" never
 * survives sanitising, so a hashed name can never equal an id used as it is. Two different ids
 * could still share an 8-digit hash (one chance in 4e9 per pair): `assertDistinctNames` refuses
 * that, and names that differ only in letter case (one file on macOS and Windows).
 */
import { createHash } from 'node:crypto';
import { InputError, type InputLocation } from './errors.ts';

/** Characters kept as they are; every other character becomes "_". */
const SAFE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** A file-name stem for `id`: `id` itself when safe, else the sanitised id, "~" and a hash. */
export function safeNameStem(id: string): string {
  // At most 64 characters kept, so names stay below every file system's 255-byte limit.
  if (SAFE.test(id) && id.length <= 64) return id;
  const cleaned = id
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\./, '_')
    .slice(0, 64);
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 8);
  return `${cleaned}~${hash}`;
}

/**
 * Refuses ids whose names coincide (exactly or up to letter case), naming both ids; `what`
 * says what the ids are ("scan ids").
 */
export function assertDistinctNames(
  ids: readonly string[],
  what: string,
  where: InputLocation = {},
): void {
  const seen = new Map<string, string>();
  for (const id of ids) {
    const key = safeNameStem(id).toLowerCase();
    const other = seen.get(key);
    if (other !== undefined && other !== id) {
      throw new InputError(
        where,
        `${what} "${other}" and "${id}" would give the same output file name (${safeNameStem(id)})`,
        'rename one of them; names that differ only in upper/lower case are one file on macOS and Windows',
      );
    }
    seen.set(key, id);
  }
}
