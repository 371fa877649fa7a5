/**
 * PERCIST 1.0 response per patient and per lesion (Wahl et al. 2009 J Nucl Med 50:122S; O, Lodge,
 * Wahl 2016 Radiology 280:576, "Practical PERCIST"), from SULpeak values already measured
 * (src/response/sul-peak.ts) on a baseline and a follow-up scan. Thresholds and boundary semantics
 * are in thresholds.ts.
 *
 * Patient level, in this order:
 * 1. NE: the hottest baseline lesion is below the measurability threshold (or there is none).
 * 2. PMD: unequivocal new FDG-avid lesions (listed by the reader in newLesionIds).
 * 3. CMR: every follow-up lesion is background: SULpeak < liver mean and, when the blood pool is
 *    given, <= blood-pool mean + 2 SD ("less than mean liver activity and indistinguishable from
 *    surrounding background blood-pool levels", Practical PERCIST); no new lesions.
 * 4. Otherwise the target lesion at each scan is the lesion with the highest SULpeak (not
 *    necessarily the same lesion, Wahl 2009) and classifySulPeakChange decides PMR / PMD / SMD.
 * Per lesion (informative; the seed paper reports target-lesion response): the same rules on the
 * lesion's own SULpeak, matched by id. Not implemented: the TLG criterion for PMD (75% rise), the
 * exploratory sum of up to 5 lesions, confirmation scans.
 */

import { InputError } from '../core/errors.ts';
import {
  PERCIST_THRESHOLDS,
  classifySulPeakChange,
  fmt,
  isMeasurable,
  measurabilityThresholdSul,
  type SulPeakChange,
  type SulReference,
} from './thresholds.ts';

/** PERCIST category; NE = not evaluable. */
export type PercistCategory = 'CMR' | 'PMR' | 'SMD' | 'PMD' | 'NE';

/** One lesion's SULpeak on one scan. */
export interface LesionSulPeak {
  id: string;
  sulPeak: number;
}

/** What PERCIST needs from one scan (all in SUL, g/mL). */
export interface PercistScan {
  /** Liver (or, when the liver is abnormal, blood-pool) reference. */
  reference: SulReference;
  /** Blood pool (descending aorta) for the CMR background criterion; optional. */
  bloodPool?: { meanSul: number; sdSul: number };
  lesions: readonly LesionSulPeak[];
  /** Unequivocal new FDG-avid lesions (follow-up only). */
  newLesionIds?: readonly string[];
  /** Minutes from injection to scan start, for the comparability checks. */
  uptakeTimeMin?: number;
}

/** Response of one lesion (matched by id). */
export interface LesionResponse {
  id: string;
  baselineSul: number | null;
  followUpSul: number | null;
  measurableAtBaseline: boolean;
  percentChange: number | null;
  absoluteChangeSul: number | null;
  category: PercistCategory;
  reason: string;
}

/** Patient-level PERCIST result with its numbers, reasons and comparability warnings. */
export interface PercistResult {
  category: PercistCategory;
  baselineTarget: LesionSulPeak | null;
  followUpTarget: LesionSulPeak | null;
  measurabilityThresholdSul: number;
  /** Follow-up target vs baseline target; null when either is missing. */
  change: SulPeakChange | null;
  /** The follow-up target is another lesion than the baseline target. */
  targetSwitched: boolean;
  newLesionIds: string[];
  lesions: LesionResponse[];
  reasons: string[];
  warnings: string[];
}

