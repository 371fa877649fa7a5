/**
 * Every clinical limit and method choice, with its default and its source, in one table. The
 * report and the README list this table; a manifest's `therapy` block overrides the limits.
 */
import { uncertaintySettingsMarkdownTable } from './uncertainty/settings.ts';

export interface DosimetrySettings {
  /** Activity planned for therapy before the MTA check, GBq (seed paper: 7.4 GBq). */
  plannedActivityGBq: number;
  /** Lesion mean absorbed dose that makes a patient eligible, Gy (seed paper: 20 Gy). */
  lesionDoseThresholdGy: number;
  /** Blood absorbed dose limit, Gy (Benua et al. 1962; EANM SOP, Lassmann et al. 2008). */
  bloodDoseLimitGy: number;
  /** Whole-body retention limit at 48 h without diffuse lung metastases, GBq (120 mCi; Benua 1962). */
  retention48hLimitGBq: number;
  /** Whole-body retention limit at 48 h with diffuse lung metastases, GBq (80 mCi; seed paper: 3.0). */
  retention48hLimitLungGBq: number;
  /** Lesion tissue density, g/mL (seed paper: thyroid tissue, 1.04 g/cm3). */
  lesionDensityGPerMl: number;
  /** Time at which lesion uptake is reported, h after administration (seed paper: 24 h). */
  uptakeTimeH: number;
  /** Time at which whole-body retention is limited, h (EANM SOP: 48 h). */
  retentionTimeH: number;
}

/** One row of the settings table: default value, unit, description and source. */
export interface SettingDescription {
  key: keyof DosimetrySettings;
  defaultValue: number;
  unit: string;
  description: string;
  source: string;
}

export const SETTINGS_TABLE: readonly SettingDescription[] = [
  {
    key: 'plannedActivityGBq',
    defaultValue: 7.4,
    unit: 'GBq',
    description: 'planned 131I activity; therapy activity = min(planned, MTA)',
    source: 'seed paper (RESET), 131I therapy',
  },
  {
    key: 'lesionDoseThresholdGy',
    defaultValue: 20,
    unit: 'Gy',
    description: 'eligible if some lesion receives at least this mean dose at the therapy activity',
    source: 'seed paper (RESET), 131I therapy',
  },
  {
    key: 'bloodDoseLimitGy',
    defaultValue: 2,
    unit: 'Gy',
    description: 'blood absorbed dose limit for the MTA',
    source: 'Benua et al. 1962; EANM SOP (Lassmann et al. 2008)',
  },
  {
    key: 'retention48hLimitGBq',
    defaultValue: 4.4,
    unit: 'GBq',
    description: 'whole-body retention at 48 h limit (no diffuse lung metastases)',
    source: 'Benua et al. 1962 (120 mCi); EANM SOP; seed paper',
  },
  {
    key: 'retention48hLimitLungGBq',
    defaultValue: 3.0,
    unit: 'GBq',
    description: 'whole-body retention at 48 h limit with diffuse lung metastases',
    source: 'Benua et al. 1962 (80 mCi); seed paper',
  },
  {
    key: 'lesionDensityGPerMl',
    defaultValue: 1.04,
    unit: 'g/mL',
    description: 'lesion tissue density (mass = density x CT volume)',
    source: 'seed paper: thyroid tissue, IDAC-Dose 2.1 spheres',
  },
  {
    key: 'uptakeTimeH',
    defaultValue: 24,
    unit: 'h',
    description: 'time of the reported lesion uptake (131I-equivalent, % of administered)',
    source: 'seed paper, Table 2',
  },
  {
    key: 'retentionTimeH',
    defaultValue: 48,
    unit: 'h',
    description: 'time of the whole-body retention limit',
    source: 'EANM SOP (Lassmann et al. 2008)',
  },
];

/** The defaults of SETTINGS_TABLE as a settings record. */
export function defaultSettings(): DosimetrySettings {
  const entries = SETTINGS_TABLE.map((row) => [row.key, row.defaultValue] as const);
  return Object.fromEntries(entries) as unknown as DosimetrySettings;
}

/**
 * SETTINGS_TABLE and the uncertainty settings (manifest `settings.uncertainty`) as Markdown tables
 * (README.md is generated from them: `npm run docs`).
 */
export function settingsMarkdownTable(): string {
  const rows = SETTINGS_TABLE.map(
    (row) =>
      `| \`${row.key}\` | ${row.defaultValue} ${row.unit} | ${row.description} | ${row.source} |`,
  );
  return [
    ['| setting | default | meaning | source |', '|---|---|---|---|', ...rows].join('\n'),
    'Uncertainty budget (manifest `settings.uncertainty`; relative sds as fractions, 1 sd; Gear et al. 2018):',
    uncertaintySettingsMarkdownTable(),
  ].join('\n\n');
}
