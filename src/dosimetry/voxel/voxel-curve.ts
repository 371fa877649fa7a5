/**
 * Time integral of one voxel's 131I-equivalent time-activity curve, with the conventions of the
 * lesion chain (lesion-chain.ts with its defaults, study/resolve-settings.ts: models ['mono'],
 * uptake phase 'none', tail rule 'seed', relative weights 1/y^2 as fitKinetics uses without
 * sigmas), written out for speed (a map has 1e6-1e7 voxels; fitKinetics per voxel would take
 * minutes) and held against fitKinetics in test/dosimetry/voxel/voxel-curve.test.ts:
 *   f(t) = A e^{-lambda t} from t = 0 (fit-model.ts exactMono through two points; through more, the
 *   weighted least squares sum ((y_i - f(t_i)) / y_i)^2, Gauss-Newton with step halving from the
 *   log-linear start); after the last point t_n the curve when lambda >= lambda_phys, else physical
 *   decay f(t_n) / lambda_phys (seed paper, Data analysis; kinetics/integrate.ts).
 * Voxels the mono-exponential cannot describe, each counted by its rule (TiaRule):
 *   'zero'      every value <= 0: integral 0;
 *   'trapezoid' some value <= 0, lambda outside LAMBDA_LIMITS (-10 lambda_phys .. ln2 / 1 min), or
 *               no convergence: the trapezoid of kinetics/trapezoid.ts (values clamped at 0, the
 *               first value held on [0, t_1], linear between points, after t_n y_n e^{-lambda t}
 *               with lambda of the last two points if >= lambda_phys, else lambda_phys);
 *   'monoRising' lambda <= 0 within the limits (a rising curve): the curve from 0 and physical
 *               decay after t_n, as the lesion chain does (T_eff > T_phys);
 *   'monoPhysicalTail' 0 < lambda < lambda_phys;  'monoFitTail' lambda >= lambda_phys.
 */
import { LAMBDA_LIMITS } from '../../kinetics/index.ts';

export type TiaRule = 'monoFitTail' | 'monoPhysicalTail' | 'monoRising' | 'trapezoid' | 'zero';

export const TIA_RULES: readonly TiaRule[] = [
  'monoFitTail',
  'monoPhysicalTail',
  'monoRising',
  'trapezoid',
  'zero',
];

/** Integral 0..inf (h x value units) and the rule applied. */
export interface VoxelCurveIntegral {
  integralH: number;
  rule: TiaRule;
}

const MAX_ITERATIONS = 100;
const CONVERGED = 1e-13;

/** int_0^T A e^{-l t} dt, stable for l -> 0. */
function integralTo(a: number, l: number, tH: number): number {
  return l === 0 ? a * tH : (-a * Math.expm1(-l * tH)) / l;
}

