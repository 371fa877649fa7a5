/**
 * FDG PET response of the cohort (issue 4 item 3): PERCIST 1.0 (Wahl et al. 2009 J Nucl Med
 * 50:122S) per patient and per lesion for every later timepoint against the baseline, from SUL
 * measurements already made on the images (src/app/cohort/fdg-scan.ts), and the per-timepoint
 * counts of each category. Pure: plain numbers in, plain objects out.
 */
import type { Vec3 } from '../core/volume.ts';
import {
  percistResponse,
  type LesionResponse,
  type PercistCategory,
  type PercistScan,
} from '../response/index.ts';

/** One lesion on one FDG PET: SULpeak (1 mL sphere in its VOI) and the VOI. */
export interface FdgLesionMeasurement {
  id: string;
  /** SULpeak, g/mL (1 mL sphere centred in the isocontour VOI). */
  sulPeak: number;
  /** Centre of the SULpeak sphere, LPS mm. */
  peakCenterLps: Vec3;
  /** SULmax of the VOI, g/mL. */
  sulMax: number;
  /** Metabolic volume: the 50% background-adapted isocontour VOI, mL. */
  metabolicVolumeMl: number;
}

/** What one FDG PET gave: patient data used for SUL, the liver reference and the lesions. */
export interface FdgScanMeasurement {
  /** The DICOM folder (for the report). */
  source: string;
  weightKg: number;
  heightM: number;
  sex: 'M' | 'F';
  /** Janmahasatian lean body mass, kg. */
  leanBodyMassKg: number;
  /** (0018,1074) Radionuclide Total Dose, Bq at the injection. */
  injectedActivityBq: number;
  /** Minutes from injection to scan start. */
  uptakeMinutes: number;
  /** g/Bq: SUL = Bq/mL x this. */
  sulPerBqPerMl: number;
  /** 3 cm liver sphere: mean, SD (g/mL), voxels, centre. */
  liver: { meanSul: number; sdSul: number; voxelCount: number; centerLps: Vec3 };
  lesions: FdgLesionMeasurement[];
  /** Unequivocal new FDG-avid lesions named by the reader (follow-up). */
  newLesionIds: string[];
  warnings: string[];
}

/** One lesion's PERCIST response with its metabolic volumes and the dosimetry volume change. */
export interface LesionResponseEntry extends Omit<LesionResponse, 'id'> {
  baselineMetabolicVolumeMl: number | null;
  followUpMetabolicVolumeMl: number | null;
}

/** PERCIST response of one patient at one later timepoint against the baseline. */
export interface PatientResponse {
  category: PercistCategory;
  baselineTarget: { id: string; sulPeak: number } | null;
  followUpTarget: { id: string; sulPeak: number } | null;
  percentChange: number | null;
  absoluteChangeSul: number | null;
  targetSwitched: boolean;
  measurabilityThresholdSul: number | null;
  newLesionIds: string[];
  lesions: Record<string, LesionResponseEntry>;
  reasons: string[];
  warnings: string[];
}

/** Patients per PERCIST category at one timepoint. */
export type ResponseCounts = Record<PercistCategory, number>;

/** The response of the cohort: per patient and later timepoint, and counts per timepoint. */
export interface CohortResponse {
  baseline: string;
  /** Later timepoints with at least one FDG PET. */
  timepoints: string[];
  patients: Record<string, Record<string, PatientResponse>>;
  summary: Record<string, ResponseCounts>;
  /** The measurements behind it, per patient and timepoint (baseline included). */
  measurements: Record<string, Record<string, FdgScanMeasurement>>;
}

/** The PERCIST categories in report order. */
export const PERCIST_CATEGORIES: readonly PercistCategory[] = ['CMR', 'PMR', 'SMD', 'PMD', 'NE'];

/** The PERCIST input of one measured scan: liver reference, lesion SULpeaks, new lesions. */
export function percistScanOf(scan: FdgScanMeasurement): PercistScan {
  return {
    reference: { kind: 'liver', meanSul: scan.liver.meanSul, sdSul: scan.liver.sdSul },
    lesions: scan.lesions.map((l) => ({ id: l.id, sulPeak: l.sulPeak })),
    newLesionIds: scan.newLesionIds,
    uptakeTimeMin: scan.uptakeMinutes,
  };
}

