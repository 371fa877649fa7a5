/**
 * The voxel path of one study (issue 9), pure: register the later sessions to the first
 * (session-registration.ts), carry their PETs onto the first session's PET grid (cubic B-spline), the
 * time-integrated activity map (dosimetry/voxel/tia-map.ts: a mono-exponential per voxel with the
 * seed's tail rule, or the region-scaled alternative), the dose per GBq of 131I (kernel
 * convolution of the Lanconelli et al. 2012 voxel S-values with density scaling from the first
 * CT, or local deposition), and each lesion's voxel statistics over its VOI (dosimetry/voxel/
 * lesion-voxel.ts). The sphere-model results are inputs only: nothing here changes them.
 *
 * VOIs: a lesion's isocontour VOI on the first session; a lesion seeded only on later sessions
 * takes its earliest VOI carried onto the first grid through that session's transform
 * (trilinear, voxels >= 0.5 inside). Air: voxels with a CT density below AIR_DENSITY_G_PER_ML
 * hold no tissue, and density scaling would multiply their dose by up to 860; their dose is set
 * to 0 and counted (our rule).
 */
import { isUserError } from '../../core/errors.ts';
import type { Vec3, Volume } from '../../core/volume.ts';
import { voxelCount } from '../../core/volume.ts';
import { densityFromHu } from '../../dosimetry/voxel/density.ts';
import type { Convolve3d } from '../../dosimetry/voxel/direct-convolve.ts';
import {
  kernelDoseMap,
  localDepositionDoseMap,
  type DoseMap,
} from '../../dosimetry/voxel/dose-map.ts';
import { lesionVoxelDose } from '../../dosimetry/voxel/lesion-voxel.ts';
import { regionScaledTiaMap, voxelTiaMap, type TiaMap } from '../../dosimetry/voxel/tia-map.ts';
import { identityRigid, type RigidTransform } from '../../imaging/registration/rigid-transform.ts';
import { resampleRigid } from '../../imaging/registration/resample-rigid.ts';
import type { IsocontourResult } from '../../imaging/isocontour.ts';
import { I124, I131 } from '../../physics/nuclides.ts';
import { KERNEL_DENSITY_G_PER_ML } from '../../physics/s-values/voxel-kernels.ts';
import { PHOTON_TAIL_RADIUS_MM } from '../../physics/s-values/voxel-photon-tail.ts';
import type { LoadedSession } from '../loaded-study.ts';
import { registerSessions, type SessionRegistration } from './session-registration.ts';
import type { LesionVoxelResult, VoxelDosimetryResult } from './voxel-result.ts';
import type { VoxelSettings } from './voxel-settings.ts';

/** Below this CT density (g/mL; about -950 HU on Schneider's curve) a voxel is air (our rule). */
export const AIR_DENSITY_G_PER_ML = 0.05;

/** What the voxel path needs of a study that the sphere model has run on. */
export interface VoxelStudyInput {
  sessions: readonly LoadedSession[];
  vois: readonly { lesionId: string; scanId: string; voi: IsocontourResult }[];
  /** The lesions in results order, with their sphere-model dose and residence time. */
  lesions: readonly { id: string; doseGyPerGBq: number | null; residenceTimeH: number | null }[];
  administered124MBq: number;
  therapyActivityGBq: number;
  thresholdGy: number;
  settings: VoxelSettings;
  convolve: Convolve3d;
  check?: () => void;
}

/** The voxel path's result, its dose map (per GBq, first PET grid) and the VOI masks. */
export interface VoxelStudy {
  result: VoxelDosimetryResult;
  lesions: Map<string, LesionVoxelResult>;
  doseGyPerGBq: Volume<Float32Array>;
  /** The session whose PET grid and frame of reference the dose is on. */
  reference: LoadedSession;
  masks: Map<string, Uint8Array>;
}

const NO_RECOVERY_NOTE =
  'No recovery (partial-volume) correction at voxel level: the voxel doses are those of the PET as measured, blurred by its resolution.';
const METHOD_NOTES: Record<VoxelSettings['method'], string> = {
  kernel: `Kernel: 131I voxel S-values of Lanconelli et al. 2012 (soft tissue) within 5 voxels, and beyond them out to ${PHOTON_TAIL_RADIUS_MM} mm the photon dose of iodose's photon point kernel (the Monte Carlo of the sphere model); photon energy absorbed farther than ${PHOTON_TAIL_RADIUS_MM} mm from the decay is not counted (the sphere model counts only the sphere's own photons).`,
  local:
    'Local deposition: the 131I electron energy of each decay absorbed in its own voxel; no photon dose (the sphere model includes it).',
};

type Grid = Omit<Volume, 'data'>;

/** Negative values set to 0, in place. */
function clampNegative(data: Float32Array): Float32Array {
  for (let v = 0; v < data.length; v++) if ((data[v] ?? 0) < 0) data[v] = 0;
  return data;
}

