/**
 * Known time-activity curves of the synthetic patient, as 131I-equivalent values (the project's
 * convention: biological retention x 131I decay, time from administration in hours), and their
 * conversion to the 124I value a scanner or counter sees at time t (not decay-corrected):
 * v124(t) = v131(t) exp((lambda131 - lambda124) t) (inverse of physics/decay.ts i124To131Equivalent).
 */
import { I124, I131 } from '../physics/nuclides.ts';

/** One exponential term: value at t = 0 and effective half-life (h). */
export interface ExpTerm {
  atZero: number;
  halfLifeH: number;
}

/** Sum of exponentials, 131I-equivalent (e.g. fraction of the administered activity per mL). */
export type ExpCurve = readonly ExpTerm[];

/** Value of the curve at `timeH`. */
export function curveAt(curve: ExpCurve, timeH: number): number {
  return curve.reduce((sum, t) => sum + t.atZero * Math.exp((-Math.LN2 / t.halfLifeH) * timeH), 0);
}

/** Integral of the curve from 0 to infinity, value x h: sum of atZero x T / ln 2. */
export function curveIntegralH(curve: ExpCurve): number {
  return curve.reduce((sum, t) => sum + (t.atZero * t.halfLifeH) / Math.LN2, 0);
}

/** 124I value at acquisition time `timeH` from a 131I-equivalent value at that time. */
export function to124AtTime(value131: number, timeH: number): number {
  return value131 * Math.exp((I131.decayConstantPerH - I124.decayConstantPerH) * timeH);
}
