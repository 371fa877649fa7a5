/**
 * Separable 3-D Gaussian blur of a Volume, the usual model of PET spatial resolution (a Gaussian
 * point-spread function of given FWHM; for 124I wider than for 18F because of the positron range,
 * reference/physics.md section 5). The blur is applied along the voxel axes i, j, k in turn;
 * because a Gaussian is isotropic and separable, this is exact for any direction matrix.
 *
 * Kernel: the Gaussian sampled at voxel centres, truncated at 4 sigma (as scipy.ndimage's
 * gaussian_filter) and normalised to sum 1, so a uniform image stays uniform and counts are
 * conserved away from the edges. Voxel values are treated as voxel averages; the sampled kernel
 * then gives the voxel average of the blurred object (the extra voxel-size variance of the object
 * itself, spacing^2/12, is not removed).
 *
 * Edges (`edge` option):
 * - 'zero' (default): nothing outside the grid; activity blurred across the edge is lost, as for
 *   activity leaving a scanner's field of view. Counts are conserved only for activity further
 *   than 4 sigma from the edge.
 * - 'nearest': the edge voxel is repeated outwards (a uniform background stays uniform up to the
 *   edge; counts are not conserved exactly).
 * - 'reflect': the image is mirrored about the outer voxel faces (d c b a | a b c d | d c b a);
 *   counts are conserved exactly.
 */

import { InputError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { withData } from '../core/volume.ts';

/** Edge handling of the blur (file comment). */
export type BlurEdge = 'zero' | 'nearest' | 'reflect';

/** Options of gaussianBlur. */
export interface GaussianBlurOptions {
  /** Full width at half maximum of the Gaussian, mm: one value for all axes or one per i, j, k axis. */
  fwhmMm: number | Vec3;
  /** Edge handling (see the file comment); default 'zero'. */
  edge?: BlurEdge;
  /** Kernel half-width in standard deviations; default 4. */
  truncateSigma?: number;
}

/** FWHM / sigma of a Gaussian: 2 sqrt(2 ln 2) = 2.3548. */
export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

/** Standard deviation (mm) of a Gaussian of the given FWHM (mm). */
export function fwhmToSigmaMm(fwhmMm: number): number {
  return fwhmMm / FWHM_PER_SIGMA;
}

/**
 * Normalised 1-D Gaussian kernel sampled at integer offsets -r..r (index r is the centre) for a
 * standard deviation given in voxels; a single 1 when sigma is 0.
 */
export function gaussianKernel1d(sigmaVoxels: number, truncateSigma = 4): Float64Array {
  if (!(sigmaVoxels > 0)) return Float64Array.of(1);
  const radius = Math.max(1, Math.ceil(truncateSigma * sigmaVoxels));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let m = -radius; m <= radius; m++) {
    const w = Math.exp(-(m * m) / (2 * sigmaVoxels * sigmaVoxels));
    kernel[m + radius] = w;
    sum += w;
  }
  for (let n = 0; n < kernel.length; n++) kernel[n] = (kernel[n] ?? 0) / sum;
  return kernel;
}

/**
 * The volume blurred by a 3-D Gaussian of the given FWHM (mm, per axis through the voxel
 * spacing), as Float32 in the input's units; geometry unchanged. Source: separable convolution.
 */
export function gaussianBlur(
  volume: Volume<Float32Array | Int16Array | Uint8Array>,
  options: GaussianBlurOptions,
): Volume<Float32Array> {
  const fwhm: Vec3 =
    typeof options.fwhmMm === 'number'
      ? [options.fwhmMm, options.fwhmMm, options.fwhmMm]
      : options.fwhmMm;
  if (!fwhm.every((f) => Number.isFinite(f) && f >= 0)) {
    throw new InputError(
      { field: 'fwhmMm' },
      `the blur FWHM must be finite and >= 0 mm, got ${fwhm.join(', ')}`,
    );
  }
  const truncate = options.truncateSigma ?? 4;
  if (!(truncate > 0)) {
    throw new InputError({ field: 'truncateSigma' }, `truncateSigma must be > 0, got ${truncate}`);
  }
  const edge = options.edge ?? 'zero';
  const [nx, ny] = volume.size;
  let current = new Float32Array(volume.data);
  let scratch = new Float32Array(current.length);
  for (let axis = 0; axis < 3; axis++) {
    const sigmaVoxels = fwhmToSigmaMm(fwhm[axis] ?? 0) / (volume.spacingMm[axis] ?? 1);
    const kernel = gaussianKernel1d(sigmaVoxels, truncate);
    if (kernel.length === 1) continue;
    const length = volume.size[axis] ?? 1;
    // View the data as [outer][length][inner]: inner = voxels per step along `axis`.
    const inner = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
    const outer = current.length / (length * inner);
    const sourceOf = paddingMap(length, (kernel.length - 1) / 2, edge);
    if (axis === 0) convolveRows(current, scratch, outer, length, kernel, sourceOf);
    else convolveBlocks(current, scratch, outer, length, inner, kernel, sourceOf);
    [current, scratch] = [scratch, current];
  }
  return withData(volume, current);
}

/** Convolves contiguous rows (axis i) of `input` with `kernel` into `output`. */
function convolveRows(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  length: number,
  kernel: Float64Array,
  sourceOf: Int32Array,
): void {
  const padded = new Float64Array(sourceOf.length);
  const taps = kernel.length;
  for (let row = 0; row < rows; row++) {
    const start = row * length;
    for (let p = 0; p < padded.length; p++) {
      const s = sourceOf[p]!;
      padded[p] = s < 0 ? 0 : input[start + s]!;
    }
    for (let n = 0; n < length; n++) {
      let sum = 0;
      for (let m = 0; m < taps; m++) sum += kernel[m]! * padded[n + m]!;
      output[start + n] = sum;
    }
  }
}

/**
 * Convolves along a strided axis by whole blocks: output block n = sum over taps m of
 * kernel[m] x input block sourceOf[n + m] (blocks of `inner` contiguous voxels), which reads
 * memory in order instead of striding through it.
 */
function convolveBlocks(
  input: Float32Array,
  output: Float32Array,
  outer: number,
  length: number,
  inner: number,
  kernel: Float64Array,
  sourceOf: Int32Array,
): void {
  const accumulator = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    for (let n = 0; n < length; n++) {
      accumulator.fill(0);
      for (let m = 0; m < kernel.length; m++) {
        const s = sourceOf[n + m]!;
        if (s < 0) continue;
        const w = kernel[m]!;
        const base = (o * length + s) * inner;
        for (let t = 0; t < inner; t++) accumulator[t]! += w * input[base + t]!;
      }
      output.set(accumulator, (o * length + n) * inner);
    }
  }
}

/** For each position of a line padded by `radius` on both sides, its source index (-1: zero). */
function paddingMap(length: number, radius: number, edge: BlurEdge): Int32Array {
  const map = new Int32Array(length + 2 * radius);
  for (let p = 0; p < map.length; p++) {
    const s = p - radius;
    if (s >= 0 && s < length) map[p] = s;
    else if (edge === 'zero') map[p] = -1;
    else if (edge === 'nearest') map[p] = s < 0 ? 0 : length - 1;
    else {
      const period = 2 * length;
      const r = ((s % period) + period) % period;
      map[p] = r < length ? r : period - 1 - r;
    }
  }
  return map;
}
