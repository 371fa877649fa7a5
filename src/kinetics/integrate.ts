/**
 * Time-integrated activity of a fitted sum of exponentials, analytic, in three parts:
 *   before the first point t1: the curve from 0 (uptakePhase 'none'), the linear rise from 0 at
 *     t = 0 to f(t1) (uptakePhase 'linear': t1 f(t1) / 2), or, for the normalised whole-body form,
 *     the first value held on [0, t0] (v0 t0);
 *   measured: the curve from t1 to the last point tn;
 *   after tn: the curve to infinity, or physical decay from the fitted value, f(tn) / lambda_phys.
 * Tail rule 'seed' (seed paper, Data analysis): physical decay when the terminal lambda_eff <
 * lambda_phys (T_eff > T_phys), else the curve. The gradient of the total with respect to the
 * parameters is analytic, for the delta-method uncertainty.
 */
import { intervalIntegral, tailIntegral } from './exponential-integrals.ts';
import { valueAndGradient, type ExponentialModel } from './exponential-models.ts';
import type { KineticsCurve, TailRule } from './types.ts';

/** What the integral needs besides the model: rules and the first and last measured times. */
export interface IntegrationSettings {
  physicalDecayConstantPerH: number;
  tailRule: TailRule;
  uptakePhase: 'none' | 'linear';
  firstTimeH: number;
  lastTimeH: number;
}

/** Integral parts (h x value units), their parameter gradient, the curve and tail warnings. */
export interface ExponentialIntegral {
  parts: { beforeFirstH: number; measuredH: number; afterLastH: number };
  totalH: number;
  gradient: number[];
  curve: KineticsCurve;
  tail: 'fit' | 'physical';
  terminalLambdaPerH: number;
  warnings: string[];
}

function addInto(target: number[], source: readonly number[], factor = 1): void {
  source.forEach((v, i) => (target[i] = (target[i] ?? 0) + factor * v));
}

/** Terminal (slowest) decay constant of the model at params, per hour. */
export function terminalLambda(model: ExponentialModel, params: readonly number[]): number {
  const lambdas = model
    .components(params)
    .filter((c) => c.amplitude !== 0)
    .map((c) => c.lambdaPerH);
  return Math.min(...lambdas);
}

/** Analytic integral 0..inf of the fitted curve with tail and uptake rules, and its gradient. */
export function integrateExponential(
  model: ExponentialModel,
  params: readonly number[],
  s: IntegrationSettings,
): ExponentialIntegral {
  const m = params.length;
  const comps = model.components(params);
  const lambdaPhys = s.physicalDecayConstantPerH;
  const t1 = s.firstTimeH;
  const tn = s.lastTimeH;
  const sh = model.shiftH;
  const warnings: string[] = [];

  const interval = (a: number, b: number): { value: number; gradient: number[] } => {
    const gradient = new Array<number>(m).fill(0);
    let value = 0;
    for (const c of comps) {
      const r = intervalIntegral(c.amplitude, c.lambdaPerH, sh, a, b);
      value += r.value;
      addInto(gradient, c.dAmplitude, r.dAmplitude);
      addInto(gradient, c.dLambda, r.dLambda);
    }
    return { value, gradient };
  };

  // before the first point
  let before: { value: number; gradient: number[] };
  let beforeKind: KineticsCurve['before'];
  const atFirst = valueAndGradient(model, params, t1);
  if (s.uptakePhase === 'linear') {
    before = {
      value: (t1 * atFirst.value) / 2,
      gradient: atFirst.gradient.map((g) => (t1 * g) / 2),
    };
    beforeKind = 'linear';
  } else if (model.normalised) {
    before = { value: t1 * atFirst.value, gradient: atFirst.gradient.map((g) => t1 * g) };
    beforeKind = 'hold';
  } else {
    before = interval(0, t1);
    beforeKind = 'curve';
  }
  const measured = interval(t1, tn);

  // after the last point
  const terminal = terminalLambda(model, params);
  const slowest = Math.min(...comps.map((c) => c.lambdaPerH));
  let useCurve: boolean;
  if (s.tailRule === 'physical') useCurve = false;
  else if (s.tailRule === 'fit') {
    useCurve = slowest > 0;
    if (!useCurve) {
      warnings.push(
        `fitted curve does not decay (lambda ${slowest.toPrecision(3)} /h): physical decay after the last point`,
      );
    }
  } else {
    useCurve = terminal >= lambdaPhys && slowest > 0;
    if (!useCurve) {
      const tEff =
        terminal > 0 ? `T_eff ${(Math.LN2 / terminal).toPrecision(4)} h` : 'increasing curve';
      warnings.push(`T_eff > T_phys (${tEff}): physical decay after the last point`);
    }
  }
  let after: { value: number; gradient: number[] };
  let tail: KineticsCurve['tail'];
  const atLast = valueAndGradient(model, params, tn);
  if (useCurve) {
    const gradient = new Array<number>(m).fill(0);
    let value = 0;
    for (const c of comps) {
      const r = tailIntegral(c.amplitude, c.lambdaPerH, sh, tn);
      value += r.value;
      addInto(gradient, c.dAmplitude, r.dAmplitude);
      addInto(gradient, c.dLambda, r.dLambda);
    }
    after = { value, gradient };
    tail = { kind: 'curve' };
  } else {
    after = {
      value: atLast.value / lambdaPhys,
      gradient: atLast.gradient.map((g) => g / lambdaPhys),
    };
    tail = { kind: 'exponential', lambdaPerH: lambdaPhys, fromValue: atLast.value };
  }
  const gradient = new Array<number>(m).fill(0);
  addInto(gradient, before.gradient);
  addInto(gradient, measured.gradient);
  addInto(gradient, after.gradient);
  return {
    parts: { beforeFirstH: before.value, measuredH: measured.value, afterLastH: after.value },
    totalH: before.value + measured.value + after.value,
    gradient,
    curve: {
      components: comps.map((c) => ({ amplitude: c.amplitude, lambdaPerH: c.lambdaPerH })),
      shiftH: sh,
      knots: [],
      before: beforeKind,
      firstTimeH: t1,
      lastTimeH: tn,
      tail,
    },
    tail: useCurve ? 'fit' : 'physical',
    terminalLambdaPerH: terminal,
    warnings,
  };
}
