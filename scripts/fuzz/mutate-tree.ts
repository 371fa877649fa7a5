/**
 * Mutations of a parsed manifest (plain JSON-like tree) for the CLI fuzz harness: delete, rename,
 * type swaps, extreme numbers, odd strings and dates, list edits. Each returns a short label of
 * what it did, so a failing case can be reproduced by hand.
 */
import type { Rng } from './rng.ts';

export type Tree = unknown;
type Key = string | number;

/** Every node's path in `tree` (the root excluded). */
export function paths(tree: Tree, prefix: Key[] = [], out: Key[][] = []): Key[][] {
  if (Array.isArray(tree)) {
    // Long lists: a sample of indices is enough and keeps the walk bounded.
    const indices = tree.length <= 20 ? tree.keys() : [0, 1, tree.length - 1].values();
    for (const i of indices) {
      out.push([...prefix, i]);
      paths(tree[i], [...prefix, i], out);
    }
  } else if (tree !== null && typeof tree === 'object') {
    for (const [key, value] of Object.entries(tree)) {
      out.push([...prefix, key]);
      paths(value, [...prefix, key], out);
    }
  }
  return out;
}

export function getAt(tree: Tree, path: readonly Key[]): unknown {
  let current: unknown = tree;
  for (const key of path) current = (current as Record<Key, unknown>)[key];
  return current;
}

function parentOf(tree: Tree, path: readonly Key[]): Record<Key, unknown> {
  return getAt(tree, path.slice(0, -1)) as Record<Key, unknown>;
}

function setAt(tree: Tree, path: readonly Key[], value: unknown): void {
  const parent = parentOf(tree, path);
  parent[path[path.length - 1] as Key] = value;
}

export function label(path: readonly Key[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
}

export const EXTREME_NUMBERS: readonly unknown[] = [
  0,
  -0,
  -1,
  1e-300,
  1e308,
  -1e308,
  1e20,
  1e-20,
  Infinity,
  -Infinity,
  NaN,
  'NaN',
  'Infinity',
  2 ** 53 + 1,
  0.5,
  3.5,
];

export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  'x'.repeat(100_000),
  'é漢字🙂',
  '../x',
  'a/b',
  '\u0000',
  '\t',
  '.',
  '..',
  '%s%n',
  '<script>alert(1)</script>',
  'CON',
];

export const ODD_DATES: readonly unknown[] = [
  '2024-13-45T25:61:00',
  '2024-02-30T10:00:00',
  '1900-01-01T00:00:00',
  '9999-12-31T23:59:59',
  '2024-03-05T09:15:00+05:00',
  '2024-03-05T09:15:00Z',
  '2024-03-05',
  '2024-03-05 09:15',
  'yesterday',
  1709630100,
  '0000-00-00T00:00:00',
  '2024-03-05T09:15:00.123456789',
  '+275760-09-13T00:00:00',
];

const SWAPS: readonly unknown[] = ['text', 42, [1, 2], { a: 1 }, null, true, '', []];

function isDateLike(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value);
}

/** Applies one random mutation to `tree` in place and returns its label. */
export function mutateOnce(tree: Tree, rng: Rng): string {
  const all = paths(tree);
  if (all.length === 0) return 'no paths';
  const path = rng.pick(all);
  const value = getAt(tree, path);
  const parent = parentOf(tree, path);
  const last = path[path.length - 1] as Key;
  const where = label(path);
  const op = rng.int(10);
  if (typeof value === 'number' && op < 5) {
    const next = rng.pick(EXTREME_NUMBERS);
    setAt(tree, path, next);
    return `extreme ${where} = ${String(next)}`;
  }
  if (isDateLike(value) && op < 6) {
    const shiftDays = rng.pick([-3, 3, -400, 0.001, 10_000]);
    const next =
      rng.int(2) === 0
        ? rng.pick(ODD_DATES)
        : new Date(Date.parse(`${String(value)}Z`) + shiftDays * 86_400_000)
            .toISOString()
            .slice(0, 19);
    setAt(tree, path, next);
    return `date ${where} = ${String(next)}`;
  }
  if (typeof value === 'string' && op < 4) {
    const next = rng.pick(ODD_STRINGS);
    setAt(tree, path, next);
    return `string ${where} = ${JSON.stringify(next.slice(0, 20))}${next.length > 20 ? '...' : ''}`;
  }
  if (Array.isArray(value) && op < 6) return mutateList(value, rng, where);
  switch (rng.int(4)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      return `delete ${where}`;
    case 1: {
      if (Array.isArray(parent)) {
        parent.splice(last as number, 0, structuredClone(value));
        return `duplicate ${where}`;
      }
      const name = String(last);
      const renamed = rng.pick([
        `${name}s`,
        name.toUpperCase(),
        name.slice(1),
        `x${name}`,
        name.replace(/[A-Z]/, (c) => c.toLowerCase()),
      ]);
      if (renamed !== name) {
        parent[renamed] = value;
        delete parent[last];
      }
      return `rename ${where} -> ${renamed}`;
    }
    default: {
      const next = rng.pick(SWAPS);
      setAt(tree, path, structuredClone(next));
      return `swap ${where} = ${JSON.stringify(next)}`;
    }
  }
}

function zeroNumbers(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<Key, unknown>;
  for (const key of Object.keys(record)) {
    if (typeof record[key] === 'number') record[key] = 0;
    else zeroNumbers(record[key]);
  }
}

function mutateList(list: unknown[], rng: Rng, where: string): string {
  switch (rng.int(7)) {
    case 0:
      list.reverse();
      return `reverse ${where}`;
    case 1:
      list.splice(1);
      return `one element ${where}`;
    case 2:
      list.splice(0);
      return `empty ${where}`;
    case 3:
      zeroNumbers(list);
      return `all zero ${where}`;
    case 4: {
      const first = list[0];
      for (let i = list.length; i < 10_000; i += 1) list.push(structuredClone(first));
      return `10k copies ${where}`;
    }
    case 5:
      if (list.length > 1) list[1] = structuredClone(list[0]);
      return `duplicate first ${where}`;
    default:
      for (let i = list.length - 1; i > 0; i -= 1) {
        const j = rng.int(i + 1);
        [list[i], list[j]] = [list[j], list[i]];
      }
      return `shuffle ${where}`;
  }
}
