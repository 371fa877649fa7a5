// Friedman rank test for k related samples (Friedman 1937, JASA 32:675), tie-corrected exactly as
// scipy.stats.friedmanchisquare (scipy 1.17): ranks within each block (mid-ranks for ties),
// Q = [12 / (n k (k + 1)) sum_j R_j^2 - 3 n (k + 1)] / C,
// C = 1 - sum(t^3 - t) / (n k (k^2 - 1)), p from the chi-square distribution with k - 1 degrees
// of freedom (physics.md section 7).
// Only complete blocks enter; completeBlocks() says which rows were dropped.

import { chiSquareSf } from './distributions.ts';
import { averageRanks, tieCorrectionSum } from './ranks.ts';

/** Tie-corrected Friedman statistic, chi-square p-value, blocks (rows) and groups (columns). */
export interface FriedmanResult {
  statistic: number;
  pValue: number;
  blocks: number;
  groups: number;
}

/** Either a result or the reason no test was done (too few blocks or groups, every block tied). */
export type FriedmanOutcome = { ok: true; result: FriedmanResult } | { ok: false; reason: string };

/** Rows (blocks) with a finite value at every column, and the indices of the rows dropped. */
export function completeBlocks(rows: readonly (readonly (number | null | undefined)[])[]): {
  blocks: number[][];
  droppedRows: number[];
} {
  const blocks: number[][] = [];
  const droppedRows: number[] = [];
  rows.forEach((row, i) => {
    if (row.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
      blocks.push([...row]);
    } else {
      droppedRows.push(i);
    }
  });
  return { blocks, droppedRows };
}

/**
 * Friedman test over rows = blocks (lesions or patients), columns = groups (timepoints), with the
 * reason when it cannot be done; scipy.stats.friedmanchisquare(*columns).
 * Not done (ok: false): fewer than 3 groups (scipy raises ValueError), fewer than 2 blocks (scipy
 * gives statistic k - 1 for one block, which carries no information), or every block fully tied
 * (C = 0; scipy returns nan). Ragged rows or non-finite values throw: select complete blocks
 * first with completeBlocks().
 */
export function friedmanTest(blocks: readonly (readonly number[])[]): FriedmanOutcome {
  const n = blocks.length;
  const k = blocks[0]?.length ?? 0;
  blocks.forEach((row, i) => {
    if (row.length !== k) {
      throw new RangeError(`friedman: block ${i} has ${row.length} values, block 0 has ${k}`);
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        throw new RangeError(
          `friedman: block ${i}, group ${j} is ${v}; use completeBlocks() first`,
        );
      }
    });
  });
  if (k < 3) return { ok: false, reason: `Friedman test needs at least 3 groups, got ${k}` };
  if (n < 2)
    return { ok: false, reason: `Friedman test needs at least 2 complete blocks, got ${n}` };

  const rankSums = new Array<number>(k).fill(0);
  let ties = 0;
  for (const row of blocks) {
    const { ranks, tieGroups } = averageRanks(row);
    ranks.forEach((r, j) => (rankSums[j] = (rankSums[j] ?? 0) + r));
    ties += tieCorrectionSum(tieGroups);
  }
  const c = 1 - ties / (k * (k * k - 1) * n);
  if (c <= 0) {
    return {
      ok: false,
      reason: 'every block is tied across all groups: Friedman statistic undefined',
    };
  }
  const ssbn = rankSums.reduce((sum, r) => sum + r * r, 0);
  const statistic = ((12 / (k * n * (k + 1))) * ssbn - 3 * n * (k + 1)) / c;
  return {
    ok: true,
    result: { statistic, pValue: chiSquareSf(statistic, k - 1), blocks: n, groups: k },
  };
}

/** Friedman test (scipy.stats.friedmanchisquare), or null where friedmanTest gives a reason. */
export function friedman(blocks: readonly (readonly number[])[]): FriedmanResult | null {
  const outcome = friedmanTest(blocks);
  return outcome.ok ? outcome.result : null;
}
