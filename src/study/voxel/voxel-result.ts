/**
 * The voxel path's part of results.json (issue 9): `voxelDosimetry` for the study and
 * `lesions[].voxel` per lesion. Plain data; units in the names. Nothing in the sphere-model
 * results depends on it.
 */
import type { Vec3 } from '../../core/volume.ts';
import type { TiaRule } from '../../dosimetry/voxel/voxel-curve.ts';
import type { LesionVoxelDose } from '../../dosimetry/voxel/lesion-voxel.ts';
import type { SessionRegistration } from './session-registration.ts';
import type { VoxelSettings } from './voxel-settings.ts';

/** A lesion's voxel dose statistics, or why there are none. */
export type LesionVoxelResult = LesionVoxelDose | { notComputed: string };

export interface VoxelDosimetryResult {
  computed: boolean;
  /** Why the voxel path did not run (or stopped); null when it ran. */
  reason: string | null;
  settings: VoxelSettings;
  /** The dose grid: the first session's PET. */
  grid: { scanId: string; size: Vec3; spacingMm: Vec3; frameOfReferenceUid: string } | null;
  sessions: (Omit<SessionRegistration, 'transform'> & {
    transform: SessionRegistration['transform'];
    timeH: number;
    used: boolean;
  })[];
  /** Voxels per integration rule (dosimetry/voxel/voxel-curve.ts). */
  tiaRules: Record<TiaRule, number> | null;
  /** Kernel or local deposition, the kernel's provenance, density correction. */
  dose: {
    method: 'kernel' | 'local';
    kernel: string | null;
    densityCorrected: boolean;
    densitySource: string | null;
    /** The activity of the RT Dose and the threshold volumes, GBq. */
    therapyActivityGBq: number;
  } | null;
  /** The RT Dose written (path in the output set), or null. */
  rtDose: { path: string; doseGridScaling: number; maxQuantisationErrorGy: number } | null;
  /** What the method does and does not do, for the report. */
  notes: string[];
  warnings: string[];
}
