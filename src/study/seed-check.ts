/**
 * Is the uptake a seed found clear, and was an LPS seed perhaps written in RAS? A seed finds clear
 * uptake when its isocontour VOI has contrast (max/BG >= the isocontour's minContrast), its
 * maximum lies within the search radius (or the uptake there is not much weaker), the seed lies
 * inside the VOI and the VOI does not leak (growth limit, implausible volume): the same checks the
 * isocontour warns about (src/imaging/isocontour-warnings.ts). An LPS seed that finds no clear
 * uptake while its RAS reading (x and y negated) does was most likely copied from a RAS viewer
 * (3D Slicer, niivue): that is refused with the fix, unless overrides.seedsLpsAsGiven.
 */
import { InputError } from '../core/errors.ts';
import { rasToLps, type Vec3 } from '../core/volume.ts';
import type { IsocontourResult } from '../imaging/isocontour.ts';
import type { LesionSeed } from './lesion-seeds.ts';

/** The uptake part of whyNoClearUptake: low contrast, maximum far from the seed. */
export function whyNoUptake(voi: IsocontourResult, seedLps: Vec3): string[] {
  const reasons: string[] = [];
  if (voi.flags.lowContrast) reasons.push(`max/BG only ${voi.contrast.toFixed(2)}`);
  if (voi.flags.noUptakeNearSeed) {
    const mm = Math.hypot(...seedLps.map((c, a) => c - (voi.maxPointLps[a] ?? 0)));
    reasons.push(
      `the VOI maximum lies ${mm.toFixed(0)} mm from the seed, beyond the search radius`,
    );
  }
  return reasons;
}

/** Why a VOI is not a clear hit, in a few words; null when it is one. */
export function whyNoClearUptake(voi: IsocontourResult, seedLps: Vec3): string | null {
  const f = voi.flags;
  const reasons = whyNoUptake(voi, seedLps);
  if (f.seedOutsideVoi) reasons.push('the seed lies outside the VOI');
  if (f.growthLimit || f.implausibleVolume) {
    reasons.push(`the VOI leaks, ${voi.volumeMl.toFixed(1)} mL`);
  }
  return reasons.length === 0 ? null : reasons.join('; ');
}

/** "4.1 kBq/mL (contrast 8.2)", or "(background 0)" when the contrast is infinite. */
export function describeMaximum(voi: IsocontourResult): string {
  const kBq = (voi.maxConcBqPerMl / 1000).toPrecision(2);
  const contrast = Number.isFinite(voi.contrast)
    ? `contrast ${voi.contrast.toFixed(1)}`
    : 'background 0';
  return `${kBq} kBq/mL (${contrast})`;
}

/**
 * Throws the RAS hint when `seed` is an LPS seed without clear uptake whose RAS reading lands on
 * a clear maximum. `segment` segments at an LPS point and returns null when it lies outside.
 */
export function checkRasReading(
  seed: LesionSeed,
  voi: IsocontourResult,
  segment: (pointLps: Vec3) => IsocontourResult | null,
  acceptAsGiven: boolean,
  warnings: string[],
): void {
  if (seed.form !== 'seedsLps') return;
  const why = whyNoClearUptake(voi, seed.given);
  if (why === null) return;
  const rasReading = rasToLps(seed.given);
  const asRas = segment(rasReading);
  if (asRas === null || whyNoClearUptake(asRas, rasReading) !== null) return;
  const what =
    `[${seed.given.join(', ')}] finds no clear uptake (${why}); read as RAS it lands on a clear ` +
    `maximum of ${describeMaximum(asRas)}: the seed was probably copied from a RAS viewer ` +
    `(3D Slicer, niivue)`;
  if (acceptAsGiven) {
    warnings.push(`overrides.seedsLpsAsGiven accepted: ${seed.field}: ${what}`);
    return;
  }
  throw new InputError(
    { field: seed.field },
    what,
    `write it under seedsRas or negate x and y; if it is LPS as written, set overrides.seedsLpsAsGiven: true`,
  );
}
