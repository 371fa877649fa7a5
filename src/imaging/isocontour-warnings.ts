/**
 * Warnings of the isocontour segmentation (isocontour.ts): each a sentence with the numbers that
 * triggered it and what it means for the VOI.
 */

import type { Vec3, Volume } from '../core/volume.ts';
import { indexToIjk, type VoxelBox } from './connected-components.ts';
import type { IsocontourOptions } from './isocontour-options.ts';
import { secondaryPeaks } from './merged-peaks.ts';
import type { SearchPeak } from './seed-maximum.ts';
import type { ShellBackground } from './shell-background.ts';

/** What the checks need to know about one segmentation. */
export interface IsocontourFacts {
  pet: Volume<Float32Array>;
  voi: Int32Array;
  box: VoxelBox;
  /** The lesion maximum (the VOI's hottest voxel). */
  peak: SearchPeak;
  /** The maximum within the search sphere around the seed. */
  searchPeak: SearchPeak;
  seedIjk: Vec3;
  maxConc: number;
  background: number;
  contrast: number;
  volumeMl: number;
  shell: ShellBackground | undefined;
  converged: boolean;
  iterations: number;
  opts: IsocontourOptions;
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

/**
 * The checks behind the warnings, as booleans for callers that decide on them (the study layer's
 * assessability and the RAS-seed hint). `imageEdge` is an in-plane edge (first or last column or
 * row), `axialEnd` the first or last slice (the end of the PET's axial range).
 */
export interface IsocontourFlags {
  lowContrast: boolean;
  noUptakeNearSeed: boolean;
  seedOutsideVoi: boolean;
  imageEdge: boolean;
  axialEnd: boolean;
  growthLimit: boolean;
  implausibleVolume: boolean;
}

/** The boolean checks of one isocontour VOI (see IsocontourFlags). */
export function isocontourFlags(facts: IsocontourFacts): IsocontourFlags {
  const { pet, voi, box, peak, maxConc, background, contrast, opts } = facts;
  const near = facts.searchPeak;
  const [nx, ny, nz] = pet.size;
  let imageEdge = false;
  let axialEnd = false;
  let growthLimit = false;
  for (const index of voi) {
    const [i, j, k] = indexToIjk(pet.size, index);
    const inPlane = i === 0 || j === 0 || i === nx - 1 || j === ny - 1;
    const axial = k === 0 || k === nz - 1;
    imageEdge ||= inPlane;
    axialEnd ||= axial;
    if (inPlane || axial) continue;
    growthLimit ||=
      i === box[0] || i === box[1] || j === box[2] || j === box[3] || k === box[4] || k === box[5];
  }
  return {
    lowContrast: contrast < opts.minContrast,
    noUptakeNearSeed:
      peak.distanceMm > opts.searchRadiusMm &&
      near.value - background < 0.75 * (maxConc - background),
    seedOutsideVoi: !sortedHas(voi, linearIndex(pet.size, facts.seedIjk)),
    imageEdge,
    axialEnd,
    growthLimit,
    implausibleVolume: facts.volumeMl > opts.maxVolumeMl,
  };
}

/** The warnings for one isocontour VOI (empty when all checks pass). */
export function isocontourWarnings(
  facts: IsocontourFacts,
  flags: IsocontourFlags = isocontourFlags(facts),
): string[] {
  const { pet, voi, peak, maxConc, background, contrast, opts } = facts;
  const warnings: string[] = [];
  if (flags.lowContrast) {
    warnings.push(
      `low contrast: max/BG = ${fmt(contrast, 2)} (max ${fmt(maxConc)} Bq/mL, BG ${fmt(background)} Bq/mL) ` +
        `is below ${opts.minContrast}; the ${Math.round(opts.fraction * 100)}% isocontour is unreliable ` +
        `(no clear uptake near the seed?)`,
    );
  }
  const near = facts.searchPeak;
  if (flags.noUptakeNearSeed) {
    warnings.push(
      `no clear uptake near the seed: the lesion maximum lies ${fmt(peak.distanceMm)} mm from it, ` +
        `beyond the ${opts.searchRadiusMm} mm search radius (within it the maximum was ` +
        `${fmt(near.value)} Bq/mL, max/BG = ${fmt(near.value / background, 2)}); check that the VOI is ` +
        `the intended lesion`,
    );
  }
  if (flags.seedOutsideVoi) {
    warnings.push(
      `the seed lies outside the VOI (the maximum is ${fmt(peak.distanceMm)} mm from the seed): ` +
        `the segmented uptake may not be the intended lesion`,
    );
  }
  if (flags.imageEdge) {
    warnings.push(
      'the VOI touches the image edge: the lesion may be cut off; volume and mean are unreliable',
    );
  }
  if (flags.axialEnd) {
    warnings.push(
      'the VOI touches the first or last slice of the PET (the end of its axial range): the lesion ' +
        'may be cut off; volume and mean are unreliable',
    );
  }
  if (flags.growthLimit) {
    warnings.push(
      `the VOI reaches the growth limit (${opts.maxExtentMm} mm from the maximum): it probably leaks ` +
        `into surrounding uptake; volume and mean are unreliable`,
    );
  }
  if (flags.implausibleVolume) {
    warnings.push(
      `the VOI is ${fmt(facts.volumeMl)} mL, above the plausible ${opts.maxVolumeMl} mL: probable leak`,
    );
  }
  const minProminence = opts.secondPeakProminence * (maxConc - background);
  const [second] = secondaryPeaks(pet, voi, opts.connectivity, minProminence);
  if (second !== undefined && maxConc > background) {
    const a = indexToIjk(pet.size, peak.index);
    const b = indexToIjk(pet.size, second.index);
    const distanceMm = Math.hypot(...a.map((c, n) => (c - b[n]!) * pet.spacingMm[n]!));
    warnings.push(
      `the VOI touches another hot structure: it holds a second maximum ${fmt(distanceMm)} mm from ` +
        `the first (prominence ${fmt((100 * second.prominence) / (maxConc - background), 0)}% of max - BG); ` +
        `volume and mean include both`,
    );
  }
  const shell = facts.shell;
  if (shell !== undefined) {
    const hotFraction = shell.hotVoxelCount / Math.max(1, shell.shellVoxelCount);
    if (hotFraction > 0.1) {
      warnings.push(
        `${fmt(100 * hotFraction, 0)}% of the background shell (${fmt(shell.innerRadiusMm, 0)}-` +
          `${fmt(shell.outerRadiusMm, 0)} mm) is above threshold: another hot structure is near; ` +
          `BG is the median of the rest`,
      );
    }
    if (shell.shellVoxelCount < 0.5 * shell.nominalVoxelCount) {
      warnings.push(
        `the background shell is clipped by the image edge (${shell.shellVoxelCount} of ` +
          `${shell.nominalVoxelCount} voxels): BG is less reliable`,
      );
    }
  }
  if (voi.length < 8) {
    warnings.push(
      `the VOI has only ${voi.length} voxel(s): below the image resolution, its volume is unreliable`,
    );
  }
  if (!facts.converged) {
    warnings.push(
      `background and VOI did not converge in ${facts.iterations} rounds; the last is reported`,
    );
  }
  return warnings;
}

/** Linear index of the voxel nearest a continuous voxel position. */
function linearIndex(size: Vec3, ijk: Vec3): number {
  const [i, j, k] = ijk.map(Math.round) as [number, number, number];
  return i + size[0] * (j + size[1] * k);
}

/** True if the ascending array holds `value` (binary search). */
function sortedHas(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] ?? 0;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