function fullMask(size: Vec3, indices: Int32Array): Uint8Array {
  const mask = new Uint8Array(voxelCount(size));
  for (const index of indices) mask[index] = 1;
  return mask;
}

/** A VOI of `session` carried onto `grid` through `transform` (voxels >= 0.5 inside). */
function carriedMask(
  session: LoadedSession,
  voi: IsocontourResult,
  grid: Grid,
  transform: RigidTransform,
): Uint8Array {
  const pet = session.pet.volume;
  const ones = new Float32Array(voxelCount(pet.size));
  for (const index of voi.voxelIndices) ones[index] = 1;
  const carried = resampleRigid({ ...pet, data: ones }, grid, transform);
  const mask = new Uint8Array(carried.data.length);
  for (let v = 0; v < mask.length; v++) mask[v] = (carried.data[v] ?? 0) >= 0.5 ? 1 : 0;
  return mask;
}

function lesionMasks(
  input: VoxelStudyInput,
  used: Map<string, { session: LoadedSession; transform: RigidTransform }>,
  grid: Grid,
): Map<string, Uint8Array | string> {
  const out = new Map<string, Uint8Array | string>();
  const order = input.sessions.map((s) => s.id);
  for (const lesion of input.lesions) {
    const vois = input.vois
      .filter((v) => v.lesionId === lesion.id && used.has(v.scanId))
      .sort((a, b) => order.indexOf(a.scanId) - order.indexOf(b.scanId));
    const first = vois[0];
    const carrier = first === undefined ? undefined : used.get(first.scanId);
    if (first === undefined || carrier === undefined) {
      out.set(lesion.id, 'no VOI on a registered PET session (seeded on none)');
    } else if (first.scanId === input.sessions[0]?.id) {
      out.set(lesion.id, fullMask(grid.size, first.voi.voxelIndices));
    } else {
      out.set(lesion.id, carriedMask(carrier.session, first.voi, grid, carrier.transform));
    }
  }
  return out;
}

