/**
 * Absorbed-dose maps per GBq of 131I administered, from a TIA map (tia-map.ts), issue 9 item 3:
 *
 * (a) kernel convolution (MIRD Pamphlet 17, Bolch et al. 1999 J Nucl Med 40:11S: D = sum_u
 *     A~_u S(v <- u)): D_v [Gy/GBq] = (tia [Bq s / MBq] (*) S [Gy/(Bq s)])_v x 1000 MBq/GBq, with
 *     the 131I dose kernel for the grid (physics/s-values/voxel-photon-tail.ts): the soft-tissue
 *     voxel S-values of Lanconelli et al. 2012 in their 11^3 support (voxel-kernels.ts), and
 *     beyond it, out to `photonTailRadiusMm` (default 100 mm; 0 = the 11^3 kernel alone), the
 *     photon voxel S-values of iodose's photon point kernel (the sphere model's Monte Carlo);
 *     optional density scaling D_v x rho_kernel / rho_v (density.ts). Measured in
 *     test/dosimetry/voxel/validation.test.ts: the 11^3 kernel at 4 mm holds 224 keV of the
 *     575 keV emitted per decay (all of the electron energy, 8% of the photon energy), so uniform
 *     spheres on 4 mm voxels fell below the sphere model by 6.2% at 256 mL and 9.1% at 512 mL;
 *     with the tail the kernel holds 318 keV (33% of the photon energy: what an unbounded medium
 *     absorbs within 10 cm) and spheres of 4-512 mL lie 0.3-2.1% below the sphere model.
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
import { KERNEL_DENSITY_G_PER_ML } from '../../physics/s-values/voxel-kernels.ts';
import {
  doseKernelForSpacing,
  PHOTON_TAIL_RADIUS_MM,
  type DoseKernelForGrid,
} from '../../physics/s-values/voxel-photon-tail.ts';
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
  kernel: Omit<DoseKernelForGrid, 'kernelGyPerBqS'> | null;
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
  options: {
    convolve: Convolve3d;
    densityGPerMl?: ArrayLike<number>;
    /** Photon tail radius, mm (default 100; 0: the 11^3 Lanconelli kernel alone). */
    photonTailRadiusMm?: number;
  },
): DoseMap {
  const n = tia.tiaBqSPerMBq.length;
  checkDensity(options.densityGPerMl, n);
  const { kernelGyPerBqS, ...kernel } = doseKernelForSpacing(
    tia.spacingMm,
    options.photonTailRadiusMm ?? PHOTON_TAIL_RADIUS_MM,
  );
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
