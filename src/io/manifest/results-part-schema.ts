/**
 * The part of an iodose results.json that a cohort reads (`iodose cohort` names results files
 * beside study manifests); other keys are allowed and ignored.
 */
import { z } from 'zod';

/**
 * A dose, uptake, time or activity iodose writes: a finite number >= 0 (a results.json edited by
 * hand or written by a broken run is refused here, not averaged into the cohort).
 */
const nonNegative = (what: string) =>
  z
    .number({ error: `expected ${what} as a finite number >= 0` })
    .min(0, { error: `expected ${what} >= 0` });
const nonNegativeOrNull = (what: string) => nonNegative(what).nullable();

/** The part of results.json the cohort reads (other keys are allowed and ignored). */
export const resultsSchema = z.object({
  iodoseResults: z.literal(1, { error: 'expected `iodoseResults: 1` (an iodose results.json)' }),
  patient: z.object({ id: z.string({ error: 'expected the patient id' }) }),
  lesions: z.array(
    z.object({
      id: z.string({ error: 'expected the lesion id' }),
      site: z.string().nullable().optional(),
      doseGyPerGBq: nonNegative('the lesion dose in Gy/GBq'),
      uptake24hPercent: nonNegativeOrNull('the 24-h uptake in %'),
      residenceTimeH: nonNegativeOrNull('the residence time in h'),
      volumeMl: nonNegativeOrNull('the lesion volume in mL'),
      doseAtTherapyGy: nonNegativeOrNull('the dose at the therapy activity in Gy').optional(),
    }),
    { error: 'expected the list of lesions' },
  ),
  blood: z
    .object({
      doseGyPerGBq: nonNegative('the blood dose in Gy/GBq'),
      wbRetention48hPercent: nonNegativeOrNull('the 48-h whole-body retention in %'),
    })
    .nullable(),
  mta: z
    .object({
      activityGBq: nonNegative('the MTA in GBq'),
      // "lung": results.json before issue 7 named the 48-h whole-body retention limit so.
      limitedBy: z
        .enum(['blood', 'retention', 'lung'], { error: 'expected "blood" or "retention"' })
        .transform((limit) => (limit === 'lung' ? 'retention' : limit))
        .optional(),
    })
    .nullable(),
  therapy: z.object({
    eligible: z.boolean({ error: 'expected true or false' }),
    decision: z
      .enum(['eligible', 'not eligible', 'not assessable'], {
        error: 'expected "eligible", "not eligible" or "not assessable"',
      })
      .optional(),
    maxLesionDoseGy: nonNegativeOrNull('the highest lesion dose in Gy'),
  }),
});

/** What the cohort reads of a results.json. */
export type ResultsPart = z.infer<typeof resultsSchema>;