/** Relative-weighted mono-exponential fit [A, lambda] through n > 2 positive points, or null. */
function fitMono(t: ArrayLike<number>, y: ArrayLike<number>, n: number): [number, number] | null {
  // log-linear start (weights w y^2 = 1 in log space, as initial-guess.ts logLinear)
  let st = 0,
    sl = 0,
    stt = 0,
    stl = 0;
  for (let i = 0; i < n; i++) {
    const l = Math.log(y[i]!);
    st += t[i]!;
    sl += l;
    stt += t[i]! * t[i]!;
    stl += t[i]! * l;
  }
  const det = n * stt - st * st;
  let lambda = -(n * stl - st * sl) / det;
  let lnA = (sl + lambda * st) / n;
  const cost = (la: number, l: number): number => {
    let c = 0;
    for (let i = 0; i < n; i++) c += (1 - Math.exp(la - l * t[i]!) / y[i]!) ** 2;
    return c;
  };
  let current = cost(lnA, lambda);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    // r_i = 1 - e^{lnA - l t_i} / y_i; Gauss-Newton in (lnA, lambda), same minimum as (A, lambda)
    let jaa = 0,
      jal = 0,
      jll = 0,
      ga = 0,
      gl = 0;
    for (let i = 0; i < n; i++) {
      const q = Math.exp(lnA - lambda * t[i]!) / y[i]!;
      const r = 1 - q;
      const da = -q;
      const dl = q * t[i]!;
      jaa += da * da;
      jal += da * dl;
      jll += dl * dl;
      ga += da * r;
      gl += dl * r;
    }
    const d = jaa * jll - jal * jal;
    if (!(d > 0)) return null;
    let stepA = -(jll * ga - jal * gl) / d;
    let stepL = -(jaa * gl - jal * ga) / d;
    let next = cost(lnA + stepA, lambda + stepL);
    for (let halving = 0; next > current && halving < 30; halving++) {
      stepA /= 2;
      stepL /= 2;
      next = cost(lnA + stepA, lambda + stepL);
    }
    if (!(next <= current)) return null;
    lnA += stepA;
    lambda += stepL;
    const done =
      Math.abs(stepA) <= CONVERGED * (1 + Math.abs(lnA)) &&
      Math.abs(stepL) <= CONVERGED * (1 + Math.abs(lambda)) * 1e2;
    current = next;
    if (done) return [Math.exp(lnA), lambda];
  }
  return [Math.exp(lnA), lambda];
}

/** The trapezoid rule of kinetics/trapezoid.ts (uptake 'none', tail 'seed'), values clamped at 0. */
function trapezoid(t: ArrayLike<number>, y: ArrayLike<number>, n: number, lPhys: number): number {
  const v = (i: number): number => Math.max(y[i]!, 0);
  let sum = t[0]! * v(0);
  for (let i = 1; i < n; i++) sum += ((t[i]! - t[i - 1]!) * (v(i) + v(i - 1))) / 2;
  const last = v(n - 1);
  const previous = v(n - 2);
  const fitted =
    last > 0 && previous > 0 ? Math.log(previous / last) / (t[n - 1]! - t[n - 2]!) : NaN;
  return sum + last / (fitted >= lPhys ? fitted : lPhys);
}

/**
 * Integral 0..inf of one voxel's curve (times `timeH` ascending, n >= 2 values), h x value units,
 * and the rule used (file comment); `physicalDecayConstantPerH` is 131I's.
 */
export function integrateVoxelCurve(
  timeH: ArrayLike<number>,
  value: ArrayLike<number>,
  physicalDecayConstantPerH: number,
): VoxelCurveIntegral {
  const n = timeH.length;
  let positive = 0;
  for (let i = 0; i < n; i++) if (value[i]! > 0) positive++;
  if (positive === 0) return { integralH: 0, rule: 'zero' };
  const lPhys = physicalDecayConstantPerH;
  const fallback = (): VoxelCurveIntegral => ({
    integralH: trapezoid(timeH, value, n, lPhys),
    rule: 'trapezoid',
  });
  if (positive < n) return fallback();
  let a: number;
  let lambda: number;
  if (n === 2) {
    lambda = Math.log(value[0]! / value[1]!) / (timeH[1]! - timeH[0]!);
    a = value[0]! * Math.exp(lambda * timeH[0]!);
  } else {
    const fit = fitMono(timeH, value, n);
    if (fit === null) return fallback();
    [a, lambda] = fit;
  }
  const lower = LAMBDA_LIMITS.lowerTimesPhysical * lPhys;
  if (!Number.isFinite(a) || !(lambda >= lower && lambda <= LAMBDA_LIMITS.upperPerH)) {
    return fallback();
  }
  const tn = timeH[n - 1]!;
  const measured = integralTo(a, lambda, tn);
  if (lambda >= lPhys)
    return { integralH: measured + (a * Math.exp(-lambda * tn)) / lambda, rule: 'monoFitTail' };
  const tail = (a * Math.exp(-lambda * tn)) / lPhys;
  return { integralH: measured + tail, rule: lambda > 0 ? 'monoPhysicalTail' : 'monoRising' };
}
