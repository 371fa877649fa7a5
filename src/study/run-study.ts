/**
 * One patient from manifest to results (design/architecture.md, "Data flow for one patient"):
 * lesion dosimetry, blood dose and MTA, therapy activity and eligibility, provenance.
 */
import { parseLocalDateTimeMs } from '../core/time.ts';
import { computeBloodChain } from '../dosimetry/blood-chain.ts';
import { planTherapy } from '../dosimetry/eligibility.ts';
import { computeLesionChain, type LesionChainContext } from '../dosimetry/lesion-chain.ts';
import {
  computeUncertainty,
  type BloodSampling,
} from '../dosimetry/uncertainty/study-uncertainty.ts';
import { assessStudy } from './assess.ts';
import { bloodChainInput, lesionChainInputs, type ImagedLesion } from './chain-inputs.ts';
import type { RecoveryCurve } from '../calibration/recovery-curve.ts';
import type { StudyImages } from './measure-lesions.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import { resolveSettings } from './resolve-settings.ts';
import type { LesionImaging, MtaResult, StudyResults } from './results.ts';
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
  /**
   * The lesions measured on the manifest's scans (image-level input: measureStudyImages in
   * measure-lesions.ts gives them).
   */
  images?:
    | ({ lesions: ReadonlyMap<string, ImagedLesion & { imaging: LesionImaging }> } & Pick<
        StudyImages,
        'warnings'
      > &
        Partial<Pick<StudyImages, 'skippedFiles' | 'provenance' | 'administeredMs'>>)
    | null;
  /** How the uncertainty Monte Carlo samples the MTA (default 'linear'; tests compare 'full'). */
  uncertaintyBloodSampling?: BloodSampling;
  /** The recovery file named by the manifest: path as given, SHA-256 and scanner. */
  recoveryFile?: RecoveryProvenance | null;
}

/** Results of one study from a validated manifest (no I/O). */
export function runStudy(manifest: StudyManifest, context: StudyContext): StudyResults {
  const settings = resolveSettings(manifest);
  const administeredMs =
    context.images?.administeredMs ??
    parseLocalDateTimeMs(manifest.tracer.administeredAt, { field: 'tracer.administeredAt' });
  // Every value carries its source (a manifest field, or what the images measured): the chains'
  // errors name it.
  const imaged = context.images?.lesions ?? null;
  const lesionInputs = lesionChainInputs(manifest, administeredMs, imaged);
  const lesionContext: LesionChainContext = {
    administeredActivityMBq: manifest.tracer.activityMBq,
    recovery: context.recovery ?? null,
    settings,
  };
  const lesions = lesionInputs.map((lesion) => computeLesionChain(lesion, lesionContext));
  const bloodInput = bloodChainInput(manifest, administeredMs);
  const blood = bloodInput === null ? null : computeBloodChain(bloodInput, settings);
  const warnings: string[] = [...(context.images?.warnings ?? [])];
  const imagingProvenance = context.images?.provenance ?? null;
  const recoveryFile = context.recoveryFile ?? null;
  const identity = patientFromHeaders(manifest.patient.id, imagingProvenance?.patients ?? []);
  warnings.push(...identity.warnings, ...recoveryScannerWarnings(recoveryFile, imagingProvenance));

  const lung = manifest.patient.diffuseLungMetastases;
  const limits = mtaLimits(blood, settings, lung);
  const uncertainty = computeUncertainty({
    settings,
    lesionInputs,
    lesionContext,
    lesions,
    bloodInput,
    blood,
    mta: limits,
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
    (id) => imaged?.get(id)?.imaging,
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
            doseSigmaNotAssessableReason: uncertainty.blood.doseSigmaNotAssessableReason,
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
