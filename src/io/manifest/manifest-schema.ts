/**
 * The study manifest (design/architecture.md, "Study manifest"): YAML or JSON, version key
 * `iodose: 1`. Keys carry their units. Unknown keys are refused so that a typo ("weigthKg") is
 * reported instead of silently ignored.
 */
import { z } from 'zod';
import { MANIFEST_LIMITS } from '../../core/plausible-ranges.ts';
import {
  identifier,
  limitedList,
  pathText,
  pointMm,
  quantity,
} from '../../core/quantity-schema.ts';
import { tracerSchema, wholeBodyCountSchema } from './administration-schema.ts';
import { voxelDosimetrySchema } from './voxel-settings-schema.ts';

export { tracerSchema, wholeBodyCountSchema };
const dateTime = z.string({
  error: 'expected a local date-time string like "2024-03-04T09:15:00"',
});
const id = identifier('an identifier');
const pointLps = pointMm('patient LPS');
const pointRas = pointMm(
  'patient RAS (x right, y anterior, z superior; as 3D Slicer and niivue show it)',
);
const voxelIndex = z
  .number({ error: 'expected a voxel index as a number' })
  .int({ error: 'expected a whole voxel index (zero-based)' })
  .min(0, { error: 'expected a voxel index >= 0 (zero-based)' });
const pointIjk = z.tuple([voxelIndex, voxelIndex, voxelIndex], {
  error: "expected [i, j, k]: zero-based column, row and slice of the scan's PET",
});

export const patientSchema = z.strictObject({
  id,
  weightKg: quantity('weightKg', 'body weight in kg'),
  heightCm: quantity('heightCm', 'height in cm').optional(),
  sex: z.enum(['F', 'M'], { error: 'expected "F" or "M"' }).optional(),
  diffuseLungMetastases: z.boolean({ error: 'expected true or false' }).default(false),
});

export const therapySchema = z.strictObject({
  plannedActivityGBq: quantity('plannedActivityGBq', 'planned activity in GBq').optional(),
  lesionDoseThresholdGy: quantity(
    'lesionDoseThresholdGy',
    'lesion dose threshold in Gy',
  ).optional(),
  bloodDoseLimitGy: quantity('bloodDoseLimitGy', 'blood dose limit in Gy').optional(),
  retention48hLimitGBq: quantity('retentionLimitGBq', '48-h retention limit in GBq').optional(),
  retention48hLimitLungGBq: quantity(
    'retentionLimitGBq',
    '48-h retention limit with lung metastases in GBq',
  ).optional(),
});

const modelName = z.enum(['mono', 'bi', 'tri', 'mono-uptake', 'trapezoid'], {
  error: 'expected one of mono, bi, tri, mono-uptake, trapezoid',
});
const curveSettings = z.strictObject({
  models: z.array(modelName).min(1, { error: 'expected at least one model' }).optional(),
  /** preferred: the first of `models` the points determine; aicc: the lowest AICc among them. */
  selection: z.enum(['preferred', 'aicc'], { error: 'expected preferred or aicc' }).optional(),
  tailRule: z
    .enum(['seed', 'fit', 'physical'], { error: 'expected seed, fit or physical' })
    .optional(),
  uptakePhase: z.enum(['none', 'linear'], { error: 'expected none or linear' }).optional(),
});

/** Uncertainty budget overrides (defaults and sources: src/dosimetry/uncertainty/settings.ts). */
const fraction = (what: string, max: number) =>
  z
    .number({ error: `expected ${what}` })
    .min(0, { error: `expected ${what}, at least 0` })
    .max(max, { error: `expected ${what}, at most ${max}` });
