// Regularized incomplete beta I_x(a, b) and its inverse. I_x by the continued fraction of
// Numerical Recipes 3rd ed. (Press et al. 2007) eq. 6.4.5-6.4.6 (betacf, modified Lentz), using
// the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges faster; the inverse by the
// starting guess of NR 6.4 (invbetai, after Abramowitz & Stegun 26.5.22) refined by Halley
// or Newton steps kept inside a bisection bracket (rtsafe, NR 9.4). Checked against
// scipy.special.betainc / betaincinv.

import { lnGamma } from './gamma.ts';

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAX_ITERATIONS = 10_000;

function checkShape(a: number, b: number): void {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`incomplete beta needs a > 0 and b > 0, got a = ${a}, b = ${b}`);
  }
}

/** ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b). */
function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** Continued fraction for I_x(a, b) (NR eq. 6.4.5), evaluated by the modified Lentz method. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h;
  }
  throw new Error(
    `incomplete beta continued fraction did not converge (a = ${a}, b = ${b}, x = ${x})`,
  );
}

/** Regularized incomplete beta I_x(a, b) (NR 3rd ed. eq. 6.4.1, 6.4.5); scipy.special.betainc. */
export function regularizedBeta(x: number, a: number, b: number): number {
  checkShape(a, b);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta needs 0 <= x <= 1, got ${x}`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Starting point for the inverse (NR 3rd ed. invbetai; A&S 26.5.22 when a, b >= 1). */
function initialGuess(p: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) x = -x;
    const al = (x * x - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w =
      (x * Math.sqrt(al + h)) / h -
      (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  return p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
}

/** x with I_x(a, b) = p (NR 3rd ed. invbetai + bracketed Halley); scipy.special.betaincinv. */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
  checkShape(a, b);
  if (!(p >= 0 && p <= 1))
    throw new RangeError(`inverse incomplete beta needs 0 <= p <= 1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  const logNorm = -lnBeta(a, b);
  let lo = 0;
  let hi = 1;
  let x = initialGuess(p, a, b);
  if (!(x > 0 && x < 1)) x = 0.5;
  let previousStep = 1;
  for (let i = 0; i < 300; i++) {
    const err = regularizedBeta(x, a, b) - p;
    if (err === 0) return x;
    if (err < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) + logNorm);
    const u = err / density;
    // Halley correction as NR invbetai while it is mild, else a Newton step.
    const curvature = u * ((a - 1) / x - (b - 1) / (1 - x));
    let next = x - (Math.abs(curvature) < 1 ? u / (1 - 0.5 * curvature) : u);
    // Bisect when the step leaves the bracket or does not halve (NR 3rd ed. 9.4, rtsafe).
    if (!(next > lo && next < hi) || Math.abs(next - x) > 0.5 * previousStep) {
      next = 0.5 * (lo + hi);
    }
    previousStep = Math.abs(next - x);
    if (previousStep <= 4 * Number.EPSILON * next || hi - lo <= 4 * Number.EPSILON * hi)
      return next;
    x = next;
  }
  return x;
}
