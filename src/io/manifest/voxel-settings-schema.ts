/**
 * `settings.voxelDosimetry` of the study manifest (issue 9): the voxel path beside the sphere
 * model. Every key is optional; the defaults (src/study/voxel/voxel-settings.ts) turn it on for
 * an image-level study with two or more PET sessions. A given registration overrides the
 * automatic one per session: the rigid map of the first session's LPS points (mm) to the same
 * anatomy in that session (the ITK convention, src/imaging/registration/rigid-transform.ts).
 */
import { z } from 'zod';
import { identifier, pointMm } from '../../core/quantity-schema.ts';

const degrees = z
  .number({ error: 'expected an angle in degrees' })
  .min(-180, { error: 'expected an angle of at least -180 degrees' })
  .max(180, { error: 'expected an angle of at most 180 degrees' });

/** p_session = R (p_first - centre) + centre + translation, R = Rz Ry Rx (extrinsic x, y, z). */
export const givenTransformSchema = z.strictObject({
  translationMm: pointMm('translation (LPS)'),
  rotationDeg: z.tuple([degrees, degrees, degrees], {
    error: 'expected [rx, ry, rz]: rotations in degrees about the LPS x, y and z axes',
  }),
  /** Centre of rotation, LPS mm (default: the centre of the first session's PET grid). */
  centreLps: pointMm('patient LPS').optional(),
});

export const voxelDosimetrySchema = z.strictObject({
  enabled: z.boolean({ error: 'expected true or false' }).optional(),
  /** kernel: voxel S-value convolution (Lanconelli 2012); local: local energy deposition. */
  method: z.enum(['kernel', 'local'], { error: 'expected kernel or local' }).optional(),
  /** voxel: a fit per voxel; region-scaled: one session's pattern x the lesion's integral. */
  tia: z.enum(['voxel', 'region-scaled'], { error: 'expected voxel or region-scaled' }).optional(),
  /** Scale the soft-tissue kernel dose by the CT's density (HU -> g/mL). */
  densityCorrection: z.boolean({ error: 'expected true or false' }).optional(),
  registration: z
    .union(
      [
        z.enum(['auto', 'none']),
        z.strictObject({ given: z.record(identifier('a scan id'), givenTransformSchema) }),
      ],
      { error: 'expected auto, none or { given: { <scan id>: { translationMm, rotationDeg } } }' },
    )
    .optional(),
});

export type VoxelDosimetryManifest = z.infer<typeof voxelDosimetrySchema>;
export type GivenTransform = z.infer<typeof givenTransformSchema>;
