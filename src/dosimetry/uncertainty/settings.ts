/**
 * Uncertainty budget settings (EANM practical guidance on uncertainty analysis, Gear et al.,
 * EJNMMI 2018;45:2456: law of propagation of uncertainty through the dosimetry chain), each with
 * its default and where the default comes from. Relative standard deviations are fractions
 * (0.05 = 5%), one standard deviation. The README lists this table (npm run docs).
 */

export interface UncertaintySettings {
  /** PET calibration factor, relative sd; one value for all scans of a patient (correlated). */
  petCalibrationRelSd: number;
  /** Mean concentration of one VOI on one scan (counting, noise), relative sd; independent. */
  voiCountingRelSd: number;
  /** Uncertainty of the delineated lesion boundary, mm: u(V)/V = 3 u(r)/r for the equal sphere. */
  volumeBoundarySdMm: number;
  /** Recovery coefficients given in the manifest (no curve covariance), relative sd. */
  givenRecoveryRelSd: number;
  /** Well-counter calibration of the blood samples, relative sd; common to all samples. */
  wellCounterCalibrationRelSd: number;
  /** One blood sample (pipetting, counting), relative sd; independent between samples. */
  bloodSampleRelSd: number;
  /** One whole-body count beyond Poisson (patient position, geometry), relative sd. */
  wholeBodyGeometryRelSd: number;
  /** Patient weight, relative sd. */
  weightRelSd: number;
  /** Monte Carlo samples for the probabilities (statistical error <= 0.5 / sqrt(samples)). */
  monteCarloSamples: number;
  /** Seed of the Monte Carlo (mulberry32), so a run repeats bit for bit. */
  monteCarloSeed: number;
}

export interface UncertaintySettingDescription {
  key: keyof UncertaintySettings;
  defaultValue: number;
  unit: string;
  description: string;
  source: string;
}

export const UNCERTAINTY_SETTINGS_TABLE: readonly UncertaintySettingDescription[] = [
  {
    key: 'petCalibrationRelSd',
    defaultValue: 0.05,
    unit: '(fraction)',
    description: 'PET calibration factor (scanner vs dose calibrator); common to all scans',
    source:
      'our choice: EARL accreditation accepts a calibration within +-10% (Boellaard et al. 2015, EANM FDG PET/CT guideline 2.0), read as +-2 sd',
  },
  {
    key: 'voiCountingRelSd',
    defaultValue: 0.05,
    unit: '(fraction)',
    description: 'VOI mean concentration of one lesion on one scan (noise); independent',
    source:
      'our choice: Gear et al. 2018 take Poisson counting; a reconstructed VOI mean has correlated voxel noise, so a fixed 5% for low-count 124I scans',
  },
  {
    key: 'volumeBoundarySdMm',
    defaultValue: 0.5,
    unit: 'mm',
    description:
      'boundary of a given, ellipsoid or segmented CT volume: u(V)/V = 3 u(r)/r (sphere of equal volume); floor under the spread of several CTs',
    source: 'our choice: half a 1-mm CT voxel; boundary model after Gear et al. 2018',
  },
  {
    key: 'givenRecoveryRelSd',
    defaultValue: 0.05,
    unit: '(fraction)',
    description:
      'recovery coefficients given in the manifest; correlated over the scans of a lesion',
    source: 'our choice (a recovery curve file carries its own fit covariance instead)',
  },
  {
    key: 'wellCounterCalibrationRelSd',
    defaultValue: 0.03,
    unit: '(fraction)',
    description: 'well-counter calibration of the blood samples; common to all samples',
    source:
      'our choice: activity meters within +-5% (IAEA TRS-454, 2006), the well counter cross-calibrated against one',
  },
  {
    key: 'bloodSampleRelSd',
    defaultValue: 0.02,
    unit: '(fraction)',
    description: 'one blood sample (pipetting, counting); independent',
    source: 'our choice: 1 mL pipetting about 1%, counting about 1%',
  },
  {
    key: 'wholeBodyGeometryRelSd',
    defaultValue: 0.05,
    unit: '(fraction)',
    description:
      'one whole-body count beyond its Poisson sd sqrt(N) (position, geometry); the first count defines 100%',
    source: 'our choice; probe method and its uncertainty: Flux et al. 2002 (cited by Gear 2018)',
  },
  {
    key: 'weightRelSd',
    defaultValue: 0.01,
    unit: '(fraction)',
    description: 'patient weight (gamma term of the blood dose)',
    source: 'our choice: a clinical scale within about 0.5 kg, clothing',
  },
  {
    key: 'monteCarloSamples',
    defaultValue: 2000,
    unit: 'samples',
    description:
      'Monte Carlo samples for probabilityReachesThreshold and probabilityEligible (error <= 0.011)',
    source: 'our choice: binomial sd <= 0.5 / sqrt(2000)',
  },
  {
    key: 'monteCarloSeed',
    defaultValue: 2456,
    unit: '',
    description: 'seed of the Monte Carlo (mulberry32 + Box-Muller), so runs repeat exactly',
    source: 'our choice (the first page of Gear et al. 2018)',
  },
];

/** The defaults of UNCERTAINTY_SETTINGS_TABLE as a settings record. */
export function defaultUncertaintySettings(): UncertaintySettings {
  const entries = UNCERTAINTY_SETTINGS_TABLE.map((row) => [row.key, row.defaultValue] as const);
  return Object.fromEntries(entries) as unknown as UncertaintySettings;
}

/** UNCERTAINTY_SETTINGS_TABLE as a Markdown table. */
export function uncertaintySettingsMarkdownTable(): string {
  const rows = UNCERTAINTY_SETTINGS_TABLE.map(
    (row) =>
      `| \`uncertainty.${row.key}\` | ${row.defaultValue} ${row.unit} | ${row.description} | ${row.source} |`,
  );
  return ['| setting | default | meaning | source |', '|---|---|---|---|', ...rows].join('\n');
}
