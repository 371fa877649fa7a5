/**
 * Which fitted model is used. Two selections:
 *
 * 'preferred' (blood and whole body by default: the seed fitted bi-exponentials): the models are an
 * order of preference; the first one the points determine is used, else the next. A model is
 * determined when
 *   1. there are at least p + 1 points (p fitted parameters; the normalised whole-body form counts
 *      only the fractions and decay constants, its first point is fixed): one degree of freedom,
 *      without which there is no residual variance and no parameter covariance (scipy
 *      curve_fit returns an infinite covariance when n <= p, absolute_sigma=False) and nothing
 *      checks the model against the data;
 *   2. the fit converged by a genuine criterion (src/numerics/levenberg-marquardt.ts);
 *   3. the parameters are physical: positive amplitudes (fractions in (0, 1)), positive decay
 *      constants inside their bounds, and for a sum of exponentials distinct ones (ratio of
 *      neighbouring decay constants >= DETERMINATION_LIMITS.distinctLambdaRatio; our choice: two
 *      equal decay constants are one exponential split in two);
 *   4. every parameter's relative standard uncertainty (from the fit covariance) is at most
 *      DETERMINATION_LIMITS.maxRelativeSigma = 50%: the NUKFIT goodness-of-fit criterion
 *      (Kletting et al. 2013, Med Phys 40:102504; "coefficients of variation of the fitted
 *      parameters < 50%", as restated in EJNMMI Phys 2021, doi:10.1186/s40658-021-00427-x). Beyond
 *      that a parameter is not distinguishable from half or twice its value. (Their second
 *      criterion, correlations below 0.8, is not applied: amplitudes and decay constants of a
 *      bi-exponential are strongly correlated even on well-sampled curves.)
 * When no model of the list is determined, the last one that could be fitted is used (the least
 * demanding, e.g. the mono-exponential), with the reasons.
 *
 * 'aicc': the lowest AICc among the candidates that converged with physical parameters (Glatting
 * et al. 2007, Med Phys 34:4285), as in fit-kinetics.ts.
 */
import type { ModelFit } from './fit-model.ts';
import type { KineticModelName, ModelChoice } from './types.ts';

/** Thresholds of 'determined' (see the file comment). */
export const DETERMINATION_LIMITS = {
  maxRelativeSigma: 0.5,
  distinctLambdaRatio: 1.01,
};

/** Why `fit` is not determined by its points; empty when it is. */
export function notDeterminedReasons(fit: ModelFit): string[] {
  const model = fit.model;
  const p = model.paramNames.length;
  const n = fit.residuals.length;
  if (n < p + 1) return [pointShortage(model.name, n, p, model.normalised)];
  const reasons: string[] = [];
  if (!fit.converged) reasons.push(`the fit did not converge (${fit.reason})`);
  reasons.push(...fit.problems);
  const lambdas = model
    .components(fit.params)
    .map((c) => c.lambdaPerH)
    .sort((a, b) => b - a);
  for (let i = 1; i < lambdas.length; i++) {
    const fast = lambdas[i - 1] ?? 0;
    const slow = lambdas[i] ?? 0;
    if (slow > 0 && fast / slow < DETERMINATION_LIMITS.distinctLambdaRatio) {
      reasons.push(
        `its decay constants ${fast.toPrecision(3)} and ${slow.toPrecision(3)} /h are not distinct`,
      );
    }
  }
  if (!fit.covarianceAvailable) {
    reasons.push('its parameter uncertainties cannot be computed (singular fit)');
  } else {
    model.paramNames.forEach((name, i) => {
      const value = fit.params[i] ?? NaN;
      const sigma = Math.sqrt(Math.max(fit.covariance[i]?.[i] ?? 0, 0));
      const relative = sigma / Math.abs(value);
      if (!(relative <= DETERMINATION_LIMITS.maxRelativeSigma)) {
        reasons.push(
          `${name} ${value.toPrecision(3)} has a relative uncertainty of ${relative <= 10 ? `${Math.round(100 * relative)}%` : 'over 1000%'} (limit ${Math.round(100 * DETERMINATION_LIMITS.maxRelativeSigma)}%)`,
        );
      }
    });
  }
  return [...new Set(reasons)];
}

/** The sentence for too few points: "3 points for the 4 parameters of a bi-exponential ...". */
export function pointShortage(
  name: KineticModelName,
  points: number,
  parameters: number,
  normalised: boolean,
): string {
  const after = normalised ? ' after the first (normalising) one' : '';
  return `${points} points${after} for the ${parameters} parameters of a ${MODEL_WORDS[name]}: it needs at least ${parameters + 1} (one degree of freedom)`;
}

/** Plain names of the models, for messages. */
export const MODEL_WORDS: Record<KineticModelName, string> = {
  mono: 'mono-exponential',
  bi: 'bi-exponential',
  tri: 'tri-exponential',
  'mono-uptake': 'mono-exponential with uptake phase',
  trapezoid: 'trapezoid',
};

/** Outcome of the preferred selection over already attempted models (in preference order). */
export function choosePreferred(
  attempts: readonly { name: KineticModelName; fit: ModelFit | null; reasons: string[] }[],
): { chosen: number; choice: ModelChoice; warning: string | null } {
  const first = attempts[0];
  if (first === undefined) throw new Error('choosePreferred: no models');
  let chosen = attempts.findIndex((a) => a.reasons.length === 0);
  if (chosen < 0) {
    // none determined: the last one that could be fitted at all
    chosen = attempts.reduce(
      (last, a, i) => (a.fit !== null || a.name === 'trapezoid' ? i : last),
      -1,
    );
  }
  if (chosen < 0) throw new Error('choosePreferred: nothing could be fitted');
  const used = attempts[chosen] as (typeof attempts)[number];
  const passed = attempts.slice(0, chosen).filter((a) => a.reasons.length > 0);
  const usedToo = used.reasons.length > 0 ? [used] : [];
  const reason =
    chosen === 0 && usedToo.length === 0
      ? null
      : [...passed, ...usedToo]
          .map((a) => `${MODEL_WORDS[a.name]} not determined: ${a.reasons.join('; ')}`)
          .join('. ');
  let warning: string | null = null;
  if (reason !== null) {
    warning =
      used.name === first.name
        ? `${MODEL_WORDS[used.name]} used although the points do not determine it. ${reason}`
        : `${MODEL_WORDS[used.name]} used instead of the ${MODEL_WORDS[first.name]}${usedToo.length > 0 ? ' (no model of the list is determined by the points)' : ''}. ${reason}`;
  }
  return {
    chosen,
    choice: { selection: 'preferred', requested: first.name, used: used.name, reason },
    warning,
  };
}
