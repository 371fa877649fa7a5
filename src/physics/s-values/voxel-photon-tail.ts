/**
 * The 131I voxel dose kernel with its photon tail: the Lanconelli et al. 2012 soft-tissue voxel
 * S-values inside their 11^3 support (voxel-kernels.ts; they hold all of the electron energy but
 * only ~8% of the photon energy at 4 mm) and, beyond it out to a radius, the photon-only voxel
 * S-values of iodose's own photon point kernel in unbounded soft tissue (data/s-values/
 * I-131-photon-point-kernel-soft.json, scripts/compute-photon-point-kernel.ts; the Monte Carlo
 * model that made the sphere S-values, so the voxel path and the sphere model count photons alike).
 *
 * Tail value at voxel offset d (mm, physical): MIRD voxel S-value (Bolch et al. 1999, MIRD
 * Pamphlet 17) S(d) = E_gamma <SAF(|d + u|)>, with E_gamma = 131I photon energy per decay
 * (ICRP-107, 382.76 keV) and SAF the point kernel's specific absorbed fraction at distance r,
 * SAF(r) = g(rho r) rho^2 / (4 pi (rho r)^2) per gram, g = fraction of the photon energy absorbed
 * per g/cm^2 of mass thickness (central difference of the kernel's cumulative absorbed fraction
 * over +-0.25 g/cm^2, which smooths the Monte Carlo noise; the kernel is smooth on that scale,
 * mu ~ 0.11 cm^2/g). <.> averages over the source and target voxels: u = difference of two
 * uniform points, triangular per axis on [-s, s], by the 3-point rule exact for that weight up to
 * degree 5 (nodes 0 and +-sqrt(0.4) s, weights 7/12 and 5/24 each).
 *
 * Density 1.04 g/mL, as the Lanconelli kernel (its data file); the dose map scales both by
 * 1.04/rho per voxel. The tail is cut at `radiusMm` (distance between voxel centres): default
 * 100 mm, which holds the whole self-irradiation of a sphere up to 520 mL (diameter 100 mm);
 * photon energy absorbed farther than that from the decay (in an unbounded medium 68% of it,
 * in a patient partly escaping the body) is not counted, as in the sphere model.
 */
import pointKernel from '../../../data/s-values/I-131-photon-point-kernel-soft.json' with { type: 'json' };
import { InputError } from '../../core/errors.ts';
import type { Vec3 } from '../../core/volume.ts';
import { I131, JOULE_PER_MEV, PHOTON_TYPES, meanEnergyPerDecayMeV } from '../nuclides.ts';
import {
  KERNEL_DENSITY_G_PER_ML,
  KERNEL_HALF_WIDTH,
  KERNEL_WIDTH,
  kernelForSpacing,
  type VoxelKernelForGrid,
} from './voxel-kernels.ts';

/** Default tail radius, mm (file comment). */
export const PHOTON_TAIL_RADIUS_MM = 100;
/** 131I photon energy per decay, J (ICRP-107 gamma and X lines). */
const PHOTON_ENERGY_J = meanEnergyPerDecayMeV(I131, PHOTON_TYPES) * JOULE_PER_MEV;
/** Half-width of the smoothing central difference, g/cm^2. */
const SMOOTHING_G_PER_CM2 = 0.25;
const WIDTH: number = pointKernel.binWidthGPerCm2;
/** Cumulative absorbed fraction at the bin edges: CUMULATIVE[i] = fraction within i x WIDTH. */
const CUMULATIVE: Float64Array = (() => {
  const c = new Float64Array(pointKernel.fractions.length + 1);
  pointKernel.fractions.forEach((f, i) => (c[i + 1] = c[i]! + f));
  return c;
})();
/** Largest mass thickness the point kernel covers, g/cm^2. */
export const POINT_KERNEL_MAX_G_PER_CM2 = WIDTH * pointKernel.fractions.length;
const SOURCE = `photon tail: iodose 131I photon point kernel in soft tissue (${pointKernel.provenance.script}, ${pointKernel.provenance.monteCarlo.histories} histories)`;

/** Photon energy fraction absorbed within mass thickness t of the point source (linear). */
export function photonFractionWithin(tGPerCm2: number): number {
  const x = Math.min(Math.max(tGPerCm2 / WIDTH, 0), CUMULATIVE.length - 1);
  const i = Math.min(Math.floor(x), CUMULATIVE.length - 2);
  return CUMULATIVE[i]! + (x - i) * (CUMULATIVE[i + 1]! - CUMULATIVE[i]!);
}

/**
 * Photon specific absorbed fraction at `distanceMm` from a point source in soft tissue of
 * `densityGPerMl`, per kg (file comment).
 */
export function photonSpecificAbsorbedFractionPerKg(
  distanceMm: number,
  densityGPerMl: number = KERNEL_DENSITY_G_PER_ML,
): number {
  const t = (densityGPerMl * distanceMm) / 10;
  const h = Math.min(SMOOTHING_G_PER_CM2, t / 2);
  if (!(h > 0) || t + h > POINT_KERNEL_MAX_G_PER_CM2) {
    throw new RangeError(
      `photon point kernel: ${distanceMm} mm outside 0-${POINT_KERNEL_MAX_G_PER_CM2} g/cm^2`,
    );
  }
  const perGPerCm2 = (photonFractionWithin(t + h) - photonFractionWithin(t - h)) / (2 * h);
  return (1000 * perGPerCm2 * densityGPerMl * densityGPerMl) / (4 * Math.PI * t * t);
}

