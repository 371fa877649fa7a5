/**
 * Radioactive decay and the 124I -> 131I conversion (design/architecture.md, "131I-equivalent";
 * seed paper, Data analysis: 124I and 131I kinetics assumed identical, corrected for the
 * different half-lives).
 */
import { I124, I131, type Nuclide } from './nuclides.ts';

/** Fraction of activity left after `elapsedH` hours: exp(-lambda t). */
export function decayFactor(nuclide: Nuclide, elapsedH: number): number {
  return Math.exp(-nuclide.decayConstantPerH * elapsedH);
}

/**
 * Activity (or concentration) at time 0 from a value measured at `elapsedH` hours after it:
 * A(0) = A(t) exp(+lambda t). Same units in and out.
 */
export function decayCorrectToOrigin(nuclide: Nuclide, value: number, elapsedH: number): number {
  return value * Math.exp(nuclide.decayConstantPerH * elapsedH);
}

/**
 * 131I-equivalent value at `timeH` after administration from a 124I value measured at that time
 * (not decay-corrected): u131(t) = u124(t) exp(+lambda124 t) exp(-lambda131 t).
 */
export function i124To131Equivalent(value124AtTime: number, timeH: number): number {
  return value124AtTime * Math.exp((I124.decayConstantPerH - I131.decayConstantPerH) * timeH);
}
