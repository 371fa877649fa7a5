/**
 * Gradient pieces of the Levenberg-Marquardt iteration (levenberg-marquardt.ts): the gradient
 * J^T W r, the parameters held on a bound, and the MINPACK gradient (gtol) test.
 */
import type { Matrix } from './linalg.ts';

/** Jacobian rows and residuals at the current parameters. */
export interface Linearisation {
  residuals: number[];
  jacobian: number[][];
}

export function gradientOf(s: Linearisation, weights: readonly number[], m: number): number[] {
  const g = new Array<number>(m).fill(0);
  s.jacobian.forEach((row, i) => {
    const wr = (weights[i] ?? 0) * (s.residuals[i] ?? 0);
    for (let j = 0; j < m; j++) g[j] = (g[j] ?? 0) + wr * (row[j] ?? 0);
  });
  return g;
}

/**
 * Parameters held on a bound this iteration: on the bound, with the gradient pointing out of the
 * box (the step is (N + mu D)^-1 g, so g_j < 0 lowers p_j and g_j > 0 raises it). They are left
 * out of the step (an active set, as in projected Newton methods, Bertsekas 1982, SIAM J Control
 * Optim 20:221) and of the gradient test: the projected gradient is what vanishes at a
 * box-constrained minimum.
 */
export function heldAtBound(
  params: readonly number[],
  g: readonly number[],
  o: { lowerBounds: readonly number[]; upperBounds: readonly number[] },
): boolean[] {
  return params.map((p, j) => {
    const gj = g[j] ?? 0;
    return (
      (p <= (o.lowerBounds[j] ?? -Infinity) && gj <= 0) ||
      (p >= (o.upperBounds[j] ?? Infinity) && gj >= 0)
    );
  });
}

/** Largest cosine between r and a free column of J in the W inner product (MINPACK gtol test). */
export function maxCosine(normal: Matrix, g: number[], chiSquare: number, held: boolean[]): number {
  let max = 0;
  g.forEach((gj, j) => {
    if (held[j] === true) return;
    const column = Math.sqrt(normal[j]?.[j] ?? 0);
    const denominator = column * Math.sqrt(chiSquare);
    if (denominator > 0) max = Math.max(max, Math.abs(gj) / denominator);
  });
  return max;
}