const NODE = Math.sqrt(0.4);
const RULE: readonly (readonly [number, number])[] = [
  [-NODE, 5 / 24],
  [0, 7 / 12],
  [NODE, 5 / 24],
];

/** Photon-only voxel S-value at physical offset `offsetMm` between voxels of `spacingMm`, Gy/(Bq s). */
export function photonTailSValue(offsetMm: Vec3, spacingMm: Vec3): number {
  let sum = 0;
  for (const [a, wa] of RULE)
    for (const [b, wb] of RULE)
      for (const [c, wc] of RULE) {
        const r = Math.hypot(
          offsetMm[0] + a * spacingMm[0],
          offsetMm[1] + b * spacingMm[1],
          offsetMm[2] + c * spacingMm[2],
        );
        sum += wa * wb * wc * photonSpecificAbsorbedFractionPerKg(r);
      }
  return PHOTON_ENERGY_J * sum;
}

/** The dose kernel for a grid: the 11^3 Lanconelli core, and the photon tail around it. */
export interface DoseKernelForGrid extends VoxelKernelForGrid {
  /** Tail radius, mm (0: no tail, the 11^3 core alone). */
  photonTailRadiusMm: number;
}

/**
 * The 131I dose kernel for a grid of `spacingMm`: Lanconelli core (voxel-kernels.ts
 * kernelForSpacing) where it is defined (non-zero), the photon tail elsewhere within
 * `photonTailRadiusMm` of the centre (0: the core alone). Sizes 2 H + 1, H = max(5, floor(R / s))
 * per axis.
 */
export function doseKernelForSpacing(
  spacingMm: Vec3,
  photonTailRadiusMm: number = PHOTON_TAIL_RADIUS_MM,
): DoseKernelForGrid {
  const core = kernelForSpacing(spacingMm);
  const limitMm =
    (10 * (POINT_KERNEL_MAX_G_PER_CM2 - 2 * SMOOTHING_G_PER_CM2)) / KERNEL_DENSITY_G_PER_ML -
    Math.hypot(...spacingMm);
  if (!(photonTailRadiusMm >= 0 && photonTailRadiusMm <= limitMm)) {
    throw new InputError(
      { field: 'photonTailRadiusMm' },
      `expected a photon tail radius of 0-${limitMm.toFixed(0)} mm (the tabulated photon point kernel), got ${photonTailRadiusMm}`,
      'use the default 100 mm, or 0 for the 11^3 kernel alone',
    );
  }
  if (photonTailRadiusMm === 0) return { ...core, photonTailRadiusMm: 0 };
  const halfOf = (s: number) => Math.max(KERNEL_HALF_WIDTH, Math.floor(photonTailRadiusMm / s));
  const half: Vec3 = [halfOf(spacingMm[0]), halfOf(spacingMm[1]), halfOf(spacingMm[2])];
  const size: Vec3 = [2 * half[0] + 1, 2 * half[1] + 1, 2 * half[2] + 1];
  const kernel = new Float32Array(size[0] * size[1] * size[2]);
  // one octant of the tail (it is even in each axis), then mirrored
  const octant = new Float64Array((half[0] + 1) * (half[1] + 1) * (half[2] + 1));
  const at = (i: number, j: number, k: number) => i + (half[0] + 1) * (j + (half[1] + 1) * k);
  const r2 = photonTailRadiusMm * photonTailRadiusMm;
  for (let k = 0; k <= half[2]; k++)
    for (let j = 0; j <= half[1]; j++)
      for (let i = 0; i <= half[0]; i++) {
        const d: Vec3 = [i * spacingMm[0], j * spacingMm[1], k * spacingMm[2]];
        const inCore = i <= KERNEL_HALF_WIDTH && j <= KERNEL_HALF_WIDTH && k <= KERNEL_HALF_WIDTH;
        const coreValue = inCore
          ? core.kernelGyPerBqS[
              i +
                KERNEL_HALF_WIDTH +
                KERNEL_WIDTH * (j + KERNEL_HALF_WIDTH + KERNEL_WIDTH * (k + KERNEL_HALF_WIDTH))
            ]!
          : 0;
        octant[at(i, j, k)] =
          coreValue > 0
            ? coreValue
            : d[0] ** 2 + d[1] ** 2 + d[2] ** 2 <= r2
              ? photonTailSValue(d, spacingMm)
              : 0;
      }
  for (let k = -half[2]; k <= half[2]; k++)
    for (let j = -half[1]; j <= half[1]; j++)
      for (let i = -half[0]; i <= half[0]; i++) {
        kernel[i + half[0] + size[0] * (j + half[1] + size[1] * (k + half[2]))] =
          octant[at(Math.abs(i), Math.abs(j), Math.abs(k))]!;
      }
  return {
    ...core,
    kernelGyPerBqS: kernel,
    kernelSize: size,
    photonTailRadiusMm,
    source: `${core.source}; ${SOURCE} beyond the 11^3 core out to ${photonTailRadiusMm} mm`,
  };
}
