/**
 * Akaike information criterion with the small-sample correction (Burnham & Anderson 2002, Model
 * Selection and Multimodel Inference, 2nd ed., eq. 2.14 and 7.27 for least squares), as used for
 * time-activity curves by Glatting et al. 2007 (Med Phys 34:4285) and NUKFIT (Kletting et al.
 * 2013, Med Phys 40:102504):
 *   AIC  = n ln(WRSS / n) + 2K
 *   AICc = AIC + 2K(K + 1) / (n - K - 1)
 * WRSS is the weighted residual sum of squares. By default K counts the fitted parameters plus one
 * for the estimated residual variance (Burnham & Anderson's convention for least squares).
 */

/** Options of the AICc: whether K includes the estimated variance (default true). */
export interface AiccOptions {
  countVariance?: boolean;
}

/** Number of estimated quantities K for `fittedParameters` (plus one for the variance by default). */
export function aiccParameterCount(fittedParameters: number, options: AiccOptions = {}): number {
  return fittedParameters + ((options.countVariance ?? true) ? 1 : 0);
}

/** True when the AICc is defined: n >= K + 2 (the correction divides by n - K - 1). */
export function aiccDefined(
  points: number,
  fittedParameters: number,
  options: AiccOptions = {},
): boolean {
  return points >= aiccParameterCount(fittedParameters, options) + 2;
}

/**
 * AICc (dimensionless) of a least-squares fit from its weighted residual sum of squares, or null
 * when n <= K + 1 (undefined) or WRSS is not a positive finite number.
 */
export function aicc(
  weightedSsr: number,
  points: number,
  fittedParameters: number,
  options: AiccOptions = {},
): number | null {
  const k = aiccParameterCount(fittedParameters, options);
  if (!aiccDefined(points, fittedParameters, options)) return null;
  if (!(weightedSsr > 0) || !Number.isFinite(weightedSsr)) return null;
  const aic = points * Math.log(weightedSsr / points) + 2 * k;
  return aic + (2 * k * (k + 1)) / (points - k - 1);
}
