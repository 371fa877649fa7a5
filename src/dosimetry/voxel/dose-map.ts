/**
 * Absorbed-dose maps per GBq of 131I administered, from a TIA map (tia-map.ts), issue 9 item 3:
 *
 * (a) kernel convolution (MIRD Pamphlet 17, Bolch et al. 1999 J Nucl Med 40:11S: D = sum_u
 *     A~_u S(v <- u)): D_v [Gy/GBq] = (tia [Bq s / MBq] (*) S [Gy/(Bq s)])_v x 1000 MBq/GBq, with
 *     the 131I soft-tissue voxel S-values of Lanconelli et al. 2012 for the grid (physics/s-values/
 *     voxel-kernels.ts); optional density scaling D_v x rho_kernel / rho_v (density.ts). The kernel
 *     spans 11 voxels (+-5): photon energy deposited farther away is not counted. Measured in
 *     test/dosimetry/voxel/validation.test.ts: the 4 mm kernel holds sum S m = 38.9% of the 131I
 *     energy emitted per decay (electrons are 33.4% of it; 8.3% of the photon energy is inside);
 *     against the sphere model (which counts every photon absorbed in the sphere) uniform spheres
 *     of 4-128 mL on 4 mm voxels lie 2.0-4.3% below, 256 mL 6.2% and 512 mL 9.1% below; the loss
 *     grows as voxels shrink (64 mL: 5.8% below at 2.21 mm, 1.6% at 9.28 mm).
 * (b) local energy deposition: all electron energy emitted per decay (ICRP-107 beta-, IE and Auger,
 *     191.85 keV; physics/nuclides.ts) absorbed in the voxel of the decay, no photon energy:
 *     D_v = tia_v x 1000 x E_e / (rho_v V_v). It neglects the electron crossfire (ranges up to
 *     ~3 mm in soft tissue) and all photons (66.6% of the emitted energy).
 */
import { InputError } from '../../core/errors.ts';
import { voxelVolumeMl, type Vec3 } from '../../core/volume.ts';
import {
  ELECTRON_TYPES,
  I131,
  JOULE_PER_MEV,
  meanEnergyPerDecayMeV,
} from '../../physics/nuclides.ts';
import {
  KERNEL_DENSITY_G_PER_ML,
  kernelForSpacing,
  type VoxelKernelForGrid,
} from '../../physics/s-values/voxel-kernels.ts';
import type { Convolve3d } from './direct-convolve.ts';
import type { TiaMap } from './tia-map.ts';

/** MBq per GBq. */
const MBQ_PER_GBQ = 1000;
/** 131I electron energy per decay, J (ICRP-107: beta-, IE, Auger). */
export const I131_ELECTRON_ENERGY_J = meanEnergyPerDecayMeV(I131, ELECTRON_TYPES) * JOULE_PER_MEV;

/** A dose map per GBq of 131I administered on the TIA map's grid. */
export interface DoseMap {
  size: Vec3;
  spacingMm: Vec3;
  doseGyPerGBq: Float32Array;
  method: 'kernel' | 'local';
  densityCorrected: boolean;
  /** The kernel used (method 'kernel'), without its values. */
  kernel: Omit<VoxelKernelForGrid, 'kernelGyPerBqS'> | null;
}

function checkDensity(density: ArrayLike<number> | undefined, n: number): void {
  if (density === undefined) return;
  if (density.length !== n) {
    throw new InputError(
      { field: 'densityGPerMl' },
      `expected ${n} voxels (the PET grid), got ${density.length}`,
      'resample the CT to the PET grid',
    );
  }
  for (let v = 0; v < n; v++) {
    if (!(density[v]! > 0 && Number.isFinite(density[v]!))) {
      throw new InputError(
        { field: 'densityGPerMl' },
        `expected positive densities, voxel ${v} is ${density[v]}`,
      );
    }
  }
}

/** Kernel-convolution dose map, Gy/GBq (file comment (a)); `convolve` is same-mode. */
export function kernelDoseMap(
  tia: TiaMap,
  options: { convolve: Convolve3d; densityGPerMl?: ArrayLike<number> },
): DoseMap {
  const n = tia.tiaBqSPerMBq.length;
  checkDensity(options.densityGPerMl, n);
  const { kernelGyPerBqS, ...kernel } = kernelForSpacing(tia.spacingMm);
  const dose = options.convolve(tia.tiaBqSPerMBq, tia.size, kernelGyPerBqS, kernel.kernelSize);
  if (dose.length !== n) throw new Error(`convolve returned ${dose.length} voxels, expected ${n}`);
  const density = options.densityGPerMl;
  for (let v = 0; v < n; v++) {
    const scale = density === undefined ? 1 : KERNEL_DENSITY_G_PER_ML / density[v]!;
    dose[v] = dose[v]! * MBQ_PER_GBQ * scale;
  }
  return {
    size: tia.size,
    spacingMm: tia.spacingMm,
    doseGyPerGBq: dose,
    method: 'kernel',
    densityCorrected: density !== undefined,
    kernel,
  };
}

/**
 * Local-deposition dose map, Gy/GBq (file comment (b)); density per voxel (g/mL) or one value
 * (default 1.04 g/mL, soft tissue as the seed's spheres).
 */
export function localDepositionDoseMap(
  tia: TiaMap,
  options: { densityGPerMl?: ArrayLike<number> | number } = {},
): DoseMap {
  const n = tia.tiaBqSPerMBq.length;
  const given = options.densityGPerMl;
  const density = typeof given === 'number' || given === undefined ? undefined : given;
  const uniform = typeof given === 'number' ? given : KERNEL_DENSITY_G_PER_ML;
  if (!(uniform > 0 && Number.isFinite(uniform))) {
    throw new InputError({ field: 'densityGPerMl' }, `expected a positive density, got ${uniform}`);
  }
  checkDensity(density, n);
  const voxelMl = voxelVolumeMl(tia);
  const dose = new Float32Array(n);
  for (let v = 0; v < n; v++) {
    const massKg = ((density === undefined ? uniform : density[v]!) * voxelMl) / 1000;
    dose[v] = (tia.tiaBqSPerMBq[v]! * MBQ_PER_GBQ * I131_ELECTRON_ENERGY_J) / massKg;
  }
  return {
    size: tia.size,
    spacingMm: tia.spacingMm,
    doseGyPerGBq: dose,
    method: 'local',
    densityCorrected: density !== undefined,
    kernel: null,
  };
}
