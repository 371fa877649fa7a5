/**
 * One patient from manifest to results (design/architecture.md, "Data flow for one patient"):
 * lesion dosimetry, blood dose and MTA, therapy activity and eligibility, provenance.
 */
import { parseLocalDateTimeMs } from '../core/time.ts';
import { planTherapy } from '../dosimetry/eligibility.ts';
import { assessStudy } from './assess.ts';
import { computeBlood } from './blood-pipeline.ts';
import { computeLesions } from './lesion-pipeline.ts';
import { onManifestFields } from './manifest-fields.ts';
import type { RecoveryCurve } from '../calibration/recovery-curve.ts';
import type { ImageMeasurements } from './image-measurements.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import { resolveSettings } from './resolve-settings.ts';
import type { MtaResult, StudyResults } from './results.ts';
import { computeUncertainty, type BloodSampling } from './uncertainty.ts';
import {
  patientFromHeaders,
  recoveryScannerWarnings,
  type RecoveryProvenance,
} from './scan-provenance.ts';
import { studyProvenance } from './study-provenance.ts';
import { lesionsAtPlan, mtaLimits, therapyResult } from './therapy-plan.ts';

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
  const limits = mtaLimits(blood, settings, lung);
  const uncertainty = computeUncertainty({
    manifest,
    administeredMs,
    settings,
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
  const lesionResults = lesionsAtPlan(
    lesions,
    plan,
    uncertainty.lesions,
    (id) => context.images?.imaging.get(id),
    mta,
  );
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
    therapy: therapyResult(plan, mta, assessed.decision, uncertainty),
    warnings,
    findings: assessed.findings,
    provenance: studyProvenance(settings, {
      manifestPath: context.manifestPath,
      inputsSha256: context.inputsSha256,
      createdAt: context.createdAt,
      skippedFiles: context.images?.skippedFiles,
      imaging: imagingProvenance,
      recoveryFile,
    }),
  };
}
