/**
 * Lean body mass by Janmahasatian et al. 2005 (Clin Pharmacokinet 44:1051, "Quantification of
 * lean bodyweight"), the LBM PERCIST 1.0 uses for SUL (Wahl et al. 2009 J Nucl Med 50:122S):
 * male 9270 W / (6680 + 216 BMI), female 9270 W / (8780 + 244 BMI), W in kg, BMI = W / H^2 with H
 * in metres. Inputs as in the DICOM header: (0010,1030) Patient's Weight in kg, (0010,1020)
 * Patient's Size in m, (0010,0040) Patient's Sex M/F.
 */

import { InputError } from '../core/errors.ts';

/** Sex for the LBM formula (DICOM (0010,0040) M or F; O has no formula). */
export type LbmSex = 'M' | 'F';

/**
 * Plausible adult inputs; the formula was derived from adults with BMI 16-68 kg/m2 (Janmahasatian
 * 2005), so values outside these ranges are more likely unit or typing errors (height in cm,
 * weight in g or lb) than patients.
 */
export const LBM_INPUT_LIMITS = {
  weightKg: [20, 350],
  heightM: [1.0, 2.5],
  bmiKgPerM2: [12, 80],
} as const;

/** Patient data for the lean body mass. */
export interface LbmInput {
  weightKg: number;
  heightM: number;
  sex: LbmSex | string | null | undefined;
}

/** Body-mass index, kg/m2 (W / H^2). */
export function bodyMassIndex(weightKg: number, heightM: number): number {
  return weightKg / (heightM * heightM);
}

/** Lean body mass, kg, by Janmahasatian et al. 2005 (Clin Pharmacokinet 44:1051). */
export function leanBodyMassKg(input: LbmInput): number {
  const { weightKg, heightM, sex } = input;
  checkRange(
    'weightKg',
    weightKg,
    LBM_INPUT_LIMITS.weightKg,
    'kg',
    '(0010,1030) Patient Weight is in kg',
  );
  checkRange(
    'heightM',
    heightM,
    LBM_INPUT_LIMITS.heightM,
    'm',
    heightM > 100
      ? 'the height looks like cm: give metres ((0010,1020) Patient Size is in m)'
      : '(0010,1020) Patient Size is in m',
  );
  const bmi = bodyMassIndex(weightKg, heightM);
  checkRange('bmi', bmi, LBM_INPUT_LIMITS.bmiKgPerM2, 'kg/m2', 'check weight and height');
  if (sex === 'M') return (9270 * weightKg) / (6680 + 216 * bmi);
  if (sex === 'F') return (9270 * weightKg) / (8780 + 244 * bmi);
  throw new InputError(
    { field: 'sex' },
    `the lean body mass (Janmahasatian) needs sex M or F, got ${JSON.stringify(sex ?? null)}`,
    'give the patient sex in the manifest ((0010,0040) Patient Sex)',
  );
}

function checkRange(
  field: string,
  value: number,
  [lo, hi]: readonly [number, number],
  unit: string,
  hint: string,
): void {
  if (!(Number.isFinite(value) && value >= lo && value <= hi)) {
    throw new InputError(
      { field },
      `${field} must be a plausible adult value in ${lo}-${hi} ${unit}, got ${value}`,
      hint,
    );
  }
}
