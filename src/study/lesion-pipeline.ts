/**
 * Lesion chain of the seed paper (Data analysis): 124I mean concentration at acquisition ->
 * / recovery coefficient -> x CT volume -> decay-corrected to administration -> 131I-equivalent
 * fraction of the administered activity -> kinetic fit -> residence time -> x sphere S-value ->
 * Gy/GBq.
 */
import { recoveryAt, type RecoveryCurve } from '../calibration/recovery-curve.ts';
import { InputError } from '../core/errors.ts';
import { doseGyPerGBq } from '../dosimetry/lesion-dose.ts';
import { evaluateKinetics, fitKinetics } from '../kinetics/index.ts';
import { i124To131Equivalent } from '../physics/decay.ts';
import { I131 } from '../physics/nuclides.ts';
import { sphereSValue, type SphereSValue } from '../physics/s-values/sphere-s-values.ts';
import { ellipsoidVolumeMl } from '../imaging/ct-volume.ts';
import type { LesionMeasurement, StudyManifest } from '../io/manifest/manifest-schema.ts';
import type { RunSettings } from './resolve-settings.ts';
import type { LesionPointResult, LesionResult } from './results.ts';
import { hoursAfterAdministration } from './timing.ts';

/** Lesion results before the therapy plan is known (dose at therapy filled in later). */
export type LesionDosimetry = Omit<
  LesionResult,
  | 'doseAtTherapyGy'
  | 'reachesThreshold'
  | 'activityForThresholdGBq'
  | 'thresholdActivityWithinMta'
  | 'assessable'
  | 'notAssessableReasons'
  | 'dose95GyPerGBq'
  | 'doseAtTherapySigmaGy'
  | 'probabilityReachesThreshold'
  | 'uncertainty'
>;

type Lesion = StudyManifest['lesions'][number];
type IndexedMeasurement = { measurement: LesionMeasurement; index: number };

/** Dosimetry of every lesion in the manifest's measurements. */
export function computeLesions(
  manifest: StudyManifest,
  administeredMs: number,
  settings: RunSettings,
  recovery: RecoveryCurve | null = null,
): LesionDosimetry[] {
  const measurements = manifest.measurements?.lesions ?? [];
  checkLesionIds(manifest.lesions, measurements);
  return manifest.lesions.map((lesion, lesionIndex) => {
    const mine = measurements
      .map((measurement, index) => ({ measurement, index }))
      .filter(({ measurement }) => measurement.lesion === lesion.id);
    return computeLesion(lesion, lesionIndex, mine, manifest, administeredMs, settings, recovery);
  });
}

/** Lesion ids are unique, and every measurement names a declared lesion. */
function checkLesionIds(lesions: readonly Lesion[], measurements: readonly LesionMeasurement[]) {
  const known = new Map<string, number>();
  lesions.forEach((lesion, index) => {
    const earlier = known.get(lesion.id);
    if (earlier !== undefined) {
      throw new InputError(
        { field: `lesions[${index}].id` },
        `duplicate lesion id ${JSON.stringify(lesion.id)} (also lesions[${earlier}].id)`,
        'give every lesion its own id',
      );
    }
    known.set(lesion.id, index);
  });
  measurements.forEach((measurement, index) => {
    if (!known.has(measurement.lesion)) {
      const ids = [...known.keys()].map((id) => JSON.stringify(id)).join(', ');
      throw new InputError(
        { field: `measurements.lesions[${index}].lesion` },
        `unknown lesion ${JSON.stringify(measurement.lesion)}; lesions declares ${ids || 'none'}`,
        'add the lesion under `lesions:` or correct the id',
      );
    }
  });
}

