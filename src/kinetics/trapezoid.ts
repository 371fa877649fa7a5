/**
 * Non-parametric time-integrated activity: linear interpolation through the points; before the
 * first point a linear rise from 0 at t = 0 (uptakePhase 'linear') or the first value held
 * (otherwise); after the last point an exponential tail y_n e^{-lambda (t - t_n)} whose lambda is
 * that of the mono-exponential through the last two points, replaced by lambda_phys when slower
 * (tail rule 'seed') or always (tail rule 'physical'). Uncertainty from point sigmas, when given.
 */
import type { KineticsCurve, TailRule, TimeActivityPoint } from './types.ts';

/** Trapezoid integral with parts, tail, gradient with respect to each point value, and warnings. */
export interface TrapezoidIntegral {
  parts: { beforeFirstH: number; measuredH: number; afterLastH: number };
  totalH: number;
  /** d total / d value_i for each point. */
  gradient: number[];
  curve: KineticsCurve;
  tail: 'fit' | 'physical';
  warnings: string[];
}

/** Integral 0..inf (h x value units) of the piecewise-linear curve with its tail. */
export function integrateTrapezoid(
  points: readonly TimeActivityPoint[],
  o: {
    physicalDecayConstantPerH: number;
    tailRule: TailRule;
    uptakePhase: 'none' | 'linear';
    normalised: boolean;
  },
): TrapezoidIntegral {
  const n = points.length;
  const t = points.map((p) => p.timeH);
  const y = points.map((p) => p.value);
  const gradient = new Array<number>(n).fill(0);
  const warnings: string[] = [];
  const t1 = t[0] ?? 0;
  const linear = o.uptakePhase === 'linear' && !o.normalised;
  const startValue = linear ? 0 : (y[0] ?? 0);
  const beforeFirstH = (t1 * (startValue + (y[0] ?? 0))) / 2;
  gradient[0] = linear ? t1 / 2 : t1;
  let measuredH = 0;
  for (let i = 1; i < n; i++) {
    const dt = (t[i] ?? 0) - (t[i - 1] ?? 0);
    measuredH += (dt * ((y[i] ?? 0) + (y[i - 1] ?? 0))) / 2;
    gradient[i] = (gradient[i] ?? 0) + dt / 2;
    gradient[i - 1] = (gradient[i - 1] ?? 0) + dt / 2;
  }
  const lambdaPhys = o.physicalDecayConstantPerH;
  const yn = y[n - 1] ?? 0;
  const yp = y[n - 2] ?? 0;
  const span = (t[n - 1] ?? 0) - (t[n - 2] ?? 0);
  const fitted = yn > 0 && yp > 0 ? Math.log(yp / yn) / span : NaN;
  let lambda = lambdaPhys;
  let tail: 'fit' | 'physical' = 'physical';
  if (o.tailRule !== 'physical' && Number.isFinite(fitted)) {
    if (o.tailRule === 'fit' ? fitted > 0 : fitted >= lambdaPhys) {
      lambda = fitted;
      tail = 'fit';
    } else {
      warnings.push(
        o.tailRule === 'fit'
          ? 'last two points do not decrease: physical decay after the last point'
          : 'T_eff > T_phys over the last two points: physical decay after the last point',
      );
    }
  }
  const afterLastH = yn / lambda;
  if (tail === 'fit') {
    // after = y_n / lambda, lambda = ln(y_{n-1} / y_n) / span
    gradient[n - 1] = (gradient[n - 1] ?? 0) + 1 / lambda + 1 / (lambda * lambda * span);
    gradient[n - 2] = (gradient[n - 2] ?? 0) - yn / (lambda * lambda * span * yp);
  } else {
    gradient[n - 1] = (gradient[n - 1] ?? 0) + 1 / lambda;
  }
  const knots = [
    ...(t1 > 0 ? [{ timeH: 0, value: startValue }] : []),
    ...points.map((p) => ({ timeH: p.timeH, value: p.value })),
  ];
  return {
    parts: { beforeFirstH, measuredH, afterLastH },
    totalH: beforeFirstH + measuredH + afterLastH,
    gradient,
    curve: {
      components: [],
      shiftH: 0,
      knots,
      before: linear ? 'linear' : 'hold',
      firstTimeH: t1,
      lastTimeH: t[n - 1] ?? 0,
      tail: { kind: 'exponential', lambdaPerH: lambda, fromValue: yn },
    },
    tail,
    warnings,
  };
}
