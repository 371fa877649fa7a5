// No import cycles in src/, type-only imports included (eslint's import-x/no-cycle skips
// `import type`, which hid two cycles: cli/* <-> cli/main.ts and svg-legend <-> svg-plot).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's relative imports (value and type), as normalised paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      normalize(join(dirname(file), m[1] ?? '')),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** One cycle as a list of files, or null (depth-first search with colours). */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found !== null) return found;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    if (state.get(file) !== undefined) continue;
    const found = visit(file);
    if (found !== null) return found;
  }
  return null;
}

describe('the import graph of src/', () => {
  it('reads the imports of every source file (the check sees something)', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const main = graph.get(join(SRC, 'cli', 'main.ts')) ?? [];
    expect(main).toContain(join(SRC, 'cli', 'io.ts')); // a type-only import is seen
  });

  it('has no cycle, type-only imports included', () => {
    const cycle = findCycle(importGraph());
    expect(cycle?.map((file) => relative(SRC, file)) ?? null).toBeNull();
  });

  it('finds a cycle when there is one (the search itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
  });
});
