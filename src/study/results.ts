/**
 * The results contract (design/architecture.md, "results.json"): plain data with units in the
 * names, per-lesion fit details, warnings and provenance. Extend freely; rename nothing.
 */
import type { KineticsResult } from '../kinetics/index.ts';
import type { DosimetrySettings } from '../dosimetry/settings.ts';
import type {
  PatientDicomResult,
  RecoveryProvenance,
  ScanSeriesRecord,
} from './scan-provenance.ts';
import type { SeriesRecord } from '../dicom/series-record.ts';

/** One lesion measurement as used: times in h after administration, values derived from it. */
export interface LesionPointResult {
  at: string;
  timeH: number;
  meanConcBqPerMl: number;
  recoveryCoefficient: number;
  /** 124I activity in the lesion at acquisition time, Bq (RC-corrected concentration x volume). */
  activity124Bq: number;
  /** 131I-equivalent activity as a fraction of the administered activity. */
  fraction131: number;
}

/** One lesion's VOI on one PET scan (image-level input). */
export interface ScanVoi {
  scanId: string;
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
  warnings: string[];
}

export interface LesionResult {
  id: string;
  site: string | null;
  volumeMl: number;
  volumeSource: string;
  massG: number;
  densityGPerMl: number;
  /** Mean of the recovery coefficients applied to this lesion's measurements. */
  recoveryCoefficient: number;
  uptake24hPercent: number;
  residenceTimeH: number;
  residenceTimeSigmaH: number;
  effectiveHalfLifeH: number | null;
  sValueGyPerBqS: number;
  doseGyPerGBq: number;
  doseSigmaGyPerGBq: number;
  doseAtTherapyGy: number;
  reachesThreshold: boolean;
  activityForThresholdGBq: number | null;
  /** Whether the activity for the threshold is within the MTA; null when no MTA was computed. */
  thresholdActivityWithinMta: boolean | null;
  points: LesionPointResult[];
  /** Image details when the lesion was measured on images. */
  imaging?: LesionImaging;
  /** Volume outside the calibrated range of the recovery curve (extrapolated RC). */
  recoveryOutsideRange?: boolean;
  /** The kinetic fit; null when no uptake was measured at any time (dose 0). */
  fit: KineticsResult | null;
  warnings: string[];
}

export interface BloodResult {
  doseGyPerGBq: number;
  doseSigmaGyPerGBq: number;
  betaFromBloodGyPerGBq: number;
  gammaFromWholeBodyGyPerGBq: number;
  residenceTimeBloodPerMlH: number;
  residenceTimeWholeBodyH: number;
  wbRetention48hPercent: number;
  bloodPoints: { at: string; timeH: number; concBqPerMl: number; fraction131PerMl: number }[];
  wholeBodyPoints: { at: string; timeH: number; netCounts: number; retention131: number }[];
  bloodFit: KineticsResult;
  wholeBodyFit: KineticsResult;
  /** 131I physical decay factor at the first whole-body count (retention scale, see pipeline). */
  wholeBodyFirstCountDecay131: number;
  warnings: string[];
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
}

export interface TherapyResult {
  plannedActivityGBq: number;
  activityGBq: number;
  limitedBy: 'plan' | 'mta' | 'plan (no MTA)';
  eligible: boolean;
  maxLesionDoseGy: number;
  lesionDoseThresholdGy: number;
  minimumEligibleActivityGBq: number | null;
  eligibleAtMta: boolean | null;
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
  settings: DosimetrySettings & { kinetics: Record<string, unknown> };
  createdAt: string;
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
  provenance: Provenance;
}
