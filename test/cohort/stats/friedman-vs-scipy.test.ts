// Friedman test across timepoints: statistic agrees with scipy.stats.friedmanchisquare to 1e-9
// relative and its chi-square p-value to 1e-6 absolute, with ties within blocks, fully tied blocks
// among others, and 3 to 5 groups over 2 to 20 blocks.
import { describe, expect, it } from 'vitest';
import { completeBlocks, friedman, friedmanTest } from '../../../src/cohort/stats/index.ts';
import { friedmanCases, relativeError } from './reference.ts';

const defined = friedmanCases.filter((c) => c.statistic !== null);
const undefinedInScipy = friedmanCases.filter((c) => c.statistic === null);

describe.each(defined)('scipy.stats.friedmanchisquare, $name', (c) => {
  it('statistic to 1e-9 relative, p-value to 1e-6 absolute, blocks and groups counted', () => {
    const result = friedman(c.blocks);
    expect(result).not.toBeNull();
    if (result === null) return;
    expect(relativeError(result.statistic, c.statistic ?? NaN)).toBeLessThan(1e-9);
    expect(Math.abs(result.pValue - (c.pValue ?? NaN))).toBeLessThan(1e-6);
    expect(result.blocks).toBe(c.blocks.length);
    expect(result.groups).toBe(c.blocks[0]?.length);
  });
});

describe('Friedman tests that cannot be done', () => {
  it.each(undefinedInScipy)('$name: scipy gives nan, we give null with the reason', (c) => {
    expect(friedman(c.blocks)).toBeNull();
    expect(friedmanTest(c.blocks)).toEqual({
      ok: false,
      reason: 'every block is tied across all groups: Friedman statistic undefined',
    });
  });

  it('two timepoints are too few (scipy raises ValueError)', () => {
    expect(
      friedmanTest([
        [1, 2],
        [3, 4],
        [5, 7],
      ]),
    ).toEqual({
      ok: false,
      reason: 'Friedman test needs at least 3 groups, got 2',
    });
  });

  it('one complete block is too few (scipy would return k - 1, an uninformative 2)', () => {
    expect(friedmanTest([[1, 2, 3]])).toEqual({
      ok: false,
      reason: 'Friedman test needs at least 2 complete blocks, got 1',
    });
    expect(friedman([])).toBeNull();
  });

  it('ragged or non-finite rows are refused with the block named', () => {
    expect(() =>
      friedman([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow('friedman: block 1 has 2 values, block 0 has 3');
    expect(() =>
      friedman([
        [1, 2, 3],
        [1, NaN, 2],
      ]),
    ).toThrow('friedman: block 1, group 1 is NaN');
  });
});

describe('incomplete blocks', () => {
  it('only rows with a value at every timepoint enter; the dropped rows are listed', () => {
    const { blocks, droppedRows } = completeBlocks([
      [1, 2, 3],
      [2, null, 1],
      [3, 1, 2],
      [4, 5, NaN],
      [1, 3, 2],
    ]);
    expect(blocks).toEqual([
      [1, 2, 3],
      [3, 1, 2],
      [1, 3, 2],
    ]);
    expect(droppedRows).toEqual([1, 3]);
    expect(friedman(blocks)?.blocks).toBe(3);
  });
});