/** PERCIST response of one patient: follow-up scan vs baseline scan (null: no baseline PET). */
export function patientResponse(
  baseline: FdgScanMeasurement | undefined,
  followUp: FdgScanMeasurement,
  baselineName: string,
): PatientResponse {
  if (baseline === undefined) {
    return {
      category: 'NE',
      baselineTarget: null,
      followUpTarget: null,
      percentChange: null,
      absoluteChangeSul: null,
      targetSwitched: false,
      measurabilityThresholdSul: null,
      newLesionIds: [...followUp.newLesionIds],
      lesions: {},
      reasons: [`no baseline FDG PET (${baselineName})`],
      warnings: [],
    };
  }
  const result = percistResponse(percistScanOf(baseline), percistScanOf(followUp));
  const volume = (scan: FdgScanMeasurement, id: string) =>
    scan.lesions.find((l) => l.id === id)?.metabolicVolumeMl ?? null;
  const lesions: Record<string, LesionResponseEntry> = {};
  for (const { id, ...rest } of result.lesions) {
    lesions[id] = {
      ...rest,
      baselineMetabolicVolumeMl: volume(baseline, id),
      followUpMetabolicVolumeMl: volume(followUp, id),
    };
  }
  return {
    category: result.category,
    baselineTarget: result.baselineTarget,
    followUpTarget: result.followUpTarget,
    percentChange: result.change?.percentChange ?? null,
    absoluteChangeSul: result.change?.absoluteChangeSul ?? null,
    targetSwitched: result.targetSwitched,
    measurabilityThresholdSul: result.measurabilityThresholdSul,
    newLesionIds: result.newLesionIds,
    lesions,
    reasons: result.reasons,
    warnings: result.warnings,
  };
}

/** Empty counts (0 per category). */
export function emptyCounts(): ResponseCounts {
  return { CMR: 0, PMR: 0, SMD: 0, PMD: 0, NE: 0 };
}

/** The cohort's PERCIST response; null when no patient has an FDG PET. */
export function cohortResponse(input: {
  timepoints: readonly string[];
  patients: readonly {
    id: string;
    fdg?: Readonly<Record<string, FdgScanMeasurement>> | undefined;
  }[];
}): CohortResponse | null {
  const [baseline, ...later] = input.timepoints;
  const withFdg = input.patients.filter((p) => p.fdg !== undefined);
  if (baseline === undefined || withFdg.length === 0) return null;
  const timepoints = later.filter((t) => withFdg.some((p) => p.fdg?.[t] !== undefined));
  const patients: CohortResponse['patients'] = {};
  const measurements: CohortResponse['measurements'] = {};
  const summary: CohortResponse['summary'] = {};
  for (const t of timepoints) summary[t] = emptyCounts();
  for (const patient of withFdg) {
    const scans = patient.fdg ?? {};
    measurements[patient.id] = { ...scans };
    const own: Record<string, PatientResponse> = {};
    for (const t of timepoints) {
      const followUp = scans[t];
      if (followUp === undefined) continue;
      const response = patientResponse(scans[baseline], followUp, baseline);
      own[t] = response;
      const counts = summary[t];
      if (counts !== undefined) counts[response.category]++;
    }
    patients[patient.id] = own;
  }
  return { baseline, timepoints, patients, summary, measurements };
}

/** "PMR in 4 patients, SMD 3, PMD 2" (the seed's wording; categories with 0 left out). */
export function responseCountsText(counts: ResponseCounts): string {
  const parts = PERCIST_CATEGORIES.filter((c) => counts[c] > 0).map((c) => [c, counts[c]]);
  if (parts.length === 0) return 'no patient evaluated';
  return parts
    .map(([c, n], index) =>
      index === 0 ? `${c} in ${n} patient${n === 1 ? '' : 's'}` : `${c} ${n}`,
    )
    .join(', ');
}
