/**
 * The voxel path's settings for one study: the manifest's `settings.voxelDosimetry`
 * (io/manifest/voxel-settings-schema.ts) over the defaults. Enabled by default for an
 * image-level study with two or more PET sessions (issue 9 item 6); `enabled: false` turns it
 * off, and a study without two sessions says why it did not run.
 */
import type { Vec3 } from '../../core/volume.ts';
import type { VoxelDosimetryManifest } from '../../io/manifest/voxel-settings-schema.ts';

/** A transform given in the manifest for one session (first session LPS -> that session). */
export interface GivenSessionTransform {
  translationMm: Vec3;
  rotationDeg: Vec3;
  centreLps?: Vec3 | undefined;
}

export interface VoxelSettings {
  method: 'kernel' | 'local';
  tia: 'voxel' | 'region-scaled';
  densityCorrection: boolean;
  registration: 'auto' | 'none' | { given: Record<string, GivenSessionTransform> };
}

/** Defaults: the kernel (Lanconelli 2012), a fit per voxel, density from the CT, auto registration. */
export const VOXEL_DEFAULTS: VoxelSettings = {
  method: 'kernel',
  tia: 'voxel',
  densityCorrection: true,
  registration: 'auto',
};

/** The settings, or why the voxel path does not run for this study. */
export type VoxelSettingsChoice =
  { run: true; settings: VoxelSettings } | { run: false; settings: VoxelSettings; reason: string };

/** Resolves `settings.voxelDosimetry` for a study with `petSessions` PET sessions. */
export function resolveVoxelSettings(
  given: VoxelDosimetryManifest | undefined,
  petSessions: number,
): VoxelSettingsChoice {
  const settings: VoxelSettings = {
    method: given?.method ?? VOXEL_DEFAULTS.method,
    tia: given?.tia ?? VOXEL_DEFAULTS.tia,
    densityCorrection: given?.densityCorrection ?? VOXEL_DEFAULTS.densityCorrection,
    registration: given?.registration ?? VOXEL_DEFAULTS.registration,
  };
  if (given?.enabled === false)
    return { run: false, settings, reason: 'turned off (settings.voxelDosimetry.enabled: false)' };
  if (petSessions === 0)
    return { run: false, settings, reason: 'no PET images (measurement-level study)' };
  if (petSessions < 2 && settings.tia === 'voxel' && given?.enabled !== true) {
    return {
      run: false,
      settings,
      reason: `one PET session: a voxel fit needs two (set settings.voxelDosimetry.tia: region-scaled to use the lesion's fitted integral)`,
    };
  }
  return { run: true, settings };
}
