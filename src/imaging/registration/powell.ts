/**
 * Derivative-free minimisation of a function of a few parameters: Powell's conjugate direction
 * method (Powell 1964, Comput J 7:155) with Brent's line minimisation (Brent 1973, Algorithms for
 * Minimization without Derivatives, ch. 5), in the form of Press et al., Numerical Recipes 3rd ed.
 * (2007) sections 10.3 (bracketing, Brent) and 10.7 (Powell, with the rule that discards the
 * direction of largest decrease). Deterministic: no random restarts.
 *
 * Tolerances are absolute, in the units of the parameters (registration scales its parameters so
 * that one unit is about one millimetre of displacement); directions are kept at unit length.
 */

/** Options of minimisePowell. */
export interface PowellOptions {
  /** First trial step of each line search, parameter units. */
  initialStep: number;
  /** Line searches stop when the minimum is bracketed within this width, parameter units. */
  lineTolerance: number;
  /** Stop when one sweep moves the point by less than this (parameter units, Euclidean). */
  xTolerance: number;
  /** Stop when one sweep lowers f by less than this (absolute). */
  fTolerance: number;
  /** At most this many sweeps over the direction set. */
  maxIterations: number;
}

/** Result of minimisePowell. */
export interface PowellResult {
  x: number[];
  fx: number;
  /** Sweeps over the direction set. */
  iterations: number;
  /** Function evaluations. */
  evaluations: number;
  /** True when a tolerance stopped it (false: maxIterations reached). */
  converged: boolean;
}

const GOLDEN = 1.618034;
const CGOLD = 0.381966;

/** The minimum of f near x0 by Powell's method (see module comment). */
export function minimisePowell(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: PowellOptions,
): PowellResult {
  const n = x0.length;
  let evaluations = 0;
  const fx = (x: readonly number[]): number => {
    evaluations++;
    return f(x);
  };
  const directions: number[][] = x0.map((_, i) => x0.map((__, j) => (i === j ? 1 : 0)));
  let x = [...x0];
  let fCurrent = fx(x);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    const xStart = [...x];
    const fStart = fCurrent;
    let biggestDrop = 0;
    let biggestIndex = 0;
    for (let d = 0; d < n; d++) {
      const direction = directions[d] ?? [];
      const before = fCurrent;
      ({ x, fx: fCurrent } = lineMinimise(fx, x, fCurrent, direction, options));
      if (before - fCurrent > biggestDrop) {
        biggestDrop = before - fCurrent;
        biggestIndex = d;
      }
    }
    const step = x.map((v, i) => v - (xStart[i] ?? 0));
    const moved = Math.hypot(...step);
    if (moved < options.xTolerance || fStart - fCurrent < options.fTolerance) {
      return { x, fx: fCurrent, iterations: iteration, evaluations, converged: true };
    }
    // Numerical Recipes 10.7.7: replace the direction of largest decrease by the average
    // direction of this sweep only when that is likely to help.
    const extrapolated = x.map((v, i) => 2 * v - (xStart[i] ?? 0));
    const fExtrapolated = fx(extrapolated);
    if (fExtrapolated < fStart) {
      const a = fStart - 2 * fCurrent + fExtrapolated;
      const b = fStart - fCurrent - biggestDrop;
      const c = fStart - fExtrapolated;
      if (2 * a * b * b < biggestDrop * c * c) {
        const unit = step.map((v) => v / moved);
        ({ x, fx: fCurrent } = lineMinimise(fx, x, fCurrent, unit, options));
        directions[biggestIndex] = directions[n - 1] ?? unit;
        directions[n - 1] = unit;
      }
    }
  }
  return { x, fx: fCurrent, iterations: options.maxIterations, evaluations, converged: false };
}

/** Minimum of f along x + s d (d unit length): bracket, then Brent. */
function lineMinimise(
  f: (x: readonly number[]) => number,
  x: readonly number[],
  fx: number,
  direction: readonly number[],
  options: PowellOptions,
): { x: number[]; fx: number } {
  const at = (s: number) => x.map((v, i) => v + s * (direction[i] ?? 0));
  const g = (s: number) => f(at(s));
  const bracket = bracketMinimum(g, 0, fx, options.initialStep);
  const best = brent(g, bracket, options.lineTolerance);
  return best.fs < fx ? { x: at(best.s), fx: best.fs } : { x: [...x], fx };
}

interface Bracket {
  a: number;
  b: number;
  c: number;
  fb: number;
}

/** a < b < c (or reversed) with f(b) <= f(a), f(c): golden expansion (NR 10.3 mnbrak, no parabola). */
function bracketMinimum(g: (s: number) => number, a0: number, fa0: number, step: number): Bracket {
  let a = a0;
  let fa = fa0;
  let b = a0 + step;
  let fb = g(b);
  if (fb > fa) {
    [a, b] = [b, a];
    [fa, fb] = [fb, fa];
  }
  let c = b + GOLDEN * (b - a);
  let fc = g(c);
  for (let guard = 0; fc < fb && guard < 60; guard++) {
    a = b;
    fa = fb;
    b = c;
    fb = fc;
    c = b + GOLDEN * (b - a);
    fc = g(c);
  }
  void fa;
  return { a, b, c, fb };
}

/** Brent's method on a bracket, absolute tolerance `tol` (NR 10.3 brent). */
function brent(g: (s: number) => number, bracket: Bracket, tol: number): { s: number; fs: number } {
  let a = Math.min(bracket.a, bracket.c);
  let b = Math.max(bracket.a, bracket.c);
  let x = bracket.b;
  let w = x;
  let v = x;
  let fx = bracket.fb;
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    const xm = 0.5 * (a + b);
    const tol1 = tol / 2;
    const tol2 = 2 * tol1;
    if (Math.abs(x - xm) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      const eTemp = e;
      e = d;
      if (!(Math.abs(p) >= Math.abs(0.5 * q * eTemp) || p <= q * (a - x) || p >= q * (b - x))) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = xm - x >= 0 ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = x >= xm ? a - x : b - x;
      d = CGOLD * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d >= 0 ? tol1 : -tol1);
    const fu = g(u);
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      [v, w, x] = [w, x, u];
      [fv, fw, fx] = [fw, fx, fu];
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        [v, w] = [w, u];
        [fv, fw] = [fw, fu];
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { s: x, fs: fx };
}
