/**
 * Whole-body retention at the retention time (48 h) read from the counts themselves, to hold the
 * fitted R(48 h) against (issue 7, item 2). "Near": a count within RETENTION_COUNT_WINDOW_H (6 h,
 * our choice: the EANM SOP's 48-h count taken within a clinic day) of the retention time. The
 * value is log-linear in time through two counts: the two that bracket the retention time (the
 * nearest before and after), or, when it lies outside the counts, the two nearest. Log-linear is
 * exact for a mono-exponential stretch; over a few hours the error is second order in the distance
 * (the curvature of ln R), unlike a shape assumed over the whole curve.
 * Disagreement: |R_fit - R_count| / R_count above RETENTION_DISAGREEMENT (10%, our choice: a
 * whole-body probe count is reproducible to a few % with the same geometry, and a 10% change of
 * R(48 h) changes the retention limit 4.4 GBq / R(48 h) of the MTA by 10%).
 */

/** Window around the retention time within which a count is "near", h. */
export const RETENTION_COUNT_WINDOW_H = 6;
/** Relative disagreement of the fitted and the counted R(48 h) that gives a warning. */
export const RETENTION_DISAGREEMENT = 0.1;

/** R(t) read from the counts near t (see the file comment). */
export interface RetentionFromCount {
  percent: number;
  /** The two count times used, h after administration. */
  countTimesH: [number, number];
  rule: 'log-linear interpolation' | 'log-linear extrapolation';
  /** (R_fit - R_count) / R_count. */
  fitDifference: number;
}

/**
 * R131(timeH) in percent from the counts (131I-equivalent retention, fractions), or null when no
 * count lies within the window or the two counts are not both positive.
 */
export function retentionFromCounts(
  points: readonly { timeH: number; retention131: number }[],
  timeH: number,
  fittedPercent: number,
): RetentionFromCount | null {
  const sorted = [...points].sort((a, b) => a.timeH - b.timeH);
  if (!sorted.some((p) => Math.abs(p.timeH - timeH) <= RETENTION_COUNT_WINDOW_H)) return null;
  const before = sorted.filter((p) => p.timeH <= timeH).at(-1);
  const after = sorted.find((p) => p.timeH > timeH);
  let pair: [(typeof sorted)[number], (typeof sorted)[number]];
  let rule: RetentionFromCount['rule'] = 'log-linear interpolation';
  if (before !== undefined && after !== undefined) pair = [before, after];
  else {
    const nearest = [...sorted]
      .sort((a, b) => Math.abs(a.timeH - timeH) - Math.abs(b.timeH - timeH))
      .slice(0, 2)
      .sort((a, b) => a.timeH - b.timeH);
    const [a, b] = nearest;
    if (a === undefined || b === undefined) return null;
    pair = [a, b];
    rule = 'log-linear extrapolation';
  }
  const [a, b] = pair;
  if (!(a.retention131 > 0 && b.retention131 > 0)) return null;
  const slope = Math.log(b.retention131 / a.retention131) / (b.timeH - a.timeH);
  const value = a.retention131 * Math.exp(slope * (timeH - a.timeH));
  const percent = 100 * value;
  return {
    percent,
    countTimesH: [a.timeH, b.timeH],
    rule,
    fitDifference: (fittedPercent - percent) / percent,
  };
}

/** The warning when the fitted and counted retention disagree by more than the margin. */
export function retentionDisagreementWarning(
  fromCount: RetentionFromCount | null,
  timeH: number,
  fittedPercent: number,
): string[] {
  if (fromCount === null || !(Math.abs(fromCount.fitDifference) > RETENTION_DISAGREEMENT)) {
    return [];
  }
  const sign = fromCount.fitDifference > 0 ? '+' : '';
  return [
    `whole body: the fitted R(${timeH} h) ${fittedPercent.toFixed(1)}% differs from the ${fromCount.percent.toFixed(1)}% read from the counts at ` +
      `${fromCount.countTimesH.map((t) => t.toFixed(1)).join(' and ')} h by ${sign}${Math.round(100 * fromCount.fitDifference)}% ` +
      `(more than ${Math.round(100 * RETENTION_DISAGREEMENT)}%): the fitted curve does not follow the counts near ${timeH} h, so the retention limit of the MTA is uncertain`,
  ];
}