const relSd = (what: string) => fraction(`the relative sd of ${what} as a fraction (0.05 = 5%)`, 1);
const uncertaintySettings = z.strictObject({
  petCalibrationRelSd: relSd('the PET calibration').optional(),
  voiCountingRelSd: relSd('a VOI mean concentration').optional(),
  volumeBoundarySdMm: fraction('the boundary sd in mm', 10).optional(),
  givenRecoveryRelSd: relSd('given recovery coefficients').optional(),
  wellCounterCalibrationRelSd: relSd('the well-counter calibration').optional(),
  bloodSampleRelSd: relSd('a blood sample').optional(),
  wholeBodyGeometryRelSd: relSd('a whole-body count (geometry)').optional(),
  weightRelSd: relSd('the weight').optional(),
  monteCarloSamples: z
    .number({ error: 'expected the number of Monte Carlo samples' })
    .int({ error: 'expected a whole number of Monte Carlo samples' })
    .min(100, { error: 'expected at least 100 Monte Carlo samples' })
    .max(100000, { error: 'expected at most 100000 Monte Carlo samples (run time)' })
    .optional(),
  monteCarloSeed: z
    .number({ error: 'expected the Monte Carlo seed as a whole number' })
    .int({ error: 'expected the Monte Carlo seed as a whole number' })
    .min(0)
    .max(4294967295, { error: 'expected a 32-bit seed (0 to 4294967295)' })
    .optional(),
});

export const settingsSchema = z.strictObject({
  lesionDensityGPerMl: quantity('densityGPerMl', 'lesion density in g/mL').optional(),
  uptakeTimeH: quantity('settingTimeH', 'uptake time in hours').optional(),
  retentionTimeH: quantity('settingTimeH', 'retention time in hours').optional(),
  lesionKinetics: curveSettings.optional(),
  bloodKinetics: curveSettings.optional(),
  // The whole-body curve has no uptake phase: retention is 100% until the first count (EANM SOP).
  wholeBodyKinetics: curveSettings.omit({ uptakePhase: true }).optional(),
  uncertainty: uncertaintySettings.optional(),
  voxelDosimetry: voxelDosimetrySchema.optional(),
});

export const scanSchema = z.strictObject({
  id,
  pet: pathText('a folder path'),
  ct: pathText('a folder path').optional(),
  /** PET Series Instance UID when the folder holds several series. */
  series: z.string().optional(),
  /** Bq/mL per stored unit for PET Units CNTS, CPS or GML (BQML needs none). */
  unitFactorBqPerMlPerUnit: quantity('unitFactor', 'the Bq/mL per PET unit').optional(),
});

export const lesionSchema = z.strictObject({
  id,
  site: z.string().optional(),
  /** Seed point per scan id, LPS mm (image-level input). */
  seedsLps: z.record(z.string(), pointLps).optional(),
  /** Seed point per scan id, RAS mm (x and y negated relative to LPS; 3D Slicer, niivue). */
  seedsRas: z.record(z.string(), pointRas).optional(),
  /** Seed voxel per scan id: zero-based [column, row, slice] of that scan's PET (slices sorted along the normal). */
  seedsIjk: z.record(z.string(), pointIjk).optional(),
  /** CT volume measured elsewhere, mL (takes precedence over every image method). */
  volumeMl: quantity('volumeMl', 'lesion volume in mL').optional(),
  /** Three CT diameters, mm: volume of the ellipsoid pi/6 d1 d2 d3. */
  diametersMm: z
    .tuple(
      [
        quantity('diameterMm', 'a diameter in mm'),
        quantity('diameterMm', 'a diameter in mm'),
        quantity('diameterMm', 'a diameter in mm'),
      ],
      {
        error: 'expected three diameters [d1, d2, d3] in mm',
      },
    )
    .optional(),
  /** Background concentration per scan id, Bq/mL, instead of measuring it around the lesion. */
  backgroundsBqPerMl: z
    .record(z.string(), quantity('concBqPerMl', 'a background concentration in Bq/mL'))
    .optional(),
  /**
   * Lesion masks drawn by the user on CT (NIfTI, DICOM SEG or RTSTRUCT); their mean volume is the
   * CT volume. `scan` names the session whose CT grid an RTSTRUCT is rasterised on.
   */
  ctMasks: limitedList(
    z.strictObject({
      path: pathText('the path of a mask file'),
      segment: z.string().optional(),
      roi: z.string().optional(),
      label: z.number().int().min(0).max(65535).optional(),
      scan: z.string().optional(),
    }),
    MANIFEST_LIMITS.ctMasks,
  )
    .min(1, { error: 'expected at least one mask' })
    .optional(),
  /** Seed points on the extra CT scans (`extraCts`), LPS mm of each CT's own frame. */
  ctSeedsLps: z.record(z.string(), pointLps).optional(),
  /** How to get the CT volume from images when no volumeMl or diametersMm is given. */
  ctVolumeMethod: z
    .enum(['region-growing', 'pet-isocontour'], {
      error: 'expected region-growing or pet-isocontour',
    })
    .optional(),
});

