/**
 * The phantom manifest of `iodose calibrate` (issue "From DICOM to dose", item 4): an IEC/NEMA
 * body phantom PET scan with known sphere and background concentrations at `referenceAt`.
 */
import { z } from 'zod';

const pointLps = z.tuple([z.number(), z.number(), z.number()], {
  error: 'expected [x, y, z] in mm, patient LPS',
});

/** Inner diameters of the six NEMA NU 2 / IEC 61675-1 body phantom spheres, mm. */
export const IEC_SPHERE_DIAMETERS_MM = [10, 13, 17, 22, 28, 37] as const;

export const phantomManifestSchema = z.strictObject({
  'iodose-phantom': z.literal(1, { error: 'expected `iodose-phantom: 1`' }),
  nuclide: z.literal('I-124', { error: 'expected "I-124"' }),
  pet: z.string({ error: 'expected the PET DICOM folder' }),
  series: z.string().optional(),
  referenceAt: z.string({ error: 'expected the local date-time the concentrations refer to' }),
  sphereConcBqPerMl: z
    .number({ error: 'expected the sphere concentration in Bq/mL as a number' })
    .positive({ error: 'expected a sphere concentration > 0' }),
  backgroundConcBqPerMl: z
    .number({ error: 'expected the background concentration in Bq/mL as a number' })
    .min(0, { error: 'expected a background concentration >= 0' }),
  spheres: z
    .array(
      z.strictObject({
        diameterMm: z
          .number()
          .positive({ error: 'expected an inner diameter in mm > 0' })
          .optional(), // default: the IEC diameters in order
        centerLps: pointLps,
      }),
    )
    .min(3, { error: 'expected at least 3 spheres (the IEC phantom has six)' }),
});

export type PhantomManifest = z.infer<typeof phantomManifestSchema>;
