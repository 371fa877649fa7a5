/**
 * Blood and whole-body chain (EANM SOP, Lassmann et al. 2008; seed paper): blood samples ->
 * 131I-equivalent fraction of the administered activity per mL -> fit -> tau_blood per mL;
 * whole-body net counts -> retention with the first count (before voiding) = 100% -> 131I
 * physical decay -> fit -> tau_WB and R131(48 h); then the EANM blood dose.
 */
import { InputError } from '../core/errors.ts';
import { eanmBloodDose } from '../dosimetry/eanm-blood.ts';
import { evaluateKinetics, fitKinetics } from '../kinetics/index.ts';
import { decayCorrectToOrigin, i124To131Equivalent } from '../physics/decay.ts';
import { I124, I131 } from '../physics/nuclides.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import type { RunSettings } from './resolve-settings.ts';
import type { BloodResult } from './results.ts';
import { retentionDisagreementWarning, retentionFromCounts } from './retention-count.ts';
import { hoursAfterAdministration } from './timing.ts';

/**
 * Latest time of the first whole-body count that is still taken as 100% without a warning, h. The
 * EANM SOP (Lassmann et al. 2008) counts first at about 2 h after administration, before the
 * first voiding; 4 h leaves room for the +-0.5 h of the seed protocol's 2-h point and delays.
 */
const FIRST_COUNT_LATEST_H = 4;
/** Decay-corrected counts above the first by more than this factor are flagged (10%: counting). */
const RETENTION_ABOVE_FIRST_LIMIT = 1.1;

