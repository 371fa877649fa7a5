/**
 * The results contract (design/architecture.md, "results.json"): plain data with units in the
 * names, per-lesion fit details, warnings and provenance. Extend freely; rename nothing.
 */
import type { BloodChainResult } from '../dosimetry/blood-chain-types.ts';
import type { LesionDosimetry } from '../dosimetry/lesion-chain-types.ts';
import type { DosimetrySettings } from '../dosimetry/settings.ts';
import type { Finding } from '../core/findings.ts';
import type { DecisionReason, TherapyVerdict } from '../dosimetry/decision.ts';
import type { UncertaintySettings } from '../dosimetry/uncertainty/settings.ts';
import type { LesionUncertainty } from '../dosimetry/uncertainty/lesion-uncertainty.ts';
import type { NotAssessableReason } from './lesion-assessability.ts';

import type {
  PatientDicomResult,
  RecoveryProvenance,
  ScanSeriesRecord,
} from './scan-provenance.ts';
import type { SeriesRecord } from '../io/dicom/read/series-record.ts';
import type { LesionVoxelResult, VoxelDosimetryResult } from './voxel/voxel-result.ts';

/** One lesion's VOI on one PET scan (image-level input). */
export interface ScanVoi {
  scanId: string;
  /** How the manifest gave the seed: seedsLps, seedsRas or seedsIjk. */
  seedForm: 'seedsLps' | 'seedsRas' | 'seedsIjk';
  /** The seed as used, patient LPS mm (converted from RAS or voxel indices). */
  seedLps: [number, number, number];
  /** Centre of the VOI's maximum voxel, LPS mm. */
  maxPointLps: [number, number, number];
  /** Scan start, local ISO date-time. */
  at: string;
  voiVolumeMl: number;
  meanConcBqPerMl: number;
  maxConcBqPerMl: number;
  backgroundConcBqPerMl: number;
  contrast: number;
  ctVolumeMl: number | null;
}

/** How the images gave a lesion's values (image-level input only). */
export interface LesionImaging {
  scans: ScanVoi[];
  volumeMethod: string;
  /** The volumes averaged into the lesion volume (CT regions, masks or PET VOIs), mL. */
  volumesMl?: number[];
  warnings: string[];
  /** Why the image measurement cannot be trusted (empty when it can); see lesion-assessability.ts. */
  notAssessableReasons: NotAssessableReason[];
}

export interface LesionResult extends LesionDosimetry {
  /** 95% interval of the dose, lognormal with median doseGyPerGBq and the same relative sd. */
  dose95GyPerGBq: [number, number];
  doseAtTherapyGy: number;
  /** 1 sd of the dose at the therapy activity (lesion dose and, when it binds, the MTA). */
  doseAtTherapySigmaGy: number;
  /** Monte Carlo probability that the dose at the therapy activity reaches the threshold. */
  probabilityReachesThreshold: number;
  uncertainty: LesionUncertainty;
  reachesThreshold: boolean;
  activityForThresholdGBq: number | null;
  /** Whether the activity for the threshold is within the MTA; null when no MTA was computed. */
  thresholdActivityWithinMta: boolean | null;
  /** Image details when the lesion was measured on images. */
  imaging?: LesionImaging;
  /**
   * False when the lesion's dose cannot be trusted: its image measurement (imaging
   * .notAssessableReasons: seed.no-uptake, voi.leak, voi.image-edge, voi.axial-end,
   * volume.pet-ct-disagree; src/study/lesion-assessability.ts) or a critical finding of its fit.
   */
  assessable: boolean;
  /** Why it is not assessable (stable codes with a sentence); empty when it is. */
  notAssessableReasons: DecisionReason[];
  /** Voxel dosimetry over the lesion's VOI (issue 9), when the voxel path ran. */
  voxel?: LesionVoxelResult;
}

export interface BloodResult extends BloodChainResult {
  /** 1 sd of R(48 h), percentage points (from the uncertainty budget; run-study fills it). */
  wbRetention48hSigmaPercent?: number;
  /** Blood dose sd per component, Gy/GBq (calibration, counting, kinetics, weight). */
  doseSigmaComponentsGyPerGBq?: Partial<Record<string, number>>;
}

export interface MtaResult {
  activityGBq: number;
  bloodLimitGBq: number;
  /** The 48-h whole-body retention limit as an activity, GBq (contract name; not a lung limit). */
  lungLimitGBq: number;
  /** The same value as lungLimitGBq, under its proper name. */
  retentionLimitActivityGBq: number;
  /** Results written before issue 7 say "lung" for "retention". */
  limitedBy: 'blood' | 'retention';
  retentionLimitGBq: number;
  diffuseLungMetastases: boolean;
  /** 1 sd of the MTA: of the binding limit (linear propagation). */
  activitySigmaGBq: number;
  bloodLimitSigmaGBq: number;
  lungLimitSigmaGBq: number;
}

export interface TherapyResult {
  plannedActivityGBq: number;
  activityGBq: number;
  limitedBy: 'plan' | 'mta' | 'plan (no MTA)';
  /** The verdict the inputs support (src/dosimetry/decision.ts). */
  decision: TherapyVerdict;
  decisionReasons: DecisionReason[];
  /** decision === 'eligible' (a not-assessable patient is not counted as eligible). */
  eligible: boolean;
  /** Some lesion reaches the threshold by its point estimate, whatever its assessability. */
  eligibleByDoseAlone: boolean;
  maxLesionDoseGy: number;
  lesionDoseThresholdGy: number;
  minimumEligibleActivityGBq: number | null;
  eligibleAtMta: boolean | null;
  /** Monte Carlo probability that some lesion reaches the threshold at the therapy activity. */
  probabilityEligible: number;
  /** How the probabilities were sampled. */
  monteCarlo: {
    samples: number;
    seed: number;
    failedSamples: number;
    bloodSampling: 'linear' | 'full' | 'no MTA';
    method: string;
  };
}

export interface Provenance {
  tool: 'iodose';
  version: string;
  manifest: string | null;
  inputsSha256: string;
  nuclearData: string;
  halfLife131H: number;
  halfLife124H: number;
  sValues: string;
  settings: DosimetrySettings & {
    kinetics: Record<string, unknown>;
    uncertainty: UncertaintySettings;
  };
  createdAt: string;
  /** Image input only: files in the DICOM folders that were not read, and why. */
  skippedFiles?: { path: string; reason: string }[];
  /** Per scan the PET and CT series: UIDs, scanner, reconstruction, grid ([] without images). */
  scans?: ScanSeriesRecord[];
  /** The extra CTs (manifest extraCts) read for lesion volumes. */
  extraCts?: { id: string; ct: SeriesRecord }[];
  /** The recovery file used (path as the manifest gives it, SHA-256, scanner); null if none. */
  recovery?: RecoveryProvenance | null;
}

export interface StudyResults {
  iodoseResults: 1;
  patient: {
    id: string;
    weightKg: number;
    diffuseLungMetastases: boolean;
    /** Patient identity from the DICOM headers; null without images or when no header has it. */
    dicom?: PatientDicomResult | null;
  };
  tracer: { nuclide: 'I-124'; activityMBq: number; administeredAt: string };
  lesions: LesionResult[];
  blood: BloodResult | null;
  mta: MtaResult | null;
  therapy: TherapyResult;
  warnings: string[];
  /** Every warning of the study, lesions and blood with a stable code and a severity. */
  findings: Finding[];
  /** The voxel path (issue 9): computed or why not; absent in results written before it. */
  voxelDosimetry?: VoxelDosimetryResult;
  provenance: Provenance;
}
