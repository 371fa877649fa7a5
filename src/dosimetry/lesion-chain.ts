/**
 * Lesion chain of the seed paper (Data analysis): 124I mean concentration at acquisition ->
 * / recovery coefficient -> x CT volume -> decay-corrected to administration -> 131I-equivalent
 * fraction of the administered activity -> kinetic fit -> residence time -> x sphere S-value ->
 * Gy/GBq. Typed inputs (lesion-chain-types.ts): each value carries its source, and errors are
 * placed on it.
 */
import { recoveryAt, type RecoveryCurve } from '../calibration/recovery-curve.ts';
import { InputError } from '../core/errors.ts';
import { evaluateKinetics, fitKinetics } from '../kinetics/index.ts';
import { arithmeticMean } from '../numerics/mean.ts';
import { i124To131Equivalent } from '../physics/decay.ts';
import { I131 } from '../physics/nuclides.ts';
import { sphereSValue, type SphereSValue } from '../physics/s-values/sphere-s-values.ts';
import type { RunSettings } from './chain-settings.ts';
import { doseGyPerGBq } from './lesion-dose.ts';
import type {
  LesionChainInput,
  LesionDosimetry,
  LesionPointInput,
  LesionPointResult,
} from './lesion-chain-types.ts';
import { originPrefix, sourceText, withPointSources } from './value-source.ts';

/** What the lesion chain needs besides the lesion: activity, recovery curve, settings. */
export interface LesionChainContext {
  administeredActivityMBq: number;
  recovery: RecoveryCurve | null;
  settings: Pick<RunSettings, 'lesionDensityGPerMl' | 'uptakeTimeH' | 'lesionKinetics'>;
}

/** Dosimetry of one lesion from its volume and its concentration points. */
export function computeLesionChain(
  lesion: LesionChainInput,
  context: LesionChainContext,
): LesionDosimetry {
  const { recovery, settings } = context;
  const warnings: string[] = [];
  const volumeMl = lesion.volume.volumeMl;
  const volumeSource = sourceText(lesion.volume.source);
  // Recovery coefficient: given per measurement, else from the calibrated curve at the CT volume.
  const fromCurve = recovery === null ? null : recoveryAt(recovery, volumeMl);
  if (fromCurve?.outsideRange === true) {
    warnings.push(
      `volume ${volumeMl.toPrecision(3)} mL (${volumeSource}) lies outside the calibrated recovery range ` +
        `${recovery?.rangeMl[0].toPrecision(3)}-${recovery?.rangeMl[1].toPrecision(3)} mL: RC extrapolated`,
    );
  }
  const administeredBq = context.administeredActivityMBq * 1e6;
  checkRecoverySources(lesion);
  const sorted = lesion.points
    .map((input) => {
      const recoveryCoefficient = input.recoveryCoefficient ?? fromCurve?.recoveryCoefficient ?? 1;
      const activity124Bq = (input.meanConcBqPerMl / recoveryCoefficient) * volumeMl;
      const point: LesionPointResult = {
        at: input.at,
        timeH: input.timeH,
        meanConcBqPerMl: input.meanConcBqPerMl,
        recoveryCoefficient,
        activity124Bq,
        fraction131: i124To131Equivalent(activity124Bq / administeredBq, input.timeH),
      };
      return { point, input };
    })
    .sort((a, b) => a.point.timeH - b.point.timeH);
  const points = sorted.map(({ point }) => point);
  if (fromCurve === null && lesion.points.some((p) => p.recoveryCoefficient === undefined)) {
    warnings.push(
      'no recovery coefficient given for some measurements: RC = 1 used, partial-volume loss not corrected',
    );
  }
  const s = sphereSValueFor(lesion, settings.lesionDensityGPerMl);
  const common = {
    id: lesion.id,
    site: lesion.site,
    volumeMl,
    volumeSource,
    massG: s.massG,
    densityGPerMl: settings.lesionDensityGPerMl,
    recoveryCoefficient: arithmeticMean(points.map((point) => point.recoveryCoefficient)),
    sValueGyPerBqS: s.totalGyPerBqS,
    points,
    ...(fromCurve === null ? {} : { recoveryOutsideRange: fromCurve.outsideRange }),
  };
  if (points.length > 0 && points.every((point) => point.fraction131 === 0)) {
    // No measurable uptake is a result (radioiodine-refractory disease), not an error.
    return {
      ...common,
      uptake24hPercent: 0,
      residenceTimeH: 0,
      residenceTimeSigmaH: 0,
      effectiveHalfLifeH: null,
      doseGyPerGBq: 0,
      doseSigmaGyPerGBq: 0,
      fit: null,
      warnings: [...warnings, 'no uptake measured at any time point: residence time and dose 0'],
    };
  }
  const where = 'lesion curve';
  const fit = withPointSources(
    () =>
      fitKinetics(
        points.map((point) => ({ timeH: point.timeH, value: point.fraction131 })),
        {
          physicalDecayConstantPerH: I131.decayConstantPerH,
          models: settings.lesionKinetics.models,
          tailRule: settings.lesionKinetics.tailRule,
          uptakePhase: settings.lesionKinetics.uptakePhase,
          selection: settings.lesionKinetics.selection,
          pointLabel: { point: 'scan', unit: '% of the administered activity', scale: 100 },
          where,
        },
      ),
    where,
    sorted.map(({ input }) => input),
    lesion.curveField,
    `lesion ${lesion.id}: `,
  );
  return {
    ...common,
    uptake24hPercent: 100 * evaluateKinetics(fit, settings.uptakeTimeH),
    residenceTimeH: fit.timeIntegratedH,
    residenceTimeSigmaH: fit.timeIntegratedSigmaH,
    effectiveHalfLifeH: fit.effectiveHalfLifeH,
    doseGyPerGBq: doseGyPerGBq(fit.timeIntegratedH, s.totalGyPerBqS),
    doseSigmaGyPerGBq: doseGyPerGBq(fit.timeIntegratedSigmaH, s.totalGyPerBqS),
    fit,
    warnings: [...warnings, ...fit.warnings],
  };
}

/**
 * A lesion's recovery coefficients come from one source: given for every point, or for none
 * (then the calibrated curve, or 1). A mix would distort the time-activity curve and T_eff.
 */
function checkRecoverySources(lesion: LesionChainInput): void {
  const given = lesion.points.some((p) => p.recoveryCoefficient !== undefined);
  const missing = lesion.points.find((p) => p.recoveryCoefficient === undefined);
  if (given && missing !== undefined) {
    const source: LesionPointInput['valueSource'] = missing.recoverySource ?? missing.valueSource;
    throw new InputError(
      { field: source.field },
      `${originPrefix(source)}missing, while other measurements of lesion ${JSON.stringify(lesion.id)} give one`,
      'give the recovery coefficient for every measurement of the lesion, or for none (then the recovery curve is used)',
    );
  }
}

/** The sphere S-value, with a volume error placed on the volume's source. */
function sphereSValueFor(lesion: LesionChainInput, densityGPerMl: number): SphereSValue {
  try {
    return sphereSValue(lesion.volume.volumeMl, densityGPerMl);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const source = lesion.volume.source;
    throw new InputError(
      { field: source.field },
      `${error.expected} (volume from ${sourceText(source)})`,
      error.hint,
    );
  }
}
