/**
 * The one table of plausible ranges for every quantity a manifest gives (issue 7, item 9), and
 * the most entries a manifest may list (item 10). A value outside its range is refused with the
 * range named, before any computation: 1e308 kg, 1e-300 MBq, Infinity and NaN never reach a fit.
 * Most bounds are iodose's own plausibility bounds, chosen wide enough for every protocol we know
 * and narrow enough that the arithmetic stays finite; each row says where it comes from.
 * README.md's manifest reference shows this table (npm run docs).
 */

/** A closed range [min, max] in `unit`, or (min, max] when `minExclusive`. */
export interface PlausibleRange {
  min: number;
  max: number;
  minExclusive?: boolean;
  /**
   * When set, a value above `min` must be at least this (0 stays allowed): a measured value is
   * either nothing or a real amount, and 1e-300 of it only overflows the fit's weights.
   */
  smallestNonZero?: number;
  unit: string;
  /** The manifest keys it applies to. */
  keys: string;
  source: string;
}

const OURS = 'iodose plausibility bound';

export const PLAUSIBLE_RANGES = {
  weightKg: {
    min: 2,
    max: 500,
    unit: 'kg',
    keys: 'patient.weightKg, cohort patients[].weightKg',
    source: `${OURS}: a newborn to beyond the heaviest adults treated`,
  },
  heightCm: {
    min: 40,
    max: 250,
    unit: 'cm',
    keys: 'patient.heightCm',
    source: `${OURS}: a newborn to the tallest adults`,
  },
  fdgHeightCm: {
    min: 100,
    max: 250,
    unit: 'cm',
    keys: 'cohort patients[].heightCm',
    source:
      'adult heights: the lean-body-mass formula for SUL (Janmahasatian 2005) is fitted on adults',
  },
  activityMBq: {
    min: 1,
    max: 1000,
    unit: 'MBq',
    keys: 'tracer.activityMBq, tracer.syringeMBq',
    source: `${OURS}: 124I dosimetry uses 20-75 MBq (seed paper: 37 MBq +-10%)`,
  },
  residualMBq: {
    min: 0,
    max: 1000,
    unit: 'MBq',
    keys: 'tracer.residualMBq',
    source: `${OURS}: at most the largest activity accepted`,
  },
  plannedActivityGBq: {
    min: 0.1,
    max: 30,
    unit: 'GBq',
    keys: 'therapy.plannedActivityGBq',
    source: `${OURS}: 131I therapies are 1.1-11 GBq, dosimetry-guided ones rarely above 20 GBq`,
  },
  lesionDoseThresholdGy: {
    min: 1,
    max: 1000,
    unit: 'Gy',
    keys: 'therapy.lesionDoseThresholdGy',
    source: `${OURS}: thresholds in use are 20 Gy (seed paper), 80-100 Gy (metastases), 300 Gy (remnants)`,
  },
  bloodDoseLimitGy: {
    min: 0.1,
    max: 10,
    unit: 'Gy',
    keys: 'therapy.bloodDoseLimitGy',
    source: `${OURS}: the limit in use is 2 Gy (Benua 1962; EANM SOP), 3 Gy in some protocols`,
  },
  retentionLimitGBq: {
    min: 0.1,
    max: 20,
    unit: 'GBq',
    keys: 'therapy.retention48hLimitGBq, therapy.retention48hLimitLungGBq',
    source: `${OURS}: the limits in use are 4.4 and 3.0 GBq (Benua 1962)`,
  },
  densityGPerMl: {
    min: 0.5,
    max: 3,
    unit: 'g/mL',
    keys: 'settings.lesionDensityGPerMl',
    source: `${OURS}: soft tissue 1.04, cortical bone 1.92 g/mL (ICRU 44)`,
  },
  settingTimeH: {
    min: 0,
    minExclusive: true,
    max: 1000,
    unit: 'h',
    keys: 'settings.uptakeTimeH, settings.retentionTimeH',
    source: `${OURS}: within ten 124I half-lives (1002 h)`,
  },
  timeAfterAdministrationH: {
    min: 0,
    minExclusive: true,
    max: 1000,
    unit: 'h after tracer.administeredAt',
    keys: 'every sample, count and measurement `at`; PET scan starts',
    source: `${OURS}: ten 124I half-lives (1002 h) leave < 0.1% of the activity, below what PET or a counter measures`,
  },
  concBqPerMl: {
    min: 0,
    smallestNonZero: 1e-3,
    max: 1e10,
    unit: 'Bq/mL',
    keys: 'meanConcBqPerMl, concBqPerMl, backgroundsBqPerMl, phantom concentrations',
    source: `${OURS}: 1000 MBq (the largest activity accepted) in 0.1 mL; a value above 0 is at least 0.001 Bq/mL (far below any counter or PET)`,
  },
  counts: {
    min: 0,
    smallestNonZero: 1e-3,
    max: 1e15,
    unit: 'counts',
    keys: 'wholeBody[].netCounts, anterior/posterior(Background)Counts',
    source: `${OURS}: finite, far above any counter's range; a value above 0 is at least 0.001 counts`,
  },
  recoveryCoefficient: {
    min: 0.05,
    max: 1.5,
    unit: '(mean / true concentration)',
    keys: 'measurements.lesions[].recoveryCoefficient',
    source: `${OURS}: above 1 with edge-overshoot (PSF) reconstruction; below 0.05 the correction exceeds 20-fold`,
  },
  volumeMl: {
    min: 0.01,
    max: 5000,
    unit: 'mL',
    keys: 'lesions[].volumeMl, measurements.lesions[].volumeMl',
    source: `${OURS}: 0.01 mL is below any PET's resolution; the S-value table refuses volumes it lacks`,
  },
  diameterMm: {
    min: 1,
    max: 300,
    unit: 'mm',
    keys: 'lesions[].diametersMm, phantom spheres[].diameterMm',
    source: `${OURS}: IEC spheres are 10-37 mm`,
  },
  unitFactor: {
    min: 1e-9,
    max: 1e9,
    unit: 'Bq/mL per stored unit',
    keys: 'scans[].unitFactorBqPerMlPerUnit',
    source: `${OURS}: finite and positive`,
  },
  coordinateMm: {
    min: -10000,
    max: 10000,
    unit: 'mm',
    keys: 'seedsLps, ctSeedsLps, centerLps, liverLps coordinates',
    source: `${OURS}: within 10 m of the scanner origin`,
  },
  uptakeMinutes: {
    min: 0,
    minExclusive: true,
    max: 600,
    unit: 'min',
    keys: 'cohort fdg.TIMEPOINT.uptakeMinutes',
    source: `${OURS}: FDG PET starts 60 +-10 min after injection (EANM 2015), delayed scans within hours`,
  },
} as const satisfies Record<string, PlausibleRange>;