/** PERCIST 1.0 response of a patient and of each lesion, baseline vs follow-up (Wahl 2009). */
export function percistResponse(baseline: PercistScan, followUp: PercistScan): PercistResult {
  checkScan(baseline, 'baseline');
  checkScan(followUp, 'followUp');
  const threshold = measurabilityThresholdSul(baseline.reference);
  const baselineTarget = hottest(baseline.lesions);
  const followUpTarget = hottest(followUp.lesions);
  const newLesionIds = [...(followUp.newLesionIds ?? [])];
  const change =
    baselineTarget !== null && followUpTarget !== null
      ? classifySulPeakChange(baselineTarget.sulPeak, followUpTarget.sulPeak)
      : null;
  const reasons: string[] = [];
  let category: PercistCategory;
  if (baselineTarget === null || !isMeasurable(baselineTarget.sulPeak, baseline.reference)) {
    category = 'NE';
    reasons.push(
      baselineTarget === null
        ? 'no lesion at baseline'
        : `baseline target ${baselineTarget.id} SULpeak ${fmt(baselineTarget.sulPeak, 2)} is below the measurability threshold ${fmt(threshold, 2)} (${thresholdText(baseline.reference)})`,
    );
    if (newLesionIds.length > 0) reasons.push(`new lesions noted: ${newLesionIds.join(', ')}`);
  } else if (newLesionIds.length > 0) {
    category = 'PMD';
    reasons.push(`new FDG-avid lesions: ${newLesionIds.join(', ')}`);
  } else if (followUp.lesions.every((l) => isBackground(l.sulPeak, followUp))) {
    category = 'CMR';
    reasons.push(`all follow-up lesions at background: ${backgroundText(followUp)}`);
  } else {
    category = change?.category ?? 'SMD';
    reasons.push(
      `target ${baselineTarget.id} -> ${followUpTarget?.id ?? 'none'}: ${change?.reason ?? ''}`,
    );
  }
  return {
    category,
    baselineTarget,
    followUpTarget,
    measurabilityThresholdSul: threshold,
    change,
    targetSwitched:
      baselineTarget !== null && followUpTarget !== null && baselineTarget.id !== followUpTarget.id,
    newLesionIds,
    lesions: lesionResponses(baseline, followUp),
    reasons,
    warnings: comparabilityWarnings(baseline, followUp),
  };
}

/** Per-lesion response by id: NE when not measurable at baseline or missing at a scan. */
export function lesionResponses(baseline: PercistScan, followUp: PercistScan): LesionResponse[] {
  const out: LesionResponse[] = [];
  const followById = new Map(followUp.lesions.map((l) => [l.id, l.sulPeak]));
  const newIds = new Set(followUp.newLesionIds ?? []);
  for (const lesion of baseline.lesions) {
    const follow = followById.get(lesion.id);
    const measurable = isMeasurable(lesion.sulPeak, baseline.reference);
    const base = {
      id: lesion.id,
      baselineSul: lesion.sulPeak,
      followUpSul: follow ?? null,
      measurableAtBaseline: measurable,
    };
    if (follow === undefined) {
      out.push({
        ...base,
        percentChange: null,
        absoluteChangeSul: null,
        category: 'NE',
        reason: 'not measured at follow-up',
      });
      continue;
    }
    const change = classifySulPeakChange(lesion.sulPeak, follow);
    const numbers = {
      percentChange: change.percentChange,
      absoluteChangeSul: change.absoluteChangeSul,
    };
    if (!measurable) {
      out.push({
        ...base,
        ...numbers,
        category: 'NE',
        reason: `not measurable at baseline (SULpeak ${fmt(lesion.sulPeak, 2)} < ${fmt(measurabilityThresholdSul(baseline.reference), 2)})`,
      });
    } else if (isBackground(follow, followUp)) {
      out.push({
        ...base,
        ...numbers,
        category: 'CMR',
        reason: `at background: ${backgroundText(followUp)}`,
      });
    } else {
      out.push({ ...base, ...numbers, category: change.category, reason: change.reason });
    }
  }
  const baselineIds = new Set(baseline.lesions.map((l) => l.id));
  for (const lesion of followUp.lesions) {
    if (baselineIds.has(lesion.id)) continue;
    const isNew = newIds.has(lesion.id);
    out.push({
      id: lesion.id,
      baselineSul: null,
      followUpSul: lesion.sulPeak,
      measurableAtBaseline: false,
      percentChange: null,
      absoluteChangeSul: null,
      category: isNew ? 'PMD' : 'NE',
      reason: isNew ? 'new FDG-avid lesion' : 'not measured at baseline',
    });
  }
  return out;
}

/** The lesion with the highest SULpeak (first on ties), or null for none. */
export function hottest(lesions: readonly LesionSulPeak[]): LesionSulPeak | null {
  let best: LesionSulPeak | null = null;
  for (const l of lesions) if (best === null || l.sulPeak > best.sulPeak) best = l;
  return best;
}

