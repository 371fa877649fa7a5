/**
 * Choosing one structure of a mask file by number and/or name: a SEG segment (PS3.3 C.8.20.2
 * Segment Sequence: Segment Number, Segment Label) or an RTSTRUCT ROI (C.8.8.5 Structure Set ROI
 * Sequence: ROI Number, ROI Name). Names match exactly, else case- and space-insensitively; an
 * absent, unknown or ambiguous choice is an InputError that lists what the file holds.
 */
import { InputError, type InputLocation } from '../../../core/errors.ts';

/** One structure of a mask file. */
export interface MaskEntry {
  number: number;
  name: string;
}

/** How the entries are called in messages (e.g. "segment", "ROI") and the manifest keys. */
export interface MaskEntryKind {
  what: string;
  numberKey: string;
  nameKey: string;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** The listing used in messages: `1 "Liver", 2 "L1"`. */
export function describeEntries(entries: readonly MaskEntry[]): string {
  return entries.length === 0 ? 'none' : entries.map((e) => `${e.number} "${e.name}"`).join(', ');
}

/** The entry chosen by number and/or name; alone in the file, it needs no choice. */
export function selectEntry<E extends MaskEntry>(
  entries: readonly E[],
  choice: { number?: number; name?: string },
  kind: MaskEntryKind,
  where: InputLocation,
): E {
  const listing = `the file holds ${kind.what}s ${describeEntries(entries)}`;
  const hint = `give the ${kind.what} as \`${kind.numberKey}\` or \`${kind.nameKey}\``;
  if (entries.length === 0) {
    throw new InputError(where, `the file holds no ${kind.what}`);
  }
  let candidates = [...entries];
  if (choice.number !== undefined) {
    candidates = candidates.filter((e) => e.number === choice.number);
  }
  if (choice.name !== undefined) {
    const name = choice.name;
    const exact = candidates.filter((e) => e.name === name);
    candidates = exact.length > 0 ? exact : candidates.filter((e) => norm(e.name) === norm(name));
  }
  const asked = [
    choice.number === undefined ? undefined : `number ${choice.number}`,
    choice.name === undefined ? undefined : `"${choice.name}"`,
  ].filter((s) => s !== undefined);
  if (candidates.length === 0) {
    throw new InputError(where, `no ${kind.what} ${asked.join(' and ')}; ${listing}`, hint);
  }
  if (candidates.length > 1) {
    const which = asked.length === 0 ? 'no choice given' : `${asked.join(' and ')} is ambiguous`;
    throw new InputError(
      where,
      `${which}: ${candidates.length} ${kind.what}s match (${describeEntries(candidates)})`,
      hint,
    );
  }
  return candidates[0] as E;
}
