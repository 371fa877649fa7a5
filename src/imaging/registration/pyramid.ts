/**
 * One level of a multi-resolution pyramid (Thevenaz, Ruttimann and Unser 1998, IEEE Trans Image
 * Process 7:27; the Gaussian pyramid of elastix's "SmoothingImagePyramid" and ITK's
 * MultiResolutionPyramidImageFilter): the image blurred by a Gaussian and resampled onto a coarser
 * grid with the same origin, direction and extent.
 *
 * Level spacing per axis: max(level, native) mm. Blur per axis: sigma = 0.5 sqrt(level^2 -
 * native^2) mm (0 on axes already as coarse as the level), i.e. the ITK pyramid's sigma of half
 * the new voxel size, reduced by what the native voxel already averages; the blur suppresses
 * aliasing before the point-sampled downsampling of resampleLinear.
 */

import type { Vec3, Volume } from '../../core/volume.ts';
import { FWHM_PER_SIGMA, gaussianBlur } from '../gaussian.ts';
import { resampleLinear } from '../resample.ts';

type AnyData = Float32Array | Int16Array | Uint8Array;

/** The image at pyramid level `levelMm` (Float32, same units); see module comment. */
export function pyramidLevel(volume: Volume<AnyData>, levelMm: number): Volume<Float32Array> {
  const spacing = volume.spacingMm.map((s) => Math.max(s, levelMm)) as unknown as Vec3;
  const fwhmMm = volume.spacingMm.map(
    (s, axis) => 0.5 * Math.sqrt(Math.max(0, (spacing[axis] ?? s) ** 2 - s * s)) * FWHM_PER_SIGMA,
  ) as unknown as Vec3;
  const blurred =
    fwhmMm.some((f) => f > 0) || !(volume.data instanceof Float32Array)
      ? gaussianBlur(volume, { fwhmMm, edge: 'nearest' })
      : (volume as Volume<Float32Array>);
  if (spacing.every((s, axis) => s === volume.spacingMm[axis])) return blurred;
  const size = volume.size.map((n, axis) =>
    Math.max(2, Math.floor(((n - 1) * (volume.spacingMm[axis] ?? 1)) / (spacing[axis] ?? 1)) + 1),
  ) as unknown as Vec3;
  return resampleLinear(blurred, {
    size,
    spacingMm: spacing,
    originLps: volume.originLps,
    direction: volume.direction,
  });
}