/** Blood dose, whole-body residence time and 48-h retention; null when neither was measured. */
export function computeBlood(
  manifest: StudyManifest,
  administeredMs: number,
  settings: RunSettings,
): BloodResult | null {
  const { blood, wholeBody } = manifest;
  if (blood.length === 0 && wholeBody.length === 0) return null;
  if (blood.length === 0 || wholeBody.length === 0) {
    const missing = blood.length === 0 ? 'blood' : 'wholeBody';
    throw new InputError(
      { field: missing },
      'no values: blood samples and whole-body counts go together (the EANM blood dose needs both)',
      `add ${missing} entries, or remove both to compute lesion doses only`,
    );
  }
  const administeredAt = manifest.tracer.administeredAt;
  const administeredBq = manifest.tracer.activityMBq * 1e6;
  const lambda131 = I131.decayConstantPerH;

  const bloodPoints = blood
    .map((sample, index) => {
      const timeH = hoursAfterAdministration(
        sample.at,
        administeredMs,
        administeredAt,
        `blood[${index}].at`,
      );
      const fraction131PerMl = i124To131Equivalent(sample.concBqPerMl / administeredBq, timeH);
      return { at: sample.at, timeH, concBqPerMl: sample.concBqPerMl, fraction131PerMl };
    })
    .sort((a, b) => a.timeH - b.timeH);

  const counts = wholeBody
    .map((count, index) => ({
      at: count.at,
      netCounts: count.netCounts,
      index,
      timeH: hoursAfterAdministration(
        count.at,
        administeredMs,
        administeredAt,
        `wholeBody[${index}].at`,
      ),
    }))
    .sort((a, b) => a.timeH - b.timeH);
  const first = counts[0];
  if (first === undefined || !(first.netCounts > 0)) {
    throw new InputError(
      { field: `wholeBody[${first?.index ?? 0}].netCounts` },
      'the first whole-body count must be > 0: it defines 100% retention (before any voiding)',
    );
  }
  // Retention of 124I decay-corrected to administration, relative to the first count (= 100%,
  // EANM SOP), times 131I decay from the first count on: v(t) = R131(t) / R131(t0).
  const firstCorrected = decayCorrectToOrigin(I124, first.netCounts, first.timeH);
  const checks: string[] = [];
  if (first.timeH > FIRST_COUNT_LATEST_H) {
    checks.push(
      `whole body: the first count is at ${first.timeH.toFixed(1)} h; the EANM SOP takes it at about 2 h, before the first voiding. ` +
        'Activity excreted before it is not in the 100%, so retention and tau_WB are overestimated',
    );
  }
  const wholeBodyPoints = counts.map((count) => {
    const biological = decayCorrectToOrigin(I124, count.netCounts, count.timeH) / firstCorrected;
    if (biological > RETENTION_ABOVE_FIRST_LIMIT) {
      checks.push(
        `whole body: decay-corrected count at ${count.timeH.toFixed(1)} h is ${(100 * biological).toFixed(0)}% of the first: ` +
          'retention cannot rise above 100%; check background subtraction and counting geometry',
      );
    }
    return {
      at: count.at,
      timeH: count.timeH,
      netCounts: count.netCounts,
      retention131: biological * Math.exp(-lambda131 * count.timeH),
    };
  });

  const bloodFit = fitKinetics(
    bloodPoints.map((point) => ({ timeH: point.timeH, value: point.fraction131PerMl })),
    {
      physicalDecayConstantPerH: lambda131,
      models: settings.bloodKinetics.models,
      selection: settings.bloodKinetics.selection,
      tailRule: settings.bloodKinetics.tailRule,
      uptakePhase: settings.bloodKinetics.uptakePhase,
      pointLabel: { point: 'blood sample', unit: '%/mL', scale: 100 },
      where: 'blood',
    },
  );
  const decayAtFirst = Math.exp(-lambda131 * first.timeH);
  const wholeBodyFit = fitKinetics(
    wholeBodyPoints.map((point) => ({
      timeH: point.timeH,
      value: point.retention131 / decayAtFirst,
    })),
    {
      physicalDecayConstantPerH: lambda131,
      models: settings.wholeBodyKinetics.models,
      selection: settings.wholeBodyKinetics.selection,
      tailRule: settings.wholeBodyKinetics.tailRule,
      uptakePhase: 'none',
      // shown as the 131I-equivalent retention R131(t) in %, as in the report
      pointLabel: { point: 'whole-body count', unit: '% retention', scale: 100 * decayAtFirst },
      normalisedAtFirstPoint: true,
      where: 'wholeBody',
    },
  );
  // Whole-body residence time: all activity retained (biologically) until the first count, so
  // integral_0^t0 exp(-lambda131 t) dt, then R131(t0) x the fitted normalised curve.
  const beforeFirstH = (1 - decayAtFirst) / lambda131;
  const afterFirstH = wholeBodyFit.timeIntegratedH - wholeBodyFit.parts.beforeFirstH;
  const residenceTimeWholeBodyH = beforeFirstH + decayAtFirst * afterFirstH;
  const residenceTimeWholeBodySigmaH = decayAtFirst * wholeBodyFit.timeIntegratedSigmaH;
  const retention48 =
    settings.retentionTimeH <= first.timeH
      ? Math.exp(-lambda131 * settings.retentionTimeH)
      : decayAtFirst * evaluateKinetics(wholeBodyFit, settings.retentionTimeH);
  const wbRetention48hFromCount = retentionFromCounts(
    wholeBodyPoints,
    settings.retentionTimeH,
    100 * retention48,
  );

  const dose = eanmBloodDose(
    bloodFit.timeIntegratedH,
    residenceTimeWholeBodyH,
    manifest.patient.weightKg,
  );
  const gammaPerH = dose.gammaFromWholeBodyGyPerGBq / residenceTimeWholeBodyH;
  const betaPerH = dose.betaFromBloodGyPerGBq / bloodFit.timeIntegratedH;
  const doseSigmaGyPerGBq = Math.hypot(
    betaPerH * bloodFit.timeIntegratedSigmaH,
    gammaPerH * residenceTimeWholeBodySigmaH,
  );
  return {
    doseGyPerGBq: dose.doseGyPerGBq,
    doseSigmaGyPerGBq: Number.isFinite(doseSigmaGyPerGBq) ? doseSigmaGyPerGBq : 0,
    betaFromBloodGyPerGBq: dose.betaFromBloodGyPerGBq,
    gammaFromWholeBodyGyPerGBq: dose.gammaFromWholeBodyGyPerGBq,
    residenceTimeBloodPerMlH: bloodFit.timeIntegratedH,
    residenceTimeWholeBodyH,
    wbRetention48hPercent: 100 * retention48,
    wbRetention48hFromCount,
    bloodPoints,
    wholeBodyPoints,
    bloodFit,
    wholeBodyFit,
    wholeBodyFirstCountDecay131: decayAtFirst,
    warnings: [
      ...checks,
      ...(retention48 > 1
        ? [`whole body: R(48 h) ${(100 * retention48).toFixed(0)}% exceeds 100%`]
        : []),
      ...retentionDisagreementWarning(
        wbRetention48hFromCount,
        settings.retentionTimeH,
        100 * retention48,
      ),
      ...(Number.isFinite(doseSigmaGyPerGBq)
        ? []
        : ['blood dose uncertainty not computable (set to 0)']),
      ...bloodFit.warnings.map((warning) => `blood: ${warning}`),
      ...wholeBodyFit.warnings.map((warning) => `whole body: ${warning}`),
    ],
  };
}
