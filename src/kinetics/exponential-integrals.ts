/**
 * Analytic integrals of A e^{-lambda (t - s)} and their derivatives with respect to A and lambda,
 * stable for lambda -> 0 and for negative lambda (increasing curves).
 */

/** (1 - e^{-x}) / x, = 1 at x = 0. */
function phi(x: number): number {
  return Math.abs(x) < 1e-8 ? 1 - x / 2 : -Math.expm1(-x) / x;
}

/** (1 - e^{-x}(1 + x)) / x^2 = sum (-x)^k / (k! (k + 2)), = 1/2 at x = 0. */
function psi(x: number): number {
  if (Math.abs(x) < 0.1) {
    let term = 1;
    let sum = 0;
    for (let k = 0; k < 16; k++) {
      sum += term / (k + 2);
      term *= -x / (k + 1);
    }
    return sum;
  }
  return (1 - Math.exp(-x) * (1 + x)) / (x * x);
}

/** Integral over [a, b] of A e^{-lambda (t - s)} dt with d/dA and d/dlambda (hours x A). */
export function intervalIntegral(
  amplitude: number,
  lambdaPerH: number,
  shiftH: number,
  a: number,
  b: number,
): { value: number; dAmplitude: number; dLambda: number } {
  const length = b - a;
  const e = Math.exp(-lambdaPerH * (a - shiftH));
  const g = length * phi(lambdaPerH * length);
  const h = length * length * psi(lambdaPerH * length);
  return {
    value: amplitude * e * g,
    dAmplitude: e * g,
    dLambda: amplitude * e * (-(a - shiftH) * g - h),
  };
}

/** Integral over [a, inf) of A e^{-lambda (t - s)} dt (lambda > 0) with d/dA and d/dlambda. */
export function tailIntegral(
  amplitude: number,
  lambdaPerH: number,
  shiftH: number,
  a: number,
): { value: number; dAmplitude: number; dLambda: number } {
  if (!(lambdaPerH > 0)) throw new Error('tailIntegral needs a positive lambda');
  const e = Math.exp(-lambdaPerH * (a - shiftH));
  return {
    value: (amplitude * e) / lambdaPerH,
    dAmplitude: e / lambdaPerH,
    dLambda: amplitude * e * (-(a - shiftH) / lambdaPerH - 1 / (lambdaPerH * lambdaPerH)),
  };
}