function tiaMapOf(
  input: VoxelStudyInput,
  grid: Grid,
  maps: { timeH: number; conc: Float32Array }[],
  masks: Map<string, Uint8Array | string>,
): TiaMap {
  if (input.settings.tia === 'voxel') {
    return voxelTiaMap({
      size: grid.size,
      spacingMm: grid.spacingMm,
      sessions: maps.map((m) => ({ timeH: m.timeH, conc124BqPerMl: m.conc })),
      administered124MBq: input.administered124MBq,
      halfLife124H: I124.halfLifeH,
      halfLife131H: I131.halfLifeH,
    });
  }
  // Region-scaled: the first session's pattern in each VOI x the lesion's fitted integral.
  const total = new Float32Array(voxelCount(grid.size));
  let rules: TiaMap['rules'] | null = null;
  for (const lesion of input.lesions) {
    const mask = masks.get(lesion.id);
    if (typeof mask === 'string' || mask === undefined || lesion.residenceTimeH === null) continue;
    let map: TiaMap;
    try {
      map = regionScaledTiaMap({
        size: grid.size,
        spacingMm: grid.spacingMm,
        concBqPerMl: maps[0]?.conc ?? new Float32Array(total.length),
        mask,
        lesionResidenceTimeH: lesion.residenceTimeH,
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      masks.set(lesion.id, `no region-scaled activity: ${error.message}`);
      continue;
    }
    for (let v = 0; v < total.length; v++) total[v] = (total[v] ?? 0) + (map.tiaBqSPerMBq[v] ?? 0);
    rules = rules === null ? { ...map.rules } : addRules(rules, map.rules);
  }
  return {
    size: grid.size,
    spacingMm: grid.spacingMm,
    tiaBqSPerMBq: total,
    rules: rules ?? { monoFitTail: 0, monoPhysicalTail: 0, monoRising: 0, trapezoid: 0, zero: 0 },
    method: 'region-scaled',
  };
}

function addRules(a: TiaMap['rules'], b: TiaMap['rules']): TiaMap['rules'] {
  const out = { ...a };
  for (const key of Object.keys(b) as (keyof TiaMap['rules'])[]) out[key] = (a[key] ?? 0) + b[key];
  return out;
}

function densityOf(
  reference: LoadedSession,
  grid: Grid,
  warnings: string[],
): { density: Float32Array; source: string } | null {
  if (reference.ct === null) {
    warnings.push(
      `scan ${reference.id}: no CT, so no density correction (soft tissue ${KERNEL_DENSITY_G_PER_ML} g/mL everywhere)`,
    );
    return null;
  }
  const hu = resampleRigid(reference.ct.volume, grid, identityRigid(), -1000);
  const map = densityFromHu(hu.data);
  return { density: map.densityGPerMl, source: map.source };
}

function doseMapOf(
  input: VoxelStudyInput,
  tia: TiaMap,
  density: Float32Array | undefined,
): DoseMap {
  const withDensity = density === undefined ? {} : { densityGPerMl: density };
  return input.settings.method === 'kernel'
    ? kernelDoseMap(tia, { convolve: input.convolve, ...withDensity })
    : localDepositionDoseMap(tia, withDensity);
}

function zeroAir(dose: Float32Array, density: Float32Array | undefined): number {
  if (density === undefined) return 0;
  let count = 0;
  for (let v = 0; v < dose.length; v++) {
    if ((density[v] ?? 0) < AIR_DENSITY_G_PER_ML) {
      dose[v] = 0;
      count++;
    }
  }
  return count;
}

function sessionRows(
  registrations: readonly SessionRegistration[],
  sessions: readonly LoadedSession[],
): VoxelDosimetryResult['sessions'] {
  return registrations.map((r) => ({
    ...r,
    timeH: sessions.find((s) => s.id === r.scanId)?.pet.scanStartH ?? NaN,
    used: r.transform !== null,
  }));
}

/** Runs the voxel path (see the file comment). Throws InputError when it cannot run. */
export function computeVoxelStudy(input: VoxelStudyInput): VoxelStudy {
  const check = input.check ?? (() => undefined);
  const sessions = [...input.sessions].sort((a, b) => a.pet.scanStartH - b.pet.scanStartH);
  const reference = sessions[0];
  if (reference === undefined) throw new Error('computeVoxelStudy needs a PET session');
  const { size, spacingMm, originLps, direction } = reference.pet.volume;
  const firstGrid: Grid = { size, spacingMm, originLps, direction };
  const registrations = registerSessions(sessions, input.settings, check);
  const warnings = registrations.flatMap((r) => r.warnings);
  const used = new Map<string, { session: LoadedSession; transform: RigidTransform }>();
  for (const r of registrations) {
    const session = sessions.find((s) => s.id === r.scanId);
    if (session !== undefined && r.transform !== null)
      used.set(r.scanId, { session, transform: r.transform });
  }
  check();
  const maps = [...used.values()].map(({ session, transform }) => ({
    timeH: session.pet.scanStartH,
    conc:
      session === reference
        ? session.pet.volume.data
        : // Cubic B-spline keeps the PET peaks that trilinear smooths at sub-voxel offsets
          // (issue 9: -4..-8% lesion dose); its overshoot beside sharp edges can dip below 0,
          // and negative activity is non-physical: clamped to 0 (not counted).
          clampNegative(
            resampleRigid(session.pet.volume, firstGrid, transform, 0, {
              interpolation: 'cubic',
            }).data,
          ),
  }));
  const masks = lesionMasks({ ...input, sessions }, used, firstGrid);
  const tia = tiaMapOf(input, firstGrid, maps, masks);
  check();
  const density = input.settings.densityCorrection
    ? densityOf(reference, firstGrid, warnings)
    : null;
  const dose = doseMapOf(input, tia, density?.density);
  const air = zeroAir(dose.doseGyPerGBq, density?.density);
  check();
  const lesions = new Map<string, LesionVoxelResult>();
  const masksOut = new Map<string, Uint8Array>();
  for (const lesion of input.lesions) {
    const mask = masks.get(lesion.id);
    if (typeof mask !== 'object') {
      lesions.set(lesion.id, { notComputed: mask ?? 'no VOI' });
      continue;
    }
    try {
      // One lesion's unusable VOI (e.g. empty once carried) leaves the others their doses.
      lesions.set(
        lesion.id,
        lesionVoxelDose(dose, mask, {
          activityGBq: input.therapyActivityGBq,
          thresholdGy: input.thresholdGy,
          sphereModelDoseGyPerGBq: lesion.doseGyPerGBq,
        }),
      );
      masksOut.set(lesion.id, mask);
    } catch (error) {
      if (!isUserError(error)) throw error;
      lesions.set(lesion.id, { notComputed: error.message });
    }
  }
  const notes = [NO_RECOVERY_NOTE, METHOD_NOTES[input.settings.method]];
  if (air > 0)
    notes.push(
      `${air} voxels of air (CT density below ${AIR_DENSITY_G_PER_ML} g/mL) hold no dose.`,
    );
  return {
    result: {
      computed: true,
      reason: null,
      settings: input.settings,
      grid: {
        scanId: reference.id,
        size,
        spacingMm,
        frameOfReferenceUid: reference.pet.frameOfReferenceUid ?? 'none',
      },
      sessions: sessionRows(registrations, sessions),
      tiaRules: tia.rules,
      dose: {
        method: dose.method,
        kernel:
          dose.kernel === null
            ? null
            : `${dose.kernel.source}; ${dose.kernel.method}, cube ${dose.kernel.equivalentCubeMm.toFixed(2)} mm`,
        densityCorrected: dose.densityCorrected,
        densitySource: density?.source ?? null,
        therapyActivityGBq: input.therapyActivityGBq,
      },
      rtDose: null,
      notes,
      warnings,
    },
    lesions,
    doseGyPerGBq: { ...firstGrid, data: dose.doseGyPerGBq },
    reference,
    masks: masksOut,
  };
}
