/**
 * One patient from manifest to results (design/architecture.md, "Data flow for one patient"):
 * lesion dosimetry, blood dose and MTA, therapy activity and eligibility, provenance.
 */
import { parseLocalDateTimeMs } from '../core/time.ts';
import { planTherapy } from '../dosimetry/eligibility.ts';
import { assessStudy } from './assess.ts';
import { maximumTolerableActivity } from '../dosimetry/mta.ts';
import { I124, I131 } from '../physics/nuclides.ts';
import { sphereSValue } from '../physics/sphere-s-values.ts';
import { computeBlood } from './blood-pipeline.ts';
import { computeLesions } from './lesion-pipeline.ts';
import { onManifestFields } from './manifest-fields.ts';
import type { RecoveryCurve } from '../calibration/recovery-curve.ts';
import type { ImageMeasurements } from './image-measurements.ts';
import type { StudyManifest } from './manifest-schema.ts';
import { resolveSettings } from './resolve-settings.ts';
import type { MtaResult, StudyResults } from './results.ts';
import { computeUncertainty, type BloodSampling } from './uncertainty.ts';
import {
  patientFromHeaders,
  recoveryScannerWarnings,
  type RecoveryProvenance,
} from './scan-provenance.ts';
import { IODOSE_VERSION } from './version.ts';

/** What the caller knows about where the manifest came from, and what it read for it. */
export interface StudyContext {
  manifestPath: string | null;
  inputsSha256: string;
  createdAt: string;
  /** The recovery curve named by the manifest's `recovery`, already read. */
  recovery?: RecoveryCurve | null;
  /** Measurements taken from the manifest's scans (image-level input). */
  images?:
    | (Pick<ImageMeasurements, 'measurements' | 'volumesMl' | 'imaging' | 'warnings'> &
        Partial<Pick<ImageMeasurements, 'skippedFiles' | 'provenance'>>)
    | null;
  /** How the uncertainty Monte Carlo samples the MTA (default 'linear'; tests compare 'full'). */
  uncertaintyBloodSampling?: BloodSampling;
  /** The recovery file named by the manifest: path as given, SHA-256 and scanner. */
  recoveryFile?: RecoveryProvenance | null;
}

/** The manifest with the image measurements merged in (rows appended, volumes filled). */
function withImages(manifest: StudyManifest, images: StudyContext['images']): StudyManifest {
  if (images === null || images === undefined) return manifest;
  return {
    ...manifest,
    lesions: manifest.lesions.map((lesion) => ({
      ...lesion,
      volumeMl: lesion.volumeMl ?? images.volumesMl.get(lesion.id),
    })),
    measurements: {
      lesions: [...(manifest.measurements?.lesions ?? []), ...images.measurements],
    },
  };
}

/**
 * The individual volumes averaged into a lesion's volume (image-level: CT regions or masks;
 * measurement-level: the rows' volumeMl), for the spread term of the volume uncertainty; [] when
 * the volume is given or from diameters.
 */
function volumesOf(
  manifest: StudyManifest,
  lesionId: string,
  images: StudyContext['images'],
): number[] {
  const imaging = images?.imaging.get(lesionId);
  if (imaging !== undefined) return imaging.volumesMl ?? [];
  const given = manifest.lesions.find((lesion) => lesion.id === lesionId);
  if (given?.volumeMl !== undefined || given?.diametersMm !== undefined) return [];
  return (manifest.measurements?.lesions ?? []).flatMap((row) =>
    row.lesion === lesionId && row.volumeMl !== undefined ? [row.volumeMl] : [],
  );
}