export const lesionMeasurementSchema = z.strictObject({
  lesion: id,
  at: dateTime,
  meanConcBqPerMl: quantity(
    'concBqPerMl',
    '124I mean concentration in Bq/mL at the acquisition start, not decay-corrected',
  ),
  volumeMl: quantity('volumeMl', 'lesion volume in mL').optional(),
  recoveryCoefficient: quantity(
    'recoveryCoefficient',
    'the recovery coefficient (mean / true concentration)',
  ).optional(),
});

export const bloodSampleSchema = z.strictObject({
  at: dateTime,
  concBqPerMl: quantity(
    'concBqPerMl',
    '124I concentration in whole blood in Bq/mL at sampling time',
  ),
});

const override = z.boolean({ error: 'expected true or false' }).optional();
/**
 * Contradictions between manifest and images are refused; each key here accepts one kind for
 * those who know better (the run then carries a warning saying what was overridden).
 */
export const overridesSchema = z.strictObject({
  /** The manifest's administration time is more than 1 h from the PET header's. */
  administrationTimeMismatch: override,
  /** The administered activity is more than 20% off the PET header's Radionuclide Total Dose. */
  administeredActivityMismatch: override,
  /** Two scans name the same PET series. */
  scansOnSameSeries: override,
  /** A lesion VOI touches the first or last slice of its PET. */
  voiAtAxialEnd: override,
  /** A PET series with too few slices to hold a VOI and its background shell. */
  shortPetSeries: override,
  /** seedsLps are LPS as written, even where their RAS reading lands on uptake. */
  seedsLpsAsGiven: override,
});

export const studyManifestSchema = z.strictObject({
  iodose: z.literal(1, { error: 'expected `iodose: 1` (the manifest format version)' }),
  patient: patientSchema,
  tracer: tracerSchema,
  therapy: therapySchema.optional(),
  settings: settingsSchema.optional(),
  recovery: pathText('the path of a recovery file (iodose calibrate)').optional(),
  scans: limitedList(scanSchema, MANIFEST_LIMITS.scans).optional(),
  /** CT scans without PET that add to the mean CT volume (e.g. the FDG PET/CT's CT). */
  extraCts: limitedList(
    z.strictObject({
      id,
      ct: pathText('a CT folder path'),
      series: z.string().optional(),
    }),
    MANIFEST_LIMITS.extraCts,
  ).optional(),
  lesions: limitedList(lesionSchema, MANIFEST_LIMITS.lesions).default([]),
  measurements: z
    .strictObject({
      lesions: limitedList(lesionMeasurementSchema, MANIFEST_LIMITS.lesionMeasurements).default([]),
    })
    .optional(),
  blood: limitedList(bloodSampleSchema, MANIFEST_LIMITS.blood).default([]),
  wholeBody: limitedList(wholeBodyCountSchema, MANIFEST_LIMITS.wholeBody).default([]),
  overrides: overridesSchema.optional(),
});

export type StudyManifest = z.infer<typeof studyManifestSchema>;
export type LesionMeasurement = z.infer<typeof lesionMeasurementSchema>;
export type CurveSettings = z.infer<typeof curveSettings>;
export type Overrides = z.infer<typeof overridesSchema>;
