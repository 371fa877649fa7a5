/**
 * The study manifest (design/architecture.md, "Study manifest"): YAML or JSON, version key
 * `iodose: 1`. Keys carry their units. Unknown keys are refused so that a typo ("weigthKg") is
 * reported instead of silently ignored.
 */
import { z } from 'zod';

const positive = (what: string) =>
  z.number({ error: `expected ${what} as a number` }).positive({ error: `expected ${what} > 0` });
const nonNegative = (what: string) =>
  z.number({ error: `expected ${what} as a number` }).min(0, { error: `expected ${what} >= 0` });
const dateTime = z.string({
  error: 'expected a local date-time string like "2024-03-04T09:15:00"',
});
const id = z
  .string({ error: 'expected an identifier string' })
  .min(1, { error: 'expected a non-empty identifier' });
const pointLps = z.tuple([z.number(), z.number(), z.number()], {
  error: 'expected [x, y, z] in mm, patient LPS',
});

export const patientSchema = z.strictObject({
  id,
  weightKg: positive('body weight in kg'),
  heightCm: positive('height in cm').optional(),
  sex: z.enum(['F', 'M'], { error: 'expected "F" or "M"' }).optional(),
  diffuseLungMetastases: z.boolean({ error: 'expected true or false' }).default(false),
});

export const tracerSchema = z.strictObject({
  nuclide: z.literal('I-124', { error: 'expected "I-124" (the tracer iodose converts to 131I)' }),
  activityMBq: positive('administered activity in MBq'),
  administeredAt: dateTime,
});

export const therapySchema = z.strictObject({
  plannedActivityGBq: positive('planned activity in GBq').optional(),
  lesionDoseThresholdGy: positive('lesion dose threshold in Gy').optional(),
  bloodDoseLimitGy: positive('blood dose limit in Gy').optional(),
  retention48hLimitGBq: positive('48-h retention limit in GBq').optional(),
  retention48hLimitLungGBq: positive('48-h retention limit with lung metastases in GBq').optional(),
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

export const settingsSchema = z.strictObject({
  lesionDensityGPerMl: positive('lesion density in g/mL').optional(),
  uptakeTimeH: positive('uptake time in hours').optional(),
  retentionTimeH: positive('retention time in hours').optional(),
  lesionKinetics: curveSettings.optional(),
  bloodKinetics: curveSettings.optional(),
  // The whole-body curve has no uptake phase: retention is 100% until the first count (EANM SOP).
  wholeBodyKinetics: curveSettings.omit({ uptakePhase: true }).optional(),
});

export const scanSchema = z.strictObject({
  id,
  pet: z.string({ error: 'expected a folder path' }),
  ct: z.string({ error: 'expected a folder path' }).optional(),
  /** PET Series Instance UID when the folder holds several series. */
  series: z.string().optional(),
  /** Bq/mL per stored unit for PET Units CNTS, CPS or GML (BQML needs none). */
  unitFactorBqPerMlPerUnit: positive('the Bq/mL per PET unit').optional(),
});

export const lesionSchema = z.strictObject({
  id,
  site: z.string().optional(),
  /** Seed point per scan id, LPS mm (image-level input). */
  seedsLps: z.record(z.string(), pointLps).optional(),
  /** CT volume measured elsewhere, mL (takes precedence over every image method). */
  volumeMl: positive('lesion volume in mL').optional(),
  /** Three CT diameters, mm: volume of the ellipsoid pi/6 d1 d2 d3. */
  diametersMm: z
    .tuple(
      [positive('a diameter in mm'), positive('a diameter in mm'), positive('a diameter in mm')],
      {
        error: 'expected three diameters [d1, d2, d3] in mm',
      },
    )
    .optional(),
  /** Background concentration per scan id, Bq/mL, instead of measuring it around the lesion. */
  backgroundsBqPerMl: z
    .record(z.string(), nonNegative('a background concentration in Bq/mL'))
    .optional(),
  /**
   * Lesion masks drawn by the user on CT (NIfTI, DICOM SEG or RTSTRUCT); their mean volume is the
   * CT volume. `scan` names the session whose CT grid an RTSTRUCT is rasterised on.
   */
  ctMasks: z
    .array(
      z.strictObject({
        path: z.string({ error: 'expected the path of a mask file' }),
        segment: z.string().optional(),
        roi: z.string().optional(),
        label: z.number().int().optional(),
        scan: z.string().optional(),
      }),
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
  meanConcBqPerMl: nonNegative('124I mean concentration in Bq/mL at acquisition time'),
  volumeMl: positive('lesion volume in mL').optional(),
  recoveryCoefficient: z
    .number({ error: 'expected the recovery coefficient as a number' })
    .positive({ error: 'expected a recovery coefficient > 0' })
    .max(1.5, { error: 'expected a recovery coefficient <= 1.5 (mean / true concentration)' })
    .optional(),
});

export const bloodSampleSchema = z.strictObject({
  at: dateTime,
  concBqPerMl: nonNegative('124I concentration in whole blood in Bq/mL at sampling time'),
});

export const wholeBodyCountSchema = z.strictObject({
  at: dateTime,
  netCounts: nonNegative('background-corrected net counts'),
});

export const studyManifestSchema = z.strictObject({
  iodose: z.literal(1, { error: 'expected `iodose: 1` (the manifest format version)' }),
  patient: patientSchema,
  tracer: tracerSchema,
  therapy: therapySchema.optional(),
  settings: settingsSchema.optional(),
  recovery: z.string().optional(),
  scans: z.array(scanSchema).optional(),
  /** CT scans without PET that add to the mean CT volume (e.g. the FDG PET/CT's CT). */
  extraCts: z
    .array(
      z.strictObject({
        id,
        ct: z.string({ error: 'expected a CT folder path' }),
        series: z.string().optional(),
      }),
    )
    .optional(),
  lesions: z.array(lesionSchema).default([]),
  measurements: z
    .strictObject({
      lesions: z.array(lesionMeasurementSchema).default([]),
    })
    .optional(),
  blood: z.array(bloodSampleSchema).default([]),
  wholeBody: z.array(wholeBodyCountSchema).default([]),
});

export type StudyManifest = z.infer<typeof studyManifestSchema>;
export type LesionMeasurement = z.infer<typeof lesionMeasurementSchema>;
export type CurveSettings = z.infer<typeof curveSettings>;
