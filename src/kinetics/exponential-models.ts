/**
 * Sum-of-exponentials models f(t) = sum_j A_j e^{-lambda_j (t - s)} with parameter names, bounds
 * and analytic Jacobians. Each model maps its parameter vector to components (A_j, lambda_j) with
 * the derivatives dA_j/dp and dlambda_j/dp; values, Jacobians and integrals follow by the chain
 * rule. Free forms (s = 0):
 *   mono  A e^{-l t};  bi  A1 e^{-l1 t} + A2 e^{-l2 t};  tri  three terms;
 *   mono-uptake  A (e^{-l t} - e^{-lu t})  (clearance l, uptake lu; 0 at t = 0).
 * Normalised forms (s = t0, the first time, v0 the first value, fixed):
 *   mono  v0 e^{-l (t - t0)};  bi  v0 [a1 e^{-l1 (t-t0)} + (1 - a1) e^{-l2 (t-t0)}];
 *   tri  v0 [a1 e^{..} + a2 e^{..} + (1 - a1 - a2) e^{..}].
 * Components are ordered fast to slow (lambda1 > lambda2 > ...) after fitting.
 */
import type { ExponentialModelName } from './types.ts';

/** One component with its derivatives with respect to the parameter vector. */
export interface ComponentWithGradient {
  amplitude: number;
  lambdaPerH: number;
  dAmplitude: number[];
  dLambda: number[];
}

/** A sum-of-exponentials model with fixed structure (shift, first value, bounds). */
export interface ExponentialModel {
  name: ExponentialModelName;
  normalised: boolean;
  paramNames: string[];
  shiftH: number;
  lowerBounds: number[];
  upperBounds: number[];
  /** Indices of lambda parameters and of amplitude/fraction parameters. */
  lambdaIndices: number[];
  amplitudeIndices: number[];
  components(params: readonly number[]): ComponentWithGradient[];
  /** The same curve with components ordered fast to slow (lambda descending). */
  canonical(params: readonly number[]): number[];
}

/** Bounds of every decay constant, per hour, relative to the physical one (see below). */
export const LAMBDA_LIMITS = {
  /** Lower bound: -10 lambda_phys (doubling time T_phys / 10) keeps e^{-l t} finite. */
  lowerTimesPhysical: -10,
  /** Upper bound: ln 2 / 1 min, faster than any clearance phase seen in blood or lesions. */
  upperPerH: Math.LN2 * 60,
};

const unit = (m: number, i: number): number[] =>
  Array.from({ length: m }, (_, j) => (j === i ? 1 : 0));
const scaled = (v: number[], k: number): number[] => v.map((x) => x * k);

/** Parameter count of a model (free or normalised form). */
export function parameterCount(name: ExponentialModelName, normalised: boolean): number {
  const terms = { mono: 1, bi: 2, tri: 3, 'mono-uptake': 2 }[name];
  if (name === 'mono-uptake') return 3;
  return normalised ? 2 * terms - 1 : 2 * terms;
}