/** Results of one study from a validated manifest (no I/O). */
export function runStudy(given: StudyManifest, context: StudyContext): StudyResults {
  const manifest = withImages(given, context.images);
  const settings = resolveSettings(manifest);
  const administeredMs = parseLocalDateTimeMs(manifest.tracer.administeredAt, {
    field: 'tracer.administeredAt',
  });
  // Errors name the manifest's fields (scans[1].pet, blood[2].at), not the pipelines' rows.
  const images = context.images ?? null;
  const lesions = onManifestFields(
    () => computeLesions(manifest, administeredMs, settings, context.recovery ?? null),
    given,
    images,
  );
  const blood = onManifestFields(
    () => computeBlood(manifest, administeredMs, settings),
    given,
    images,
  );
  const warnings: string[] = [...(context.images?.warnings ?? [])];
  const imagingProvenance = context.images?.provenance ?? null;
  const recoveryFile = context.recoveryFile ?? null;
  const identity = patientFromHeaders(manifest.patient.id, imagingProvenance?.patients ?? []);
  warnings.push(...identity.warnings, ...recoveryScannerWarnings(recoveryFile, imagingProvenance));

  const lung = manifest.patient.diffuseLungMetastases;
  const limits =
    blood === null
      ? null
      : maximumTolerableActivity({
          bloodDoseGyPerGBq: blood.doseGyPerGBq,
          wbRetention48hFraction: blood.wbRetention48hPercent / 100,
          bloodDoseLimitGy: settings.bloodDoseLimitGy,
          retentionLimitGBq: lung
            ? settings.retention48hLimitLungGBq
            : settings.retention48hLimitGBq,
        });
  const uncertainty = computeUncertainty({
    manifest,
    administeredMs,
    settings,
    uncertainty: settings.uncertainty,
    recovery: context.recovery ?? null,
    lesions,
    blood,
    mta: limits,
    volumesMlOf: (id) => volumesOf(manifest, id, context.images),
    ...(context.uncertaintyBloodSampling === undefined
      ? {}
      : { bloodSampling: context.uncertaintyBloodSampling }),
  });
  warnings.push(...uncertainty.warnings);
  const mta: MtaResult | null =
    limits === null || uncertainty.mta === null
      ? null
      : { ...limits, diffuseLungMetastases: lung, ...uncertainty.mta };
  if (blood === null) {
    warnings.push(
      'no blood samples or whole-body counts: MTA not computed, the planned activity is used unchecked',
    );
  }
  const plan = planTherapy(
    lesions.map((lesion) => ({ id: lesion.id, doseGyPerGBq: lesion.doseGyPerGBq })),
    settings.plannedActivityGBq,
    mta?.activityGBq ?? Infinity,
    settings.lesionDoseThresholdGy,
  );
  if (lesions.length === 0) {
    warnings.push('no lesions measured: eligibility cannot be shown (no lesion reaches a dose)');
  }
  const lesionResults = lesions.map((lesion, index) => {
    const lesionPlan = plan.lesions[index];
    const lesionUncertainty = uncertainty.lesions[index];
    if (lesionPlan === undefined || lesionUncertainty === undefined) {
      throw new Error('planTherapy or the uncertainty lost a lesion');
    }
    const imaging = context.images?.imaging.get(lesion.id);
    return {
      ...lesion,
      ...(imaging === undefined ? {} : { imaging, volumeSource: imaging.volumeMethod }),
      warnings: [...lesion.warnings, ...(imaging?.warnings ?? [])],
      doseAtTherapyGy: lesionPlan.doseAtTherapyGy,
      reachesThreshold: lesionPlan.reachesThreshold,
      activityForThresholdGBq: Number.isFinite(lesionPlan.activityForThresholdGBq)
        ? lesionPlan.activityForThresholdGBq
        : null,
      thresholdActivityWithinMta: mta === null ? null : lesionPlan.thresholdActivityWithinMta,
      ...lesionUncertainty,
    };
  });
  const assessed = assessStudy({
    lesions: lesionResults,
    blood,
    studyWarnings: warnings,
    settings,
    plannedActivityGBq: plan.plannedActivityGBq,
    activityGBq: plan.activityGBq,
  });
  return {
    iodoseResults: 1,
    patient: {
      id: manifest.patient.id,
      weightKg: manifest.patient.weightKg,
      diffuseLungMetastases: manifest.patient.diffuseLungMetastases,
      dicom: identity.dicom,
    },
    tracer: { ...manifest.tracer },
    lesions: assessed.lesions,
    blood:
      blood === null || uncertainty.blood === null
        ? blood
        : {
            ...blood,
            doseSigmaGyPerGBq: uncertainty.blood.doseSigmaGyPerGBq,
            wbRetention48hSigmaPercent: uncertainty.blood.wbRetention48hSigmaPercent,
            doseSigmaComponentsGyPerGBq: uncertainty.blood.components,
          },
    mta,
    therapy: {
      plannedActivityGBq: plan.plannedActivityGBq,
      activityGBq: plan.activityGBq,
      limitedBy: mta === null ? 'plan (no MTA)' : plan.limitedBy,
      decision: assessed.decision.decision,
      decisionReasons: assessed.decision.reasons,
      eligible: assessed.decision.decision === 'eligible',
      eligibleByDoseAlone: plan.eligible,
      maxLesionDoseGy: plan.maxLesionDoseGy,
      lesionDoseThresholdGy: plan.thresholdGy,
      minimumEligibleActivityGBq: Number.isFinite(plan.minimumEligibleActivityGBq)
        ? plan.minimumEligibleActivityGBq
        : null,
      eligibleAtMta: mta === null ? null : plan.eligibleAtMta,
      probabilityEligible: uncertainty.probabilityEligible,
      monteCarlo: uncertainty.monteCarlo,
    },
    warnings,
    findings: assessed.findings,
    provenance: {
      tool: 'iodose',
      version: IODOSE_VERSION,
      manifest: context.manifestPath,
      inputsSha256: context.inputsSha256,
      nuclearData: I131.source,
      halfLife131H: I131.halfLifeH,
      halfLife124H: I124.halfLifeH,
      sValues: sphereSValue(1, settings.lesionDensityGPerMl).source,
      settings: {
        plannedActivityGBq: settings.plannedActivityGBq,
        lesionDoseThresholdGy: settings.lesionDoseThresholdGy,
        bloodDoseLimitGy: settings.bloodDoseLimitGy,
        retention48hLimitGBq: settings.retention48hLimitGBq,
        retention48hLimitLungGBq: settings.retention48hLimitLungGBq,
        lesionDensityGPerMl: settings.lesionDensityGPerMl,
        uptakeTimeH: settings.uptakeTimeH,
        retentionTimeH: settings.retentionTimeH,
        uncertainty: settings.uncertainty,
        kinetics: {
          lesion: settings.lesionKinetics,
          blood: settings.bloodKinetics,
          wholeBody: settings.wholeBodyKinetics,
        },
      },
      createdAt: context.createdAt,
      ...(context.images?.skippedFiles === undefined
        ? {}
        : { skippedFiles: context.images.skippedFiles }),
      scans: imagingProvenance?.scans ?? [],
      extraCts: imagingProvenance?.extraCts ?? [],
      recovery: recoveryFile,
    },
  };
}
