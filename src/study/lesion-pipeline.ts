/**
 * Lesion chain of the seed paper (Data analysis): 124I mean concentration at acquisition ->
 * / recovery coefficient -> x CT volume -> decay-corrected to administration -> 131I-equivalent
 * fraction of the administered activity -> kinetic fit -> residence time -> x sphere S-value ->
 * Gy/GBq.
 */
import { InputError } from '../core/errors.ts';
import { doseGyPerGBq } from '../dosimetry/lesion-dose.ts';
import { evaluateKinetics, fitKinetics } from '../kinetics/index.ts';
import { i124To131Equivalent } from '../physics/decay.ts';
import { I131 } from '../physics/nuclides.ts';
import { sphereSValue } from '../physics/sphere-s-values.ts';
import type { StudyManifest } from './manifest-schema.ts';
import type { RunSettings } from './resolve-settings.ts';
import type { LesionPointResult, LesionResult } from './results.ts';
import { hoursAfterAdministration } from './timing.ts';

/** Lesion results before the therapy plan is known (dose at therapy filled in later). */
export type LesionDosimetry = Omit<
  LesionResult,
  'doseAtTherapyGy' | 'reachesThreshold' | 'activityForThresholdGBq' | 'thresholdActivityWithinMta'
>;

/** Dosimetry of every lesion in the manifest's measurements. */
export function computeLesions(
  manifest: StudyManifest,
  administeredMs: number,
  settings: RunSettings,
): LesionDosimetry[] {
  const measurements = manifest.measurements?.lesions ?? [];
  const known = new Map(manifest.lesions.map((lesion, index) => [lesion.id, index]));
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
  return manifest.lesions.map((lesion, lesionIndex) => {
    const mine = measurements
      .map((measurement, index) => ({ measurement, index }))
      .filter(({ measurement }) => measurement.lesion === lesion.id);
    const warnings: string[] = [];
    const volumes = mine.flatMap(({ measurement }) =>
      measurement.volumeMl === undefined ? [] : [measurement.volumeMl],
    );
    let volumeMl: number;
    let volumeSource: string;
    if (lesion.volumeMl !== undefined) {
      volumeMl = lesion.volumeMl;
      volumeSource = 'lesions[].volumeMl';
    } else if (volumes.length > 0) {
      volumeMl = volumes.reduce((a, b) => a + b, 0) / volumes.length;
      volumeSource = `mean of ${volumes.length} measurement volume(s)`;
    } else {
      throw new InputError(
        { field: `lesions[${lesionIndex}].volumeMl` },
        `lesion ${JSON.stringify(lesion.id)} has no volume`,
        'give volumeMl for the lesion or in its measurements (the CT volume in mL)',
      );
    }
    const points: LesionPointResult[] = mine.map(({ measurement, index }) => {
      const field = `measurements.lesions[${index}]`;
      const timeH = hoursAfterAdministration(
        measurement.at,
        administeredMs,
        manifest.tracer.administeredAt,
        `${field}.at`,
      );
      const recoveryCoefficient = measurement.recoveryCoefficient ?? 1;
      const activity124Bq = (measurement.meanConcBqPerMl / recoveryCoefficient) * volumeMl;
      const administeredBq = manifest.tracer.activityMBq * 1e6;
      return {
        at: measurement.at,
        timeH,
        meanConcBqPerMl: measurement.meanConcBqPerMl,
        recoveryCoefficient,
        activity124Bq,
        fraction131: i124To131Equivalent(activity124Bq / administeredBq, timeH),
      };
    });
    if (mine.some(({ measurement }) => measurement.recoveryCoefficient === undefined)) {
      warnings.push(
        'no recovery coefficient given for some measurements: RC = 1 used, partial-volume loss not corrected',
      );
    }
    points.sort((a, b) => a.timeH - b.timeH);
    const where = `measurements.lesions (lesion ${lesion.id})`;
    const fit = fitKinetics(
      points.map((point) => ({ timeH: point.timeH, value: point.fraction131 })),
      {
        physicalDecayConstantPerH: I131.decayConstantPerH,
        models: settings.lesionKinetics.models,
        tailRule: settings.lesionKinetics.tailRule,
        uptakePhase: settings.lesionKinetics.uptakePhase,
        where,
      },
    );
    const s = sphereSValueFor(volumeMl, settings.lesionDensityGPerMl, lesionIndex, volumeSource);
    const sigmaScale = doseGyPerGBq(1, s.totalGyPerBqS);
    const recoveries = points.map((point) => point.recoveryCoefficient);
    return {
      id: lesion.id,
      site: lesion.site ?? null,
      volumeMl,
      volumeSource,
      massG: s.massG,
      densityGPerMl: settings.lesionDensityGPerMl,
      recoveryCoefficient: recoveries.reduce((a, b) => a + b, 0) / Math.max(1, recoveries.length),
      uptake24hPercent: 100 * evaluateKinetics(fit, settings.uptakeTimeH),
      residenceTimeH: fit.timeIntegratedH,
      residenceTimeSigmaH: fit.timeIntegratedSigmaH,
      effectiveHalfLifeH: fit.effectiveHalfLifeH,
      sValueGyPerBqS: s.totalGyPerBqS,
      doseGyPerGBq: doseGyPerGBq(fit.timeIntegratedH, s.totalGyPerBqS),
      doseSigmaGyPerGBq: fit.timeIntegratedSigmaH * sigmaScale,
      points,
      fit,
      warnings: [...warnings, ...fit.warnings],
    };
  });
}

/** The sphere S-value, with a volume error placed on the lesion's manifest field. */
function sphereSValueFor(
  volumeMl: number,
  densityGPerMl: number,
  lesionIndex: number,
  volumeSource: string,
): ReturnType<typeof sphereSValue> {
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