/** The model `name`, free or normalised at (t0, v0), with lambda bounds from lambda_phys. */
export function exponentialModel(
  name: ExponentialModelName,
  physicalDecayConstantPerH: number,
  normalisedAt?: { timeH: number; value: number },
): ExponentialModel {
  const lo = LAMBDA_LIMITS.lowerTimesPhysical * physicalDecayConstantPerH;
  const hi = LAMBDA_LIMITS.upperPerH;
  if (name === 'mono-uptake') {
    if (normalisedAt !== undefined) throw new Error('mono-uptake has no normalised form');
    return {
      name,
      normalised: false,
      paramNames: ['amplitude', 'lambdaPerH', 'uptakeLambdaPerH'],
      shiftH: 0,
      lowerBounds: [0, lo, lo],
      upperBounds: [Infinity, hi, hi],
      lambdaIndices: [1, 2],
      amplitudeIndices: [0],
      components: ([a = 0, l = 0, lu = 0]) => [
        { amplitude: a, lambdaPerH: l, dAmplitude: unit(3, 0), dLambda: unit(3, 1) },
        { amplitude: -a, lambdaPerH: lu, dAmplitude: scaled(unit(3, 0), -1), dLambda: unit(3, 2) },
      ],
      canonical: (p) => p.slice(),
    };
  }
  const terms = { mono: 1, bi: 2, tri: 3 }[name];
  const suffix = (j: number): string => (terms === 1 ? '' : String(j + 1));
  if (normalisedAt === undefined) {
    const m = 2 * terms;
    const paramNames = Array.from({ length: terms }, (_, j) => [
      `amplitude${suffix(j)}`,
      `lambda${suffix(j)}PerH`,
    ]).flat();
    return {
      name,
      normalised: false,
      paramNames,
      shiftH: 0,
      lowerBounds: paramNames.map((_, i) => (i % 2 === 0 ? 0 : lo)),
      upperBounds: paramNames.map((_, i) => (i % 2 === 0 ? Infinity : hi)),
      lambdaIndices: paramNames.flatMap((_, i) => (i % 2 === 1 ? [i] : [])),
      amplitudeIndices: paramNames.flatMap((_, i) => (i % 2 === 0 ? [i] : [])),
      components: (p) =>
        Array.from({ length: terms }, (_, j) => ({
          amplitude: p[2 * j] ?? 0,
          lambdaPerH: p[2 * j + 1] ?? 0,
          dAmplitude: unit(m, 2 * j),
          dLambda: unit(m, 2 * j + 1),
        })),
      canonical: (p) => {
        const pairs = Array.from({ length: terms }, (_, j) => [p[2 * j] ?? 0, p[2 * j + 1] ?? 0]);
        pairs.sort((x, y) => (y[1] ?? 0) - (x[1] ?? 0));
        return pairs.flat();
      },
    };
  }
  // normalised: fractions a_1..a_{k-1} first, then lambdas l_1..l_k
  const v0 = normalisedAt.value;
  const nf = terms - 1;
  const m = nf + terms;
  const paramNames = [
    ...Array.from({ length: nf }, (_, j) => `fraction${j + 1}`),
    ...Array.from({ length: terms }, (_, j) => `lambda${suffix(j)}PerH`),
  ];
  return {
    name,
    normalised: true,
    paramNames,
    shiftH: normalisedAt.timeH,
    lowerBounds: paramNames.map((_, i) => (i < nf ? 0 : lo)),
    upperBounds: paramNames.map((_, i) => (i < nf ? 1 : hi)),
    lambdaIndices: paramNames.flatMap((_, i) => (i >= nf ? [i] : [])),
    amplitudeIndices: paramNames.flatMap((_, i) => (i < nf ? [i] : [])),
    components: (p) =>
      Array.from({ length: terms }, (_, j) => {
        let fraction: number;
        let dFraction: number[];
        if (j < nf) {
          fraction = p[j] ?? 0;
          dFraction = unit(m, j);
        } else {
          fraction = 1 - p.slice(0, nf).reduce((s, v) => s + v, 0);
          dFraction = Array.from({ length: m }, (_, i) => (i < nf ? -1 : 0));
        }
        return {
          amplitude: v0 * fraction,
          lambdaPerH: p[nf + j] ?? 0,
          dAmplitude: scaled(dFraction, v0),
          dLambda: unit(m, nf + j),
        };
      }),
    canonical: (p) => {
      const fractions = [...p.slice(0, nf), 1 - p.slice(0, nf).reduce((s, v) => s + v, 0)];
      const pairs = fractions.map((f, j) => [f, p[nf + j] ?? 0]);
      pairs.sort((x, y) => (y[1] ?? 0) - (x[1] ?? 0));
      return [...pairs.slice(0, nf).map((q) => q[0] ?? 0), ...pairs.map((q) => q[1] ?? 0)];
    },
  };
}

/** f(t) of the model and its gradient with respect to the parameters. */
export function valueAndGradient(
  model: ExponentialModel,
  params: readonly number[],
  timeH: number,
): { value: number; gradient: number[] } {
  const gradient = new Array<number>(params.length).fill(0);
  let value = 0;
  for (const c of model.components(params)) {
    const dt = timeH - model.shiftH;
    const e = Math.exp(-c.lambdaPerH * dt);
    value += c.amplitude * e;
    for (let i = 0; i < gradient.length; i++) {
      gradient[i] =
        (gradient[i] ?? 0) +
        (c.dAmplitude[i] ?? 0) * e -
        (c.dLambda[i] ?? 0) * dt * c.amplitude * e;
    }
  }
  return { value, gradient };
}
