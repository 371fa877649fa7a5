// File names from ids: safe ids unchanged, unsafe ones sanitised with a hash, so different ids
// never share a file; collisions up to letter case are refused naming both ids.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { assertDistinctNames, safeNameStem } from '../../src/core/safe-name.ts';

const hash8 = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 8);

describe('safeNameStem', () => {
  it('keeps ids of safe characters as they are', () => {
    expect(['s1', 'day_2', 'PET-1.b'].map(safeNameStem)).toEqual(['s1', 'day_2', 'PET-1.b']);
  });

  it('gives s:1 and s/1 different names (the collision of issue 7)', () => {
    expect(safeNameStem('s:1')).toBe(`s_1~${hash8('s:1')}`);
    expect(safeNameStem('s/1')).toBe(`s_1~${hash8('s/1')}`);
    expect(safeNameStem('s:1')).not.toBe(safeNameStem('s/1'));
    expect(safeNameStem('s:1')).not.toBe(safeNameStem('s_1'));
  });

  it('never gives a hidden name, "." or ".." (no path traversal)', () => {
    for (const id of ['.', '..', '.hidden', '../x', '']) {
      const stem = safeNameStem(id);
      expect(stem.startsWith('.')).toBe(false);
      expect(stem).not.toContain('/');
      expect(stem).toMatch(/~[0-9a-f]{8}$/);
    }
  });

  it('caps long ids at 64 characters plus the hash', () => {
    expect(safeNameStem('a'.repeat(300))).toHaveLength(64 + 9);
  });
});

describe('assertDistinctNames', () => {
  it('accepts ids with distinct names, refuses ids equal up to case, naming both', () => {
    expect(() => assertDistinctNames(['s:1', 's/1', 's_1'], 'scan ids')).not.toThrow();
    expect(() => assertDistinctNames(['day1', 'DAY1'], 'scan ids')).toThrow(InputError);
    expect(() => assertDistinctNames(['day1', 'DAY1'], 'scan ids')).toThrow(
      /scan ids "day1" and "DAY1"/,
    );
  });
});