function isBackground(sulPeak: number, scan: PercistScan): boolean {
  const ref = scan.reference;
  const belowLiver = ref.kind !== 'liver' || sulPeak < ref.meanSul;
  const pool =
    scan.bloodPool ??
    (ref.kind === 'blood-pool' ? { meanSul: ref.meanSul, sdSul: ref.sdSul } : undefined);
  const atPool = pool === undefined || sulPeak <= pool.meanSul + 2 * pool.sdSul;
  return belowLiver && atPool;
}

function backgroundText(scan: PercistScan): string {
  const ref = scan.reference;
  const parts = ref.kind === 'liver' ? [`SULpeak < liver mean ${fmt(ref.meanSul, 2)}`] : [];
  const pool = scan.bloodPool ?? (ref.kind === 'blood-pool' ? ref : undefined);
  if (pool !== undefined)
    parts.push(`<= blood pool mean + 2 SD ${fmt(pool.meanSul + 2 * pool.sdSul, 2)}`);
  else parts.push('(no blood pool given: liver criterion alone)');
  return parts.join(' and ');
}

function thresholdText(ref: SulReference): string {
  const t = PERCIST_THRESHOLDS;
  const factor = ref.kind === 'liver' ? t.liverFactor : t.bloodPoolFactor;
  return `${factor} x ${ref.kind} mean ${fmt(ref.meanSul, 2)} + ${t.sdFactor} x SD ${fmt(ref.sdSul, 2)}`;
}

function comparabilityWarnings(baseline: PercistScan, followUp: PercistScan): string[] {
  const t = PERCIST_THRESHOLDS;
  const warnings: string[] = [];
  const a = baseline.reference;
  const b = followUp.reference;
  if (a.kind === b.kind) {
    const diff = b.meanSul - a.meanSul;
    const pct = (100 * diff) / a.meanSul;
    if (Math.abs(pct) > t.liverStabilityPercent && Math.abs(diff) > t.liverStabilitySul) {
      warnings.push(
        `${a.kind} SUL mean changed by ${fmt(pct)}% (${fmt(a.meanSul, 2)} -> ${fmt(b.meanSul, 2)}), more than ${t.liverStabilityPercent}% and ${t.liverStabilitySul} SUL: the scans may not be comparable (check uptake time, dose, weight)`,
      );
    }
  } else {
    warnings.push(`the reference changed from ${a.kind} to ${b.kind} between the scans`);
  }
  for (const [name, scan] of [
    ['baseline', baseline],
    ['follow-up', followUp],
  ] as const) {
    const u = scan.uptakeTimeMin;
    if (u !== undefined && (u < t.uptakeMin[0] || u > t.uptakeMin[1])) {
      warnings.push(
        `${name} uptake time ${fmt(u, 0)} min is outside ${t.uptakeMin[0]}-${t.uptakeMin[1]} min`,
      );
    }
  }
  const ua = baseline.uptakeTimeMin;
  const ub = followUp.uptakeTimeMin;
  if (ua !== undefined && ub !== undefined && Math.abs(ub - ua) > t.uptakeDifferenceMin) {
    warnings.push(
      `uptake times differ by ${fmt(Math.abs(ub - ua), 0)} min (> ${t.uptakeDifferenceMin} min): SUL changes are not comparable`,
    );
  }
  return warnings;
}

function checkScan(scan: PercistScan, field: string): void {
  const { meanSul, sdSul } = scan.reference;
  if (!(meanSul > 0 && sdSul >= 0 && Number.isFinite(meanSul + sdSul))) {
    throw new InputError(
      { field: `${field}.reference` },
      `the ${scan.reference.kind} reference needs a mean SUL > 0 and an SD >= 0, got ${meanSul} and ${sdSul}`,
    );
  }
  const seen = new Set<string>();
  for (const l of scan.lesions) {
    if (!(Number.isFinite(l.sulPeak) && l.sulPeak >= 0) || seen.has(l.id)) {
      throw new InputError(
        { field: `${field}.lesions.${l.id}` },
        seen.has(l.id)
          ? `lesion id ${l.id} appears twice`
          : `SULpeak must be a finite number >= 0, got ${l.sulPeak}`,
      );
    }
    seen.add(l.id);
  }
}