export type RangeName = keyof typeof PLAUSIBLE_RANGES;

/**
 * The most entries a manifest may list, so that a run cannot be made to hang or exhaust memory
 * (our choice; a RESET study has 3 blood samples, 3 counts and 2 scans).
 */
export const MANIFEST_LIMITS = {
  blood: { max: 200, what: 'blood samples' },
  wholeBody: { max: 200, what: 'whole-body counts' },
  scans: { max: 50, what: 'PET/CT scans' },
  extraCts: { max: 50, what: 'extra CT scans' },
  lesions: { max: 200, what: 'lesions' },
  lesionMeasurements: { max: 1000, what: 'lesion measurements' },
  ctMasks: { max: 20, what: 'CT masks per lesion' },
  spheres: { max: 50, what: 'phantom spheres' },
  cohortPatients: { max: 10000, what: 'cohort patients' },
  timepoints: { max: 100, what: 'cohort timepoints' },
} as const;

function number(value: number): string {
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-3)
    ? value.toExponential().replace('e+', 'e')
    : String(value);
}

/** "2-500 kg", "> 0 and <= 1000 h", "-10000 to 10000 mm". */
export function rangeText(range: PlausibleRange): string {
  const unit = ` ${range.unit}`;
  if (range.minExclusive === true)
    return `> ${number(range.min)} and <= ${number(range.max)}${unit}`;
  if (range.smallestNonZero !== undefined) {
    return `${number(range.min)}, or ${number(range.smallestNonZero)} to ${number(range.max)}${unit}`;
  }
  const exponent = /e/.test(number(range.min) + number(range.max));
  if (range.min < 0 || exponent) return `${number(range.min)} to ${number(range.max)}${unit}`;
  return `${number(range.min)}-${number(range.max)}${unit}`;
}

/** Whether `value` is a finite number within `range`. */
export function withinRange(value: number, range: PlausibleRange): boolean {
  if (!Number.isFinite(value) || value > range.max) return false;
  if (range.smallestNonZero !== undefined && value > range.min && value < range.smallestNonZero) {
    return false;
  }
  return range.minExclusive === true ? value > range.min : value >= range.min;
}

/** The README table of ranges and limits (npm run docs; test/readme.test.ts checks it). */
export function rangesMarkdownTable(): string {
  const rows = Object.values(PLAUSIBLE_RANGES).map(
    (range: PlausibleRange) => `| ${range.keys} | ${rangeText(range)} | ${range.source} |`,
  );
  const limits = Object.entries(MANIFEST_LIMITS).map(
    ([, limit]) =>
      `| number of ${limit.what} | at most ${limit.max} | iodose limit (bounded work) |`,
  );
  return ['| quantity | accepted | source |', '|---|---|---|', ...rows, ...limits].join('\n');
}
