/**
 * Ground truth of the synthetic patient from its known curves: lesion residence times and
 * absorbed doses per GBq of 131I (tau x 3600 x S(1.04 g/mL x V) x 1e9, S from the project's
 * sphereSValue for the true mass), blood residence time per mL, whole-body residence time,
 * R131(48 h) and the EANM blood dose per GBq (design/architecture.md, Definitions).
 */
import { I131 } from '../physics/nuclides.ts';
import { sphereSValue } from '../physics/s-values/sphere-s-values.ts';
import { curveAt, curveIntegralH } from './kinetics-curves.ts';
import { BLOOD_CURVE_PER_ML, WHOLE_BODY_CURVE, type LesionSpec } from './patient-anatomy.ts';

/** Soft-tissue density used for lesion masses, g/mL (the project default). */
export const LESION_DENSITY_G_PER_ML = 1.04;

/** True dosimetry of one lesion. */
export interface LesionDoseTruth {
  id: string;
  site: string;
  volumeMl: number;
  massG: number;
  fractionAtZero: number;
  effectiveHalfLifeH: number;
  /** 131I-equivalent residence time, h: fractionAtZero x T_eff / ln 2. */
  residenceTimeH: number;
  sValueGyPerBqS: number;
  /** Mean dose over the lesion (sphere model on its total activity and mass). */
  doseGyPerGBq: number;
  /** The hot core of a heterogeneous lesion (patient-anatomy.ts), null when uniform. */
  core: { radiusFraction: number; activityFraction: number } | null;
}

/** True lesion dosimetry (mono-exponential from t = 0). */
export function lesionDoseTruth(lesion: LesionSpec): LesionDoseTruth {
  const residenceTimeH = (lesion.fractionAtZero * lesion.effectiveHalfLifeH) / Math.LN2;
  const s = sphereSValue(lesion.volumeMl, LESION_DENSITY_G_PER_ML);
  return {
    id: lesion.id,
    site: lesion.site,
    volumeMl: lesion.volumeMl,
    massG: s.massG,
    fractionAtZero: lesion.fractionAtZero,
    effectiveHalfLifeH: lesion.effectiveHalfLifeH,
    residenceTimeH,
    sValueGyPerBqS: s.totalGyPerBqS,
    doseGyPerGBq: residenceTimeH * 3600 * s.totalGyPerBqS * 1e9,
    core: lesion.core ?? null,
  };
}

/** True blood and whole-body quantities for a first whole-body count at `firstCountH`. */
export function bloodTruth(weightKg: number, firstCountH: number) {
  const lambda = I131.decayConstantPerH;
  const residenceTimeBloodPerMlH = curveIntegralH(BLOOD_CURVE_PER_ML);
  // All activity retained until the first count, then the curve (131I decay included from t0).
  const beforeFirstH = -Math.expm1(-lambda * firstCountH) / lambda;
  const residenceTimeWholeBodyH =
    beforeFirstH + Math.exp(-lambda * firstCountH) * curveIntegralH(WHOLE_BODY_CURVE);
  const retention48h =
    Math.exp(-lambda * firstCountH) * curveAt(WHOLE_BODY_CURVE, 48 - firstCountH);
  const doseGyPerGBq =
    108 * residenceTimeBloodPerMlH + (0.0188 / weightKg ** (2 / 3)) * residenceTimeWholeBodyH;
  return {
    residenceTimeBloodPerMlH,
    residenceTimeWholeBodyH,
    wbRetention48hPercent: 100 * retention48h,
    doseGyPerGBq,
  };
}
