/**
 * Blood and whole-body chain (EANM SOP, Lassmann et al. 2008; seed paper): blood samples ->
 * 131I-equivalent fraction of the administered activity per mL -> fit -> tau_blood per mL;
 * whole-body net counts -> retention with the first count (before voiding) = 100% -> 131I
 * physical decay -> fit -> tau_WB and R131(48 h); then the EANM blood dose. Typed inputs
 * (blood-chain-types.ts) with their sources; errors are placed on them.
 */
import { InputError } from '../core/errors.ts';
import { evaluateKinetics, fitKinetics } from '../kinetics/index.ts';
import { decayCorrectToOrigin, i124To131Equivalent } from '../physics/decay.ts';
import { I124, I131 } from '../physics/nuclides.ts';
import type { BloodChainInput, BloodChainResult } from './blood-chain-types.ts';
import type { RunSettings } from './chain-settings.ts';
import { eanmBloodDose } from './eanm-blood.ts';
import { retentionDisagreementWarning, retentionFromCounts } from './retention-count.ts';
import { withPointSources } from './value-source.ts';

/**
 * Latest time of the first whole-body count that is still taken as 100% without a warning, h. The
 * EANM SOP (Lassmann et al. 2008) counts first at about 2 h after administration, before the
 * first voiding; 4 h leaves room for the +-0.5 h of the seed protocol's 2-h point and delays.
 */
const FIRST_COUNT_LATEST_H = 4;
/** Decay-corrected counts above the first by more than this factor are flagged (10%: counting). */
const RETENTION_ABOVE_FIRST_LIMIT = 1.1;

export type BloodChainSettings = Pick<
  RunSettings,
  'bloodKinetics' | 'wholeBodyKinetics' | 'retentionTimeH'
>;

/** Blood dose, whole-body residence time and 48-h retention from samples and counts. */
export function computeBloodChain(
  input: BloodChainInput,
  settings: BloodChainSettings,
): BloodChainResult {
  if (input.samples.length === 0 || input.wholeBody.length === 0) {
    const missing = input.samples.length === 0 ? 'blood' : 'wholeBody';
    throw new InputError(
      { field: missing },
      'no values: blood samples and whole-body counts go together (the EANM blood dose needs both)',
      `add ${missing} entries, or remove both to compute lesion doses only`,
    );
  }
  const administeredBq = input.administeredActivityMBq * 1e6;
  const lambda131 = I131.decayConstantPerH;

  const bloodSorted = [...input.samples].sort((a, b) => a.timeH - b.timeH);
  const bloodPoints = bloodSorted.map((sample) => ({
    at: sample.at,
    timeH: sample.timeH,
    concBqPerMl: sample.concBqPerMl,
    fraction131PerMl: i124To131Equivalent(sample.concBqPerMl / administeredBq, sample.timeH),
  }));
  const counts = [...input.wholeBody].sort((a, b) => a.timeH - b.timeH);
  const first = counts[0];
  if (first === undefined || !(first.netCounts > 0)) {
    throw new InputError(
      { field: first?.valueSource.field ?? 'wholeBody' },
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

  const where = 'curve';
  const bloodFit = withPointSources(
    () =>
      fitKinetics(
        bloodPoints.map((point) => ({ timeH: point.timeH, value: point.fraction131PerMl })),
        {
          physicalDecayConstantPerH: lambda131,
          models: settings.bloodKinetics.models,
          selection: settings.bloodKinetics.selection,
          tailRule: settings.bloodKinetics.tailRule,
          uptakePhase: settings.bloodKinetics.uptakePhase,
          pointLabel: { point: 'blood sample', unit: '%/mL', scale: 100 },
          where,
        },
      ),
    where,
    bloodSorted,
    'blood',
  );
  const decayAtFirst = Math.exp(-lambda131 * first.timeH);
  const wholeBodyFit = withPointSources(
    () =>
      fitKinetics(
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
          where,
        },
      ),
    where,
    counts,
    'wholeBody',
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

  const dose = eanmBloodDose(bloodFit.timeIntegratedH, residenceTimeWholeBodyH, input.weightKg);
  const gammaPerH = dose.gammaFromWholeBodyGyPerGBq / residenceTimeWholeBodyH;
  const betaPerH = dose.betaFromBloodGyPerGBq / bloodFit.timeIntegratedH;
  const doseSigma = Math.hypot(
    betaPerH * bloodFit.timeIntegratedSigmaH,
    gammaPerH * residenceTimeWholeBodySigmaH,
  );
  // A non-finite sd is not assessable: never shown as an exact-looking 0.
  const sigmaReason = Number.isFinite(doseSigma)
    ? null
    : `the blood and whole-body fits give no finite sd of their residence times (tau_blood sd ${bloodFit.timeIntegratedSigmaH}, tau_WB sd ${residenceTimeWholeBodySigmaH} h)`;
  return {
    doseGyPerGBq: dose.doseGyPerGBq,
    doseSigmaGyPerGBq: sigmaReason === null ? doseSigma : null,
    doseSigmaNotAssessableReason: sigmaReason,
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
      ...(sigmaReason === null ? [] : [`blood dose uncertainty not assessable: ${sigmaReason}`]),
      ...bloodFit.warnings.map((warning) => `blood: ${warning}`),
      ...wholeBodyFit.warnings.map((warning) => `whole body: ${warning}`),
    ],
  };
}
