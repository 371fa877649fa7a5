/**
 * Fewer Monte Carlo samples for tests that do not check the uncertainty: 200 instead of the
 * default 2000 (src/dosimetry/uncertainty/settings.ts; the default is never changed here). The
 * sds and 95% intervals come from the linear propagation and do not depend on the samples; only
 * the probabilities get coarser (statistical error up to 0.5 / sqrt(200) = 0.035). The Monte Carlo
 * was about half the time of a run of the demo patient. Tests of the uncertainty keep the default.
 */
export const FEW_MONTE_CARLO_SAMPLES = 200;

/** `manifest` with settings.uncertainty.monteCarloSamples = 200, unless it sets its own. */
export function withFewMonteCarloSamples<M extends object>(manifest: M): M {
  const settings = (manifest as { settings?: Record<string, unknown> }).settings ?? {};
  const uncertainty = (settings['uncertainty'] ?? {}) as Record<string, unknown>;
  return {
    ...manifest,
    settings: {
      ...settings,
      uncertainty: { monteCarloSamples: FEW_MONTE_CARLO_SAMPLES, ...uncertainty },
    },
  };
}
