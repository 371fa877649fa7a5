/**
 * Starting values for the exponential fits: weighted log-linear regression for the mono-exponential
 * and, for every model, a grid of decay constants with the amplitudes (linear in the model) solved
 * by weighted linear least squares; the best few grid points start Levenberg-Marquardt.
 */
import { solveSymmetric } from '../numerics/linalg.ts';
import type { ExponentialModel } from './exponential-models.ts';

/** Number of decay constants on the grid and of starts handed to the fit. */
export const GUESS_GRID = { lambdas: 12, starts: 4 };

function chiSquare(
  model: ExponentialModel,
  p: number[],
  t: number[],
  y: number[],
  w: number[],
): number {
  const components = model.components(p);
  let sum = 0;
  t.forEach((ti, i) => {
    const f = components.reduce(
      (s, c) => s + c.amplitude * Math.exp(-c.lambdaPerH * (ti - model.shiftH)),
      0,
    );
    sum += (w[i] ?? 0) * ((y[i] ?? 0) - f) ** 2;
  });
  return sum;
}

/** Weighted straight line ln y = c - lambda t through the positive points (w in log space). */
export function logLinear(
  t: number[],
  y: number[],
  w: number[],
): { c: number; lambda: number } | null {
  let sw = 0,
    st = 0,
    sl = 0,
    stt = 0,
    stl = 0;
  t.forEach((ti, i) => {
    const yi = y[i] ?? 0;
    if (!(yi > 0)) return;
    // weight of ln y is (y / sigma_y)^2 = w y^2
    const wi = (w[i] ?? 0) * yi * yi;
    const li = Math.log(yi);
    sw += wi;
    st += wi * ti;
    sl += wi * li;
    stt += wi * ti * ti;
    stl += wi * ti * li;
  });
  const det = sw * stt - st * st;
  if (!(det > 1e-300 * Math.max(1, sw * stt))) return null;
  const slope = (sw * stl - st * sl) / det;
  return { c: (sl - slope * st) / sw, lambda: -slope };
}

/** Decay constants per hour, geometric in half-life between a tenth of the first spacing and 10 x span. */
export function lambdaGrid(t: number[]): number[] {
  const positive = t.filter((v) => v > 0);
  const spacings = t
    .slice(1)
    .map((v, i) => v - (t[i] ?? 0))
    .filter((d) => d > 0);
  const shortest = Math.min(...positive, ...spacings);
  const span = Math.max(...t) - Math.min(0, ...t);
  const lo = Math.max(shortest / 10, 0.02);
  const hi = Math.max(10 * span, 2 * lo);
  return Array.from({ length: GUESS_GRID.lambdas }, (_, i) => {
    const half = lo * (hi / lo) ** (i / (GUESS_GRID.lambdas - 1));
    return Math.LN2 / half;
  });
}

function combinations(values: number[], k: number): number[][] {
  if (k === 0) return [[]];
  return values.flatMap((v, i) =>
    combinations(values.slice(i + 1), k - 1).map((rest) => [v, ...rest]),
  );
}

/** Weighted least-squares coefficients of columns (rows = points), or null if singular. */
function linearFit(columns: number[][], target: number[], w: number[]): number[] | null {
  const k = columns.length;
  const normal = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) =>
      target.reduce(
        (s, _v, i) => s + (w[i] ?? 0) * (columns[a]?.[i] ?? 0) * (columns[b]?.[i] ?? 0),
        0,
      ),
    ),
  );
  const rhs = Array.from({ length: k }, (_, a) =>
    target.reduce((s, v, i) => s + (w[i] ?? 0) * (columns[a]?.[i] ?? 0) * v, 0),
  );
  return solveSymmetric(normal, rhs);
}

/** Candidate parameter vectors for `model` from lambdas (descending), amplitudes by linear LS. */
function fromLambdas(
  model: ExponentialModel,
  lambdas: number[],
  t: number[],
  y: number[],
  w: number[],
): number[] | null {
  const s = model.shiftH;
  const e = (l: number): number[] => t.map((ti) => Math.exp(-l * (ti - s)));
  if (model.name === 'mono-uptake') {
    const [l = 0, lu = 0] = [lambdas[1], lambdas[0]]; // clearance slower than uptake
    const column = t.map((ti) => Math.exp(-l * ti) - Math.exp(-lu * ti));
    const a = linearFit([column], y, w)?.[0];
    return a === undefined ? null : [Math.max(a, 1e-12), l, lu];
  }
  if (!model.normalised) {
    const amps = linearFit(lambdas.map(e), y, w);
    if (amps === null) return null;
    return lambdas.flatMap((l, j) => [Math.max(amps[j] ?? 0, 1e-6 * Math.max(...y)), l]);
  }
  const k = lambdas.length;
  const last = lambdas[k - 1] ?? 0;
  const ref = model.components(new Array<number>(model.paramNames.length).fill(0));
  const scale = ref[k - 1]?.amplitude ?? 1; // = v0 (all fractions 0 -> last fraction 1)
  if (k === 1) return [last];
  const eLast = e(last);
  const columns = lambdas
    .slice(0, k - 1)
    .map((l) => e(l).map((v, i) => scale * (v - (eLast[i] ?? 0))));
  const target = y.map((v, i) => v - scale * (eLast[i] ?? 0));
  const fractions = linearFit(columns, target, w);
  if (fractions === null) return null;
  let clipped = fractions.map((f) => Math.min(Math.max(f, 0.01), 0.99));
  const sum = clipped.reduce((a, b) => a + b, 0);
  if (sum >= 0.99) clipped = clipped.map((f) => (0.98 * f) / sum);
  return [...clipped, ...lambdas];
}

/** Up to GUESS_GRID.starts starting vectors for `model`, best (lowest chi-square) first. */
export function initialGuesses(
  model: ExponentialModel,
  t: number[],
  y: number[],
  w: number[],
): number[][] {
  const terms = model.lambdaIndices.length;
  const starts: number[][] = [];
  if (terms === 1) {
    const line = logLinear(
      t.map((v) => v - model.shiftH),
      y,
      w,
    );
    if (line !== null)
      starts.push(model.normalised ? [line.lambda] : [Math.exp(line.c), line.lambda]);
  }
  const grid = lambdaGrid(t.map((v) => v - model.shiftH));
  for (const combo of combinations(grid, terms)) {
    const p = fromLambdas(model, combo, t, y, w);
    if (p !== null && p.every(Number.isFinite)) starts.push(p);
  }
  const scored = starts
    .map((p) => ({ p, chi: chiSquare(model, p, t, y, w) }))
    .filter((s) => Number.isFinite(s.chi));
  scored.sort((a, b) => a.chi - b.chi);
  const chosen = scored.slice(0, GUESS_GRID.starts).map((s) => s.p);
  // keep the log-linear start for a mono-exponential even when the grid found lower chi-square
  if (terms === 1 && starts[0] !== undefined && !chosen.includes(starts[0])) chosen.push(starts[0]);
  return chosen;
}
