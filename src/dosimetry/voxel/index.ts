/** Voxel dosimetry (issue 9): TIA maps, kernel and local-deposition dose maps, density, DVHs. */
export { voxelTiaMap, regionScaledTiaMap, BQ_S_PER_MBQ_PER_H } from './tia-map.ts';
export type { TiaMap, TiaSession, VoxelTiaInput, RegionScaledTiaInput } from './tia-map.ts';
export { integrateVoxelCurve, TIA_RULES, type TiaRule } from './voxel-curve.ts';
export { kernelDoseMap, localDepositionDoseMap, I131_ELECTRON_ENERGY_J } from './dose-map.ts';
export type { DoseMap } from './dose-map.ts';
export { densityFromHu, SCHNEIDER_2000_HU_DENSITY, type DensityMap } from './density.ts';
export { directConvolve3d, type Convolve3d } from './direct-convolve.ts';
export { cumulativeDvh, doseCoveringPercent, DEFAULT_DVH_BINS, type CumulativeDvh } from './dvh.ts';
export { lesionVoxelDose } from './lesion-voxel.ts';
export type { LesionVoxelDose, LesionVoxelOptions } from './lesion-voxel.ts';