function computeLesion(
  lesion: Lesion,
  lesionIndex: number,
  mine: readonly IndexedMeasurement[],
  manifest: StudyManifest,
  administeredMs: number,
  settings: RunSettings,
  recovery: RecoveryCurve | null,
): LesionDosimetry {
  const warnings: string[] = [];
  const { volumeMl, volumeSource } = lesionVolume(lesion, lesionIndex, mine);
  // Recovery coefficient: given per measurement, else from the calibrated curve at the CT volume.
  const fromCurve = recovery === null ? null : recoveryAt(recovery, volumeMl);
  if (fromCurve?.outsideRange === true) {
    warnings.push(
      `volume ${volumeMl.toPrecision(3)} mL lies outside the calibrated recovery range ` +
        `${recovery?.rangeMl[0].toPrecision(3)}-${recovery?.rangeMl[1].toPrecision(3)} mL: RC extrapolated`,
    );
  }
  const administeredBq = manifest.tracer.activityMBq * 1e6;
  checkRecoverySources(lesion.id, mine);
  const points: LesionPointResult[] = mine.map(({ measurement, index }) => {
    const timeH = hoursAfterAdministration(
      measurement.at,
      administeredMs,
      manifest.tracer.administeredAt,
      `measurements.lesions[${index}].at`,
    );
    const recoveryCoefficient =
      measurement.recoveryCoefficient ?? fromCurve?.recoveryCoefficient ?? 1;
    const activity124Bq = (measurement.meanConcBqPerMl / recoveryCoefficient) * volumeMl;
    return {
      at: measurement.at,
      timeH,
      meanConcBqPerMl: measurement.meanConcBqPerMl,
      recoveryCoefficient,
      activity124Bq,
      fraction131: i124To131Equivalent(activity124Bq / administeredBq, timeH),
    };
  });
  points.sort((a, b) => a.timeH - b.timeH);
  if (
    fromCurve === null &&
    mine.some(({ measurement }) => measurement.recoveryCoefficient === undefined)
  ) {
    warnings.push(
      'no recovery coefficient given for some measurements: RC = 1 used, partial-volume loss not corrected',
    );
  }
  const s = sphereSValueFor(volumeMl, settings.lesionDensityGPerMl, lesionIndex, volumeSource);
  const common = {
    id: lesion.id,
    site: lesion.site ?? null,
    volumeMl,
    volumeSource,
    massG: s.massG,
    densityGPerMl: settings.lesionDensityGPerMl,
    recoveryCoefficient: mean(points.map((point) => point.recoveryCoefficient)),
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
  const fit = fitKinetics(
    points.map((point) => ({ timeH: point.timeH, value: point.fraction131 })),
    {
      physicalDecayConstantPerH: I131.decayConstantPerH,
      models: settings.lesionKinetics.models,
      tailRule: settings.lesionKinetics.tailRule,
      uptakePhase: settings.lesionKinetics.uptakePhase,
      selection: settings.lesionKinetics.selection,
      pointLabel: { point: 'scan', unit: '% of the administered activity', scale: 100 },
      where: `measurements.lesions (lesion ${lesion.id})`,
    },
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
 * The lesion's CT volume: `lesions[].volumeMl`, else the ellipsoid of `diametersMm`, else the
 * mean of the measurement volumes (the seed paper averaged the volumes of three CT scans).
 */
function lesionVolume(
  lesion: Lesion,
  lesionIndex: number,
  mine: readonly IndexedMeasurement[],
): { volumeMl: number; volumeSource: string } {
  if (lesion.volumeMl !== undefined) {
    return { volumeMl: lesion.volumeMl, volumeSource: 'lesions[].volumeMl' };
  }
  if (lesion.diametersMm !== undefined) {
    const [d1, d2, d3] = lesion.diametersMm;
    return {
      volumeMl: ellipsoidVolumeMl(d1, d2, d3),
      volumeSource: 'ellipsoid from lesions[].diametersMm',
    };
  }
  const volumes = mine.flatMap(({ measurement }) =>
    measurement.volumeMl === undefined ? [] : [measurement.volumeMl],
  );
  if (volumes.length === 0) {
    throw new InputError(
      { field: `lesions[${lesionIndex}].volumeMl` },
      `lesion ${JSON.stringify(lesion.id)} has no volume`,
      'give volumeMl for the lesion or in its measurements (the CT volume in mL)',
    );
  }
  return {
    volumeMl: mean(volumes),
    volumeSource: `mean of ${volumes.length} measurement volume(s)`,
  };
}

/**
 * A lesion's recovery coefficients come from one source: given for every measurement, or for none
 * (then the calibrated curve, or 1). A mix would distort the time-activity curve and T_eff.
 */
function checkRecoverySources(lesionId: string, mine: readonly IndexedMeasurement[]): void {
  const given = mine.filter(({ measurement }) => measurement.recoveryCoefficient !== undefined);
  const missing = mine.find(({ measurement }) => measurement.recoveryCoefficient === undefined);
  if (given.length > 0 && missing !== undefined) {
    throw new InputError(
      { field: `measurements.lesions[${missing.index}].recoveryCoefficient` },
      `missing, while other measurements of lesion ${JSON.stringify(lesionId)} give one`,
      'give the recovery coefficient for every measurement of the lesion, or for none (then the recovery curve is used)',
    );
  }
}

/** The sphere S-value, with a volume error placed on the lesion's manifest field. */
function sphereSValueFor(
  volumeMl: number,
  densityGPerMl: number,
  lesionIndex: number,
  volumeSource: string,
): SphereSValue {
  try {
    return sphereSValue(volumeMl, densityGPerMl);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      { field: `lesions[${lesionIndex}].volumeMl` },
      `${error.expected} (volume from ${volumeSource})`,
      error.hint,
    );
  }
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
