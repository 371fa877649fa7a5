/**
 * Blood dose, 48-h retention and MTA as a function of independent standard-normal inputs z,
 * evaluated through the real blood chain (computeBloodChain) with the nominal fit models held
 * fixed. Inputs: the well-counter calibration (common to every blood sample), each blood sample,
 * each whole-body count (Poisson sd sqrt(N) of its net counts - a lower bound, the background's
 * own noise is not known - and a geometry term), the patient weight. A common scale of all
 * whole-body counts cancels (the first count defines 100%), so only each count's own noise is an
 * input; the first count's noise moves every retention value, as it should. Fits with degrees of
 * freedom whose residuals exceed the point sds inflate their points by the Birge ratio
 * (lesion-model.ts), the excess booked as 'kinetics'.
 */
import { computeBloodChain, type BloodChainSettings } from '../blood-chain.ts';
import type { BloodChainInput, BloodChainResult } from '../blood-chain-types.ts';
import { maximumTolerableActivity } from '../mta.ts';
import { birgeRatio, countingShares } from './lesion-model.ts';
import type { UncertainInput } from './propagate.ts';
import type { UncertaintySettings } from './settings.ts';

export interface BloodUncertaintyModel {
  inputs: UncertainInput[];
  /** [dose Gy/GBq, R(48 h) %, blood limit GBq, retention limit GBq, MTA GBq] for inputs z. */
  evaluate(z: Float64Array): number[];
}

/** Indices of `items` in time order (stable, as the chain sorts them). */
function timeOrder(items: readonly { timeH: number }[]): number[] {
  return items.map((_, i) => i).sort((a, b) => (items[a]?.timeH ?? 0) - (items[b]?.timeH ?? 0));
}

/** The blood model of `input` around the nominal `blood` result. */
export function bloodUncertaintyModel(
  input: BloodChainInput,
  settings: BloodChainSettings & { bloodDoseLimitGy: number },
  u: UncertaintySettings,
  blood: BloodChainResult,
  retentionLimitGBq: number,
): BloodUncertaintyModel {
  const inputs: UncertainInput[] = [];
  const add = (id: string, shares: UncertainInput['shares']) => inputs.push({ id, shares }) - 1;
  const well = add('well-counter calibration', { calibration: 1 });
  const bloodK = birgeRatio(
    blood.bloodFit,
    blood.bloodFit.points.map((p) => p.value * u.bloodSampleRelSd),
  );
  const sampleInputs = input.samples.map((s) => add(`blood ${s.at}`, countingShares(bloodK)));
  // Relative sd of each count (manifest order) and, in time order, of the normalised values.
  const countRelSd = input.wholeBody.map((c) =>
    Math.sqrt(1 / Math.max(c.netCounts, 1) + u.wholeBodyGeometryRelSd ** 2),
  );
  const sortedRelSd = timeOrder(input.wholeBody).map((i) => countRelSd[i] ?? 0);
  const wbK = birgeRatio(
    blood.wholeBodyFit,
    blood.wholeBodyFit.points.map((p, i) => p.value * (sortedRelSd[i] ?? 0)),
    1,
  );
  // the first count has no residual: it is not inflated
  const firstIndex = timeOrder(input.wholeBody)[0];
  const countInputs = input.wholeBody.map((c, i) =>
    add(`whole-body count ${c.at}`, i === firstIndex ? { counting: 1 } : countingShares(wbK)),
  );
  const weight = add('patient weight', { weight: 1 });
  const fixed: BloodChainSettings = {
    ...settings,
    bloodKinetics: { ...settings.bloodKinetics, models: [blood.bloodFit.model] },
    wholeBodyKinetics: { ...settings.wholeBodyKinetics, models: [blood.wholeBodyFit.model] },
  };

  const evaluate = (z: Float64Array): number[] => {
    const wellFactor = 1 + u.wellCounterCalibrationRelSd * (z[well] ?? 0);
    const perturbed: BloodChainInput = {
      ...input,
      weightKg: input.weightKg * (1 + u.weightRelSd * (z[weight] ?? 0)),
      samples: input.samples.map((s, i) => ({
        ...s,
        concBqPerMl:
          s.concBqPerMl *
          wellFactor *
          (1 + bloodK * u.bloodSampleRelSd * (z[sampleInputs[i] ?? -1] ?? 0)),
      })),
      wholeBody: input.wholeBody.map((c, i) => {
        const k = i === firstIndex ? 1 : wbK;
        const factor = 1 + k * (countRelSd[i] ?? 0) * (z[countInputs[i] ?? -1] ?? 0);
        return { ...c, netCounts: c.netCounts * factor };
      }),
    };
    const result = computeBloodChain(perturbed, fixed);
    const limits = maximumTolerableActivity({
      bloodDoseGyPerGBq: result.doseGyPerGBq,
      wbRetention48hFraction: result.wbRetention48hPercent / 100,
      bloodDoseLimitGy: settings.bloodDoseLimitGy,
      retentionLimitGBq,
    });
    return [
      result.doseGyPerGBq,
      result.wbRetention48hPercent,
      limits.bloodLimitGBq,
      limits.lungLimitGBq,
      limits.activityGBq,
    ];
  };
  return { inputs, evaluate };
}
