/**
 * PERCIST 1.0 thresholds and the comparison of two SULpeak values (Wahl et al. 2009 J Nucl Med
 * 50:122S; O, Lodge, Wahl 2016 Radiology 280:576, "Practical PERCIST").
 *
 * Boundary semantics (chosen; the literature differs): exactly 30% and exactly 0.8 SUL COUNT.
 * PMR: percent change <= -30% AND absolute change <= -0.8 SUL; PMD: >= +30% AND >= +0.8 SUL.
 * Practical PERCIST (Table) words these as "a reduction of a minimum of 30%" and an absolute drop
 * of "at least 0.8 SUL units", i.e. >=; the 2009 paper's summary table and physics.md write
 * "> 30%". Comparisons allow 1e-9 (percent points, SUL units) so that values that are exactly on
 * the boundary in decimal (10 -> 7 SUL, 2.6 -> 1.8 SUL) are not lost to binary rounding.
 * Measurability: SULpeak >= 1.5 x liver mean + 2 SD (3 cm liver ROI), or >= 2.0 x blood-pool mean
 * + 2 SD when the liver is abnormal (Wahl 2009); exactly at the threshold counts as measurable.
 */

/** Thresholds of PERCIST 1.0 (Wahl 2009; Practical PERCIST 2016), one table for code and docs. */
export const PERCIST_THRESHOLDS = {
  /** Relative SULpeak change for PMR / PMD, % of baseline. */
  percentChange: 30,
  /** Absolute SULpeak change for PMR / PMD, SUL units (g/mL). */
  absoluteChangeSul: 0.8,
  /** Measurability: factor x liver mean + sdFactor x liver SD. */
  liverFactor: 1.5,
  /** Measurability when the liver is abnormal: factor x blood-pool mean + sdFactor x SD. */
  bloodPoolFactor: 2.0,
  sdFactor: 2,
  /** Liver SUL mean may change by at most 20% or 0.3 SUL between scans (Wahl 2009). */
  liverStabilityPercent: 20,
  liverStabilitySul: 0.3,
  /** Uptake time 60 +- 10 min; follow-up within 15 min of the baseline (Wahl 2009). */
  uptakeMin: [50, 70] as const,
  uptakeDifferenceMin: 15,
  /** Tolerance of the boundary comparisons, % points and SUL units. */
  tolerance: 1e-9,
} as const;

/** Normal-tissue reference in SUL: the liver (3 cm sphere, right lobe) or the blood pool. */
export interface SulReference {
  kind: 'liver' | 'blood-pool';
  meanSul: number;
  sdSul: number;
}

/** Minimum measurable SULpeak: 1.5 liver mean + 2 SD, or 2.0 blood-pool mean + 2 SD (Wahl 2009). */
export function measurabilityThresholdSul(reference: SulReference): number {
  const t = PERCIST_THRESHOLDS;
  const factor = reference.kind === 'liver' ? t.liverFactor : t.bloodPoolFactor;
  return factor * reference.meanSul + t.sdFactor * reference.sdSul;
}

/** True when SULpeak reaches the measurability threshold (>=, Wahl 2009). */
export function isMeasurable(sulPeak: number, reference: SulReference): boolean {
  return sulPeak >= measurabilityThresholdSul(reference) - PERCIST_THRESHOLDS.tolerance;
}

/** Change of a target SULpeak and the category it alone implies. */
export interface SulPeakChange {
  baselineSul: number;
  followUpSul: number;
  /** 100 (follow-up - baseline) / baseline, %. */
  percentChange: number;
  /** follow-up - baseline, SUL. */
  absoluteChangeSul: number;
  category: 'PMR' | 'SMD' | 'PMD';
  reason: string;
}

/** PMR / PMD / SMD from a SULpeak change: >= 30% and >= 0.8 SUL both needed (Practical PERCIST). */
export function classifySulPeakChange(baselineSul: number, followUpSul: number): SulPeakChange {
  const t = PERCIST_THRESHOLDS;
  const absoluteChangeSul = followUpSul - baselineSul;
  const percentChange = (100 * absoluteChangeSul) / baselineSul;
  const numbers = `${fmt(percentChange)}% (${signed(absoluteChangeSul)} SUL, ${fmt(baselineSul, 2)} -> ${fmt(followUpSul, 2)})`;
  const bigRelative = Math.abs(percentChange) >= t.percentChange - t.tolerance;
  const bigAbsolute = Math.abs(absoluteChangeSul) >= t.absoluteChangeSul - t.tolerance;
  let category: SulPeakChange['category'] = 'SMD';
  let reason: string;
  if (bigRelative && bigAbsolute) {
    category = absoluteChangeSul < 0 ? 'PMR' : 'PMD';
    reason = `SULpeak changed by ${numbers}: at least ${t.percentChange}% and ${t.absoluteChangeSul} SUL`;
  } else {
    const missing = [
      bigRelative ? '' : `|change| < ${t.percentChange}%`,
      bigAbsolute ? '' : `|change| < ${t.absoluteChangeSul} SUL`,
    ].filter((s) => s.length > 0);
    reason = `SULpeak changed by ${numbers}: ${missing.join(' and ')}`;
  }
  return { baselineSul, followUpSul, percentChange, absoluteChangeSul, category, reason };
}

/** Number formatting for reasons. */
export function fmt(x: number, digits = 1): string {
  return x.toFixed(digits);
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}
