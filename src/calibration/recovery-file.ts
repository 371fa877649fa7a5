/**
 * The recovery-curve file written by `iodose calibrate` and named by a study manifest's
 * `recovery` key: the fitted curve, its measured points and residuals, the scanner and
 * reconstruction it holds for, and provenance.
 */
import { z } from 'zod';

export const recoveryFileSchema = z.object({
  iodoseRecovery: z.literal(1, {
    error: 'expected `iodoseRecovery: 1` (a file from iodose calibrate)',
  }),
  nuclide: z.literal('I-124'),
  segmentation: z.string(),
  curve: z.object({
    model: z.literal('hill-volume', { error: 'expected the model "hill-volume"' }),
    plateau: z.number().positive(),
    halfVolumeMl: z.number().positive(),
    slope: z.number().positive(),
    converged: z.boolean(),
    rangeMl: z.tuple([z.number().positive(), z.number().positive()]),
    rmsResidual: z.number().min(0),
    /** [plateau, ln halfVolumeMl, slope] covariance; absent in older files (see recoveryCovariance). */
    covariance: z.array(z.array(z.number()).length(3)).length(3).optional(),
    points: z.array(
      z.object({
        volumeMl: z.number(),
        recoveryCoefficient: z.number(),
        fittedRc: z.number(),
        residual: z.number(),
      }),
    ),
  }),
  scanner: z.record(z.string(), z.unknown()),
  spheres: z.array(z.record(z.string(), z.unknown())),
  warnings: z.array(z.string()),
  provenance: z.record(z.string(), z.unknown()),
});

export type RecoveryFile = z.infer<typeof recoveryFileSchema>;
