/**
 * Value of the integrated curve at a time: uptake phase or held value before the first point, the
 * model between first and last point, the tail after the last point.
 */
import { InputError } from '../core/errors.ts';
import type { KineticsCurve, KineticsResult } from './types.ts';

function sumOfExponentials(curve: KineticsCurve, timeH: number): number {
  return curve.components.reduce(
    (s, c) => s + c.amplitude * Math.exp(-c.lambdaPerH * (timeH - curve.shiftH)),
    0,
  );
}

function interpolate(knots: KineticsCurve['knots'], timeH: number): number {
  for (let i = 1; i < knots.length; i++) {
    const a = knots[i - 1];
    const b = knots[i];
    if (a === undefined || b === undefined) continue;
    if (timeH <= b.timeH) {
      return a.value + ((b.value - a.value) * (timeH - a.timeH)) / (b.timeH - a.timeH);
    }
  }
  return knots[knots.length - 1]?.value ?? 0;
}

/** Curve value (value units) at `timeH` hours, exactly as integrated (uptake phase and tail). */
export function evaluateCurve(curve: KineticsCurve, timeH: number): number {
  if (!Number.isFinite(timeH) || timeH < 0) {
    throw new InputError({ field: 'timeH' }, `expected a time >= 0 h, got ${String(timeH)}`);
  }
  if (timeH > curve.lastTimeH) {
    if (curve.tail.kind === 'exponential') {
      return curve.tail.fromValue * Math.exp(-curve.tail.lambdaPerH * (timeH - curve.lastTimeH));
    }
    return sumOfExponentials(curve, timeH);
  }
  if (curve.knots.length > 0) return interpolate(curve.knots, timeH);
  if (timeH < curve.firstTimeH) {
    if (curve.before === 'linear') {
      return (sumOfExponentials(curve, curve.firstTimeH) * timeH) / curve.firstTimeH;
    }
    if (curve.before === 'hold') return sumOfExponentials(curve, curve.firstTimeH);
  }
  return sumOfExponentials(curve, timeH);
}

/** Value of the fitted time-activity curve at `timeH` hours (the curve used for the integral). */
export function evaluateKinetics(result: KineticsResult, timeH: number): number {
  return evaluateCurve(result.curve, timeH);
}
