/**
 * Fit quality: every fitted curve held against its points (issue 7, item 2). Pure data in, data
 * out; the caller words the warnings with its own point names and units (fitQualityWarnings).
 *
 * Miss: (fitted - measured) / measured per point, flagged above FIT_QUALITY_LIMITS.relativeMiss
 * (10%, our choice: several times the precision of a blood-sample well counter or a whole-body
 * probe count, a few %, and of the fit residuals of an adequate model; a curve that misses a
 * point by more does not describe the measurement and the integral inherits the error). A
 * measured zero has no relative miss: its miss is taken relative to the largest measured value
 * of the curve instead (so a fitted curve well above a measured zero is still caught).
 *
 * Runs: Wald-Wolfowitz runs test on the residual signs in time order (src/numerics/runs-test.ts),
 * one-sided for too few runs at FIT_QUALITY_LIMITS.runsAlpha = 0.05. Residuals within 1e-9 of
 * the largest measured value count as zero (an exact or noise-free fit has no signs). The test is
 * applied only where it can reject: when P(R = 2) <= 0.05 for the observed sign counts, i.e. at
 * least 8 signed residuals in practice (4 + 4: 0.029; 3 + 4 gives 0.057, 3 + 3 gives 0.10).
 */
import { runsTest } from '../numerics/runs-test.ts';

/** Thresholds of the fit-quality checks (see the file comment for why). */
export const FIT_QUALITY_LIMITS = {
  relativeMiss: 0.1,
  runsAlpha: 0.05,
  /** Residuals below this fraction of the largest measured value carry no sign. */
  zeroResidualFraction: 1e-9,
};

/** One flagged finding of the fit-quality check. */
export type FitQualityFlag =
  | {
      kind: 'miss';
      index: number;
      timeH: number;
      measured: number;
      fitted: number;
      /** (fitted - measured) / measured, or / the largest measured value for a measured zero. */
      relativeMiss: number;
    }
  | { kind: 'runs'; runs: number; positive: number; negative: number; p: number };

/** Fit quality of one curve: misses per point, the runs test, and what was flagged. */
export interface FitQuality {
  /** Largest |relative miss| over the points (0 for an exact fit). */
  maxRelativeMiss: number;
  /** Index (in time order) of the point with the largest miss. */
  worstPointIndex: number;
  /** Relative miss per point, signed (see FitQualityFlag). */
  relativeMisses: number[];
  /** One-sided runs-test p (too few runs); null without both signs. */
  runsTestP: number | null;
  /** Whether the runs test can reject at runsAlpha with these sign counts. */
  runsTestApplies: boolean;
  runs: { positive: number; negative: number; runs: number };
  flags: FitQualityFlag[];
}

/** Fit quality of `fitted` against the measured `points` (both in time order). */
export function fitQuality(
  points: readonly { timeH: number; value: number }[],
  fitted: readonly number[],
): FitQuality {
  const largest = Math.max(0, ...points.map((p) => p.value));
  const relativeMisses = points.map((p, i) => {
    const f = fitted[i] ?? NaN;
    const denominator = p.value > 0 ? p.value : largest;
    return denominator > 0 ? (f - p.value) / denominator : 0;
  });
  let worstPointIndex = 0;
  relativeMisses.forEach((m, i) => {
    if (!(Math.abs(m) <= Math.abs(relativeMisses[worstPointIndex] ?? 0))) worstPointIndex = i;
  });
  const flags: FitQualityFlag[] = [];
  relativeMisses.forEach((m, i) => {
    const p = points[i];
    if (p !== undefined && !(Math.abs(m) <= FIT_QUALITY_LIMITS.relativeMiss)) {
      flags.push({
        kind: 'miss',
        index: i,
        timeH: p.timeH,
        measured: p.value,
        fitted: fitted[i] ?? NaN,
        relativeMiss: m,
      });
    }
  });
  const zero = FIT_QUALITY_LIMITS.zeroResidualFraction * largest;
  const residuals = points.map((p, i) => {
    const r = p.value - (fitted[i] ?? NaN);
    return Math.abs(r) <= zero ? 0 : r;
  });
  const test = runsTest(residuals);
  const runsTestApplies =
    test.smallestAttainableP !== null && test.smallestAttainableP <= FIT_QUALITY_LIMITS.runsAlpha;
  if (
    runsTestApplies &&
    test.pTooFewRuns !== null &&
    test.pTooFewRuns < FIT_QUALITY_LIMITS.runsAlpha
  ) {
    flags.push({
      kind: 'runs',
      runs: test.runs,
      positive: test.positive,
      negative: test.negative,
      p: test.pTooFewRuns,
    });
  }
  return {
    maxRelativeMiss: Math.abs(relativeMisses[worstPointIndex] ?? 0),
    worstPointIndex,
    relativeMisses,
    runsTestP: test.pTooFewRuns,
    runsTestApplies,
    runs: { positive: test.positive, negative: test.negative, runs: test.runs },
    flags,
  };
}

/** How the caller names its points in warnings: "blood sample", "%/mL", values x 100. */
export interface PointLabel {
  /** e.g. "blood sample", "whole-body count", "scan". */
  point: string;
  /** Unit of value x scale, e.g. "%/mL", "%". */
  unit: string;
  /** Factor from the fitted values to the unit (100 for fractions shown in %). */
  scale: number;
}

/** Default label: the values as fitted, no unit. */
export const GENERIC_POINT_LABEL: PointLabel = { point: 'point', unit: '', scale: 1 };

const show = (v: number, unit: string): string =>
  `${Number(v.toPrecision(3)).toString()}${unit === '' ? '' : ` ${unit}`}`;
const percent = (m: number): string => `${m > 0 ? '+' : ''}${Math.round(100 * m)}%`;

/** Plain-language warnings for the flags of a fit-quality check. */
export function fitQualityWarnings(quality: FitQuality, label: PointLabel): string[] {
  return quality.flags.map((flag) => {
    if (flag.kind === 'miss') {
      const measured = show(flag.measured * label.scale, label.unit);
      const fitted = show(flag.fitted * label.scale, label.unit);
      const base = flag.measured > 0 ? '' : ' (relative to the largest measured value)';
      return (
        `${label.point} at ${flag.timeH.toFixed(1)} h: fitted ${fitted} misses the measured ${measured} by ${percent(flag.relativeMiss)}${base}; ` +
        `the fitted curve does not follow this ${label.point} (more than ${Math.round(100 * FIT_QUALITY_LIMITS.relativeMiss)}%): check the value or the model`
      );
    }
    return (
      `the fitted curve runs above or below the ${label.point}s in long stretches (${flag.runs} runs of residual signs in ${flag.positive + flag.negative} ${label.point}s, ` +
      `runs test p = ${flag.p.toPrecision(2)}): the model shape does not match the measurements; try another model`
    );
  });
}
