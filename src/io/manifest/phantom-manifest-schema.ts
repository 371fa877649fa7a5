/**
 * The phantom manifest of `iodose calibrate` (issue "From DICOM to dose", item 4): an IEC/NEMA
 * body phantom PET scan with known sphere and background concentrations at `referenceAt`.
 */
import { z } from 'zod';
import { MANIFEST_LIMITS } from '../../core/plausible-ranges.ts';
import { limitedList, pathText, pointMm, quantity } from '../../core/quantity-schema.ts';

const pointLps = pointMm('patient LPS');

/** Inner diameters of the six NEMA NU 2 / IEC 61675-1 body phantom spheres, mm. */
export const IEC_SPHERE_DIAMETERS_MM = [10, 13, 17, 22, 28, 37] as const;

export const phantomManifestSchema = z.strictObject({
  'iodose-phantom': z.literal(1, { error: 'expected `iodose-phantom: 1`' }),
  nuclide: z.literal('I-124', { error: 'expected "I-124"' }),
  pet: pathText('the PET DICOM folder'),
  series: z.string().optional(),
  referenceAt: z.string({ error: 'expected the local date-time the concentrations refer to' }),
  sphereConcBqPerMl: quantity('concBqPerMl', 'the sphere concentration in Bq/mL').refine(
    (value) => value > 0,
    { error: 'expected a sphere concentration > 0' },
  ),
  backgroundConcBqPerMl: quantity('concBqPerMl', 'the background concentration in Bq/mL'),
  spheres: limitedList(
    z.strictObject({
      // default: the IEC diameters in order
      diameterMm: quantity('diameterMm', 'an inner diameter in mm').optional(),
      centerLps: pointLps,
    }),
    MANIFEST_LIMITS.spheres,
  ).min(3, { error: 'expected at least 3 spheres (the IEC phantom has six)' }),
});

export type PhantomManifest = z.infer<typeof phantomManifestSchema>;
