/**
 * Background-adapted isocontour segmentation of a PET lesion (design/architecture.md,
 * "Definitions"; Jentzen et al. 2007 J Nucl Med 48:108): threshold T = BG + f (max - BG) with
 * f = 0.5, VOI = the connected component (26-connectivity) of voxels >= T holding the maximum.
 *
 * 1. Maximum: the hottest voxel whose centre lies within searchRadiusMm (default 10 mm) of the
 *    seed (the seed's own voxel always counts). If the VOI grown from it holds a hotter voxel
 *    (the search sphere cut a larger lesion), the maximum moves there and the VOI is regrown, so
 *    the maximum is always the VOI's own; a move far from weak uptake at the seed is warned.
 * 2. Background: given, or measured as the median of a shell around the VOI with hot voxels
 *    excluded (shell-background.ts). Measuring needs a VOI and the VOI needs the background, so
 *    the two are iterated: start from BG = 0 (T = f max, the smallest VOI), measure BG around that
 *    VOI (if that VOI leaks at low contrast, from a shell outside the search sphere instead),
 *    re-threshold, re-measure around the new VOI, until BG changes by < 0.1% of (max - BG)
 *    or the VOI stops changing (typically 2-4 rounds; at most maxIterations). This iterates the
 *    background only; Jentzen's iterative thresholding with phantom-calibrated threshold-volume
 *    curves belongs to calibration, not here.
 * 3. VOI growth is confined to maxExtentMm around the maximum so that a leak stays local.
 * Warnings (plain sentences with the numbers) flag: low contrast, no clear uptake near the seed
 * (maximum moved beyond the search radius), seed outside the VOI, VOI at the image edge or the
 * growth limit, implausible volume, a second peak in
 * the VOI (merger with another hot structure), hot structures or clipping in the background
 * shell, tiny VOIs and non-convergence. Seeds outside the image are an InputError.
 */

