/** The per-lesion uncertainty block of the results (study-uncertainty.ts fills it). */

/**
 * The dose's uncertainty budget (EANM guidance, Gear et al. 2018): per component the sd in Gy/GBq
 * (the components add in quadrature to doseSigmaGyPerGBq).
 */
export interface LesionUncertainty {
  doseSigmaGyPerGBq: number;
  /** doseSigmaGyPerGBq / doseGyPerGBq. */
  relative: number;
  components: {
    calibration: number;
    counting: number;
    recovery: number;
    volume: number;
    kinetics: number;
  };
  /** Relative sd of the volume used (boundary model, or the spread of several CTs). */
  volumeRelSd: number;
  interval95: string;
  /** 2.5% and 97.5% quantiles of the Monte Carlo dose samples, Gy/GBq. */
  monteCarlo95GyPerGBq: [number, number];
  /** Sd of the Monte Carlo dose samples (the non-linear check of doseSigmaGyPerGBq), Gy/GBq. */
  monteCarloSigmaGyPerGBq: number;
}
