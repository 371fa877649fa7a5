/**
 * Numerical quadrature: the trapezoidal rule through tabulated points and adaptive Simpson for
 * smooth functions (Press et al., Numerical Recipes, 3rd ed., 4.1-4.2). Used where no analytic
 * integral exists and, in tests, as an independent check of analytic integrals.
 */

/** Integral of the piecewise-linear interpolant through (x[i], y[i]) over [x0, x_last]. */
export function trapezoidIntegral(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error('trapezoidIntegral: x and y differ in length');
  let sum = 0;
  for (let i = 1; i < x.length; i++) {
    sum += 0.5 * ((x[i] ?? 0) - (x[i - 1] ?? 0)) * ((y[i] ?? 0) + (y[i - 1] ?? 0));
  }
  return sum;
}

/** Integral of f over [a, b] by adaptive Simpson to an absolute tolerance (default 1e-10). */
export function adaptiveSimpson(
  f: (x: number) => number,
  a: number,
  b: number,
  tolerance = 1e-10,
  maxDepth = 50,
): number {
  const fa = f(a);
  const fb = f(b);
  const m = 0.5 * (a + b);
  const fm = f(m);
  const whole = ((b - a) / 6) * (fa + 4 * fm + fb);
  return simpsonStep(f, a, b, fa, fm, fb, whole, tolerance, maxDepth);
}

function simpsonStep(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fm: number,
  fb: number,
  whole: number,
  tolerance: number,
  depth: number,
): number {
  const m = 0.5 * (a + b);
  const lm = 0.5 * (a + m);
  const rm = 0.5 * (m + b);
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tolerance) return left + right + delta / 15;
  return (
    simpsonStep(f, a, m, fa, flm, fm, left, tolerance / 2, depth - 1) +
    simpsonStep(f, m, b, fm, frm, fb, right, tolerance / 2, depth - 1)
  );
}