import { ComputationError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { ijkToLps } from '../core/volume.ts';
import { growRegion, indexToIjk, type VoxelBox } from './connected-components.ts';
import { findMaximum, seedVoxel } from './seed-maximum.ts';
import { resolveIsocontourOptions, type IsocontourOptions } from './isocontour-options.ts';
import {
  isocontourFlags,
  isocontourWarnings,
  type IsocontourFlags,
} from './isocontour-warnings.ts';
import { shellBackground, type ShellBackground } from './shell-background.ts';
import { voiStatsAt } from './voi-stats.ts';

/** How the background was obtained: given by the caller, or the median of a shell. */
export type BackgroundMethod = 'given' | 'shell-median';

/** The VOI and its statistics (Bq/mL, mL, LPS mm) with warnings; plain data. */
export interface IsocontourResult {
  /** VOI mask cropped to its bounding box (its own origin; PET spacing and direction). */
  mask: Volume<Uint8Array>;
  /** Linear indices (ascending) of the VOI voxels in the PET grid. */
  voxelIndices: Int32Array;
  voxelCount: number;
  volumeMl: number;
  maxConcBqPerMl: number;
  /** LPS centre of the maximum voxel, mm. */
  maxPointLps: Vec3;
  meanConcBqPerMl: number;
  backgroundConcBqPerMl: number;
  backgroundMethod: BackgroundMethod;
  /** The background shell when measured (radii mm, voxel counts). */
  backgroundShell: ShellBackground | undefined;
  thresholdBqPerMl: number;
  /** max / BG (Infinity for BG <= 0). */
  contrast: number;
  /** Background / VOI rounds (1 when the background was given). */
  iterations: number;
  /** The checks behind the warnings, as booleans (isocontour-warnings.ts). */
  flags: IsocontourFlags;
  warnings: string[];
}

/** Background-adapted isocontour VOI of the lesion at `seedLps` (mm) in a PET (Bq/mL); see above. */
export function segmentIsocontour(
  pet: Volume<Float32Array>,
  seedLps: Vec3,
  options: Partial<IsocontourOptions> = {},
): IsocontourResult {
  const opts = resolveIsocontourOptions(options);
  const seedIjk = seedVoxel(pet, seedLps);
  const searchPeak = findMaximum(pet, seedIjk, opts.searchRadiusMm);
  let peak = searchPeak;
  const box = growthBox(pet, peak.index, opts.maxExtentMm);
  const given = opts.backgroundConcBqPerMl;
  let background = given ?? 0;
  let threshold = NaN;
  let voi: Int32Array = new Int32Array(0);
  let shell: ShellBackground | undefined;
  let iterations = 0;
  let converged = false;
  while (iterations < opts.maxIterations && !converged) {
    iterations++;
    threshold = background + opts.fraction * (peak.value - background);
    const grown = growAbove(pet, peak.index, threshold, opts.connectivity, box);
    const firstGuess = given === undefined && shell === undefined;
    if (firstGuess && grown.touchesBox) {
      // T = f max leaked (contrast below ~1 / f): take the first background from a shell
      // outside the search sphere around the maximum instead.
      const gap = opts.shellGapMm + opts.searchRadiusMm;
      shell = shellBackground(pet, Int32Array.of(peak.index), Infinity, gap, opts.shellThicknessMm);
      background = checkedBackground(shell, seedLps);
      continue;
    }
    const hottest = hottestVoxel(pet, grown.indices);
    if (hottest.value > peak.value) {
      // The search sphere cut the lesion: re-threshold from the maximum of its VOI.
      peak = { ...hottest, distanceMm: distanceMm(pet, seedIjk, hottest.index) };
      continue;
    }
    const same = sameIndices(grown.indices, voi);
    voi = grown.indices;
    if (given !== undefined || (same && shell !== undefined)) {
      converged = true;
      break;
    }
    shell = shellBackground(pet, voi, threshold, opts.shellGapMm, opts.shellThicknessMm);
    const change = Math.abs(checkedBackground(shell, seedLps) - background);
    background = shell.concBqPerMl;
    // A change this small moves the threshold by < 0.05% of the contrast: regrow once and stop.
    if (change <= 1e-3 * Math.abs(peak.value - background)) {
      threshold = background + opts.fraction * (peak.value - background);
      voi = growAbove(pet, peak.index, threshold, opts.connectivity, box).indices;
      converged = true;
    }
  }
  const maxConc = peak.value;
  // A seed in a cold region (its maximum below the background) leaves T above every voxel and
  // the VOI empty: keep the maximum voxel, so the statistics are finite and the low-contrast
  // flags (seed.no-uptake) say what is wrong instead of a NaN mean failing the fit later.
  if (voi.length === 0) voi = Int32Array.of(peak.index);

  const stats = voiStatsAt(pet, voi);
  const contrast = background > 0 ? maxConc / background : Infinity;
  const facts = {
    pet,
    voi,
    box,
    peak,
    searchPeak,
    seedIjk,
    maxConc,
    background,
    contrast,
    volumeMl: stats.volumeMl,
    shell,
    converged,
    iterations,
    opts,
  };
  const flags = isocontourFlags(facts);
  const warnings = isocontourWarnings(facts, flags);
  return {
    mask: croppedMask(pet, voi),
    voxelIndices: voi,
    voxelCount: stats.voxelCount,
    volumeMl: stats.volumeMl,
    maxConcBqPerMl: maxConc,
    maxPointLps: ijkToLps(pet, indexToIjk(pet.size, peak.index)),
    meanConcBqPerMl: stats.mean,
    backgroundConcBqPerMl: background,
    backgroundMethod: opts.backgroundConcBqPerMl === undefined ? 'shell-median' : 'given',
    backgroundShell: shell,
    thresholdBqPerMl: threshold,
    contrast,
    iterations,
    flags,
    warnings,
  };
}

/** Voxel box of half-width maxExtentMm around the voxel `index`, clipped to the image. */
function growthBox(pet: Volume<Float32Array>, index: number, maxExtentMm: number): VoxelBox {
  const c = indexToIjk(pet.size, index);
  const half = pet.spacingMm.map((s) => Math.ceil(maxExtentMm / s));
  const lo = (a: number) => Math.max(0, c[a]! - half[a]!);
  const hi = (a: number) => Math.min(pet.size[a]! - 1, c[a]! + half[a]!);
  return [lo(0), hi(0), lo(1), hi(1), lo(2), hi(2)];
}

/** Component of voxels >= threshold holding `seedIndex`, confined to `box`. */
function growAbove(
  pet: Volume<Float32Array>,
  seedIndex: number,
  threshold: number,
  connectivity: 6 | 26,
  box: VoxelBox,
): { indices: Int32Array; touchesBox: boolean } {
  const data = pet.data;
  const inside = (n: number) => (data[n] ?? -Infinity) >= threshold;
  return growRegion(pet.size, seedIndex, inside, connectivity, box);
}

/** The shell's background, Bq/mL; ComputationError when the shell holds no usable voxel. */
function checkedBackground(shell: ShellBackground, seedLps: Vec3): number {
  if (Number.isFinite(shell.concBqPerMl)) return shell.concBqPerMl;
  throw new ComputationError(
    { field: 'seedLps' },
    `no background voxels around the lesion at (${seedLps.join(', ')}) mm: the shell ` +
      `${shell.innerRadiusMm.toFixed(0)}-${shell.outerRadiusMm.toFixed(0)} mm lies outside the ` +
      `image or above threshold`,
    'give backgroundConcBqPerMl',
  );
}

/** Index and value of the hottest voxel of a set. */
function hottestVoxel(
  pet: Volume<Float32Array>,
  indices: Int32Array,
): { index: number; value: number } {
  let best = { index: indices[0] ?? 0, value: -Infinity };
  for (const index of indices) {
    const value = pet.data[index] ?? -Infinity;
    if (value > best.value) best = { index, value };
  }
  return best;
}

/** Distance (mm) from a continuous voxel position to the centre of voxel `index`. */
function distanceMm(pet: Volume<Float32Array>, fromIjk: Vec3, index: number): number {
  const ijk = indexToIjk(pet.size, index);
  return Math.hypot(...ijk.map((c, a) => (c - fromIjk[a]!) * pet.spacingMm[a]!));
}

function sameIndices(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let n = 0; n < a.length; n++) if (a[n] !== b[n]) return false;
  return true;
}

/** The VOI as a Uint8 mask on its bounding box (a sub-grid of the PET grid). */
function croppedMask(pet: Volume<Float32Array>, voi: Int32Array): Volume<Uint8Array> {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const index of voi) {
    const ijk = indexToIjk(pet.size, index);
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, ijk[a]!);
      hi[a] = Math.max(hi[a]!, ijk[a]!);
    }
  }
  const size: Vec3 =
    voi.length === 0 ? [0, 0, 0] : [hi[0]! - lo[0]! + 1, hi[1]! - lo[1]! + 1, hi[2]! - lo[2]! + 1];
  const data = new Uint8Array(size[0] * size[1] * size[2]);
  for (const index of voi) {
    const [i, j, k] = indexToIjk(pet.size, index);
    data[i - lo[0]! + size[0] * (j - lo[1]! + size[1] * (k - lo[2]!))] = 1;
  }
  const origin = voi.length === 0 ? pet.originLps : ijkToLps(pet, [lo[0]!, lo[1]!, lo[2]!]);
  return { size, spacingMm: pet.spacingMm, originLps: origin, direction: pet.direction, data };
}
