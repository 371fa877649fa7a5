/**
 * Registration of each later PET/CT session to the first (issue 9 item 1): the rigid transform
 * mapping the first session's LPS points to the same anatomy in the later session (ITK
 * convention, imaging/registration/rigid-transform.ts). PET and CT of one session share a frame of
 * reference (checked when loaded), so the CT's transform carries to its PET. Per session:
 * - a transform given in the manifest (`registration.given[scanId]`) overrides;
 * - `registration: none`: the identity (the scanner coordinates are trusted);
 * - `auto`: the later CT registered to the first CT (Mattes MI, multi-resolution); a session
 *   without a CT (or whose first session has none) registers its PET to the first PET, with the
 *   body taken above 10% of the fixed PET's mean positive value (our choice); a registration
 *   that fails leaves the session out, with a warning. Nothing here can fail the run.
 */
import { InputError, isUserError } from '../../core/errors.ts';
import type { Vec3, Volume } from '../../core/volume.ts';
import { ijkToLps } from '../../core/volume.ts';
import { registerRigid } from '../../imaging/registration/register-rigid.ts';
import {
  identityRigid,
  recentreRigid,
  rotationAngleRad,
  type RigidTransform,
} from '../../imaging/registration/rigid-transform.ts';
import type { LoadedSession } from '../loaded-study.ts';
import type { VoxelSettings } from './voxel-settings.ts';

/** How a session was brought onto the first session's grid. */
export interface SessionRegistration {
  scanId: string;
  method: 'reference' | 'given' | 'none' | 'ct-mutual-information' | 'pet-mutual-information';
  /** First session LPS -> this session LPS; null when the session was left out. */
  transform: RigidTransform | null;
  /** Translation and rotation (degrees) of the transform, for the report. */
  translationMm: Vec3 | null;
  rotationDeg: Vec3 | null;
  /** Rotation angle about the transform's axis, degrees. */
  rotationAngleDeg: number | null;
  /** Registration residual (second-start disagreement), mm; null when not registered. */
  residualMm: number | null;
  warnings: string[];
}

const DEG = 180 / Math.PI;

function described(
  scanId: string,
  method: SessionRegistration['method'],
  transform: RigidTransform,
  residualMm: number | null,
  warnings: string[] = [],
): SessionRegistration {
  return {
    scanId,
    method,
    transform,
    translationMm: transform.translationMm,
    rotationDeg: transform.rotationRad.map((r) => r * DEG) as unknown as Vec3,
    rotationAngleDeg: rotationAngleRad(transform) * DEG,
    residualMm,
    warnings,
  };
}

/** Centre of a grid (LPS mm): the default centre of a given rotation. */
export function gridCentreLps(grid: Omit<Volume, 'data'>): Vec3 {
  return ijkToLps(grid, [(grid.size[0] - 1) / 2, (grid.size[1] - 1) / 2, (grid.size[2] - 1) / 2]);
}

/** Body threshold of a PET used for registration: 10% of its mean positive value. */
function petBodyThreshold(pet: Volume): number {
  let sum = 0;
  let count = 0;
  for (const value of pet.data) {
    if (value > 0) {
      sum += value;
      count++;
    }
  }
  return count === 0 ? 0 : (0.1 * sum) / count;
}

function registerAuto(
  first: LoadedSession,
  session: LoadedSession,
  centre: Vec3,
): SessionRegistration {
  const useCt = first.ct !== null && session.ct !== null;
  const fixed = useCt ? (first.ct?.volume as Volume<Float32Array | Int16Array>) : first.pet.volume;
  const moving = useCt
    ? (session.ct?.volume as Volume<Float32Array | Int16Array>)
    : session.pet.volume;
  const registration = registerRigid(fixed, moving, {
    fixedSeries: `scan ${first.id} ${useCt ? 'CT' : 'PET'}`,
    movingSeries: `scan ${session.id} ${useCt ? 'CT' : 'PET'}`,
    ...(useCt ? {} : { bodyThresholdHu: petBodyThreshold(first.pet.volume) }),
  });
  const warnings = useCt
    ? []
    : [`scan ${session.id}: registered on its PET (no CT in this session or the first)`];
  return described(
    session.id,
    useCt ? 'ct-mutual-information' : 'pet-mutual-information',
    // Reported about the first PET grid's centre, as given transforms are (the same map).
    recentreRigid(registration.transform, centre),
    registration.residualMm ?? null,
    warnings,
  );
}

/** A given transform must name a later session: a typo would silently fall back to auto. */
function checkGivenIds(sessions: readonly LoadedSession[], settings: VoxelSettings): void {
  const registration = settings.registration;
  if (typeof registration !== 'object') return;
  const later = sessions.slice(1).map((s) => s.id);
  for (const id of Object.keys(registration.given)) {
    if (later.includes(id)) continue;
    throw new InputError(
      { field: `settings.voxelDosimetry.registration.given.${id}` },
      id === sessions[0]?.id
        ? `scan ${id} is the first session, the reference of the registration: it takes no transform`
        : `no later PET session with id ${JSON.stringify(id)}; the later sessions are ${later.map((l) => JSON.stringify(l)).join(', ') || 'none'}`,
      'give transforms for the later sessions by their scan ids',
    );
  }
}

/** One registration per session, the first (the reference) included. */
export function registerSessions(
  sessions: readonly LoadedSession[],
  settings: VoxelSettings,
  check: () => void = () => undefined,
): SessionRegistration[] {
  const [first, ...later] = sessions;
  if (first === undefined) return [];
  const centre = gridCentreLps(first.pet.volume);
  checkGivenIds(sessions, settings);
  const out = [described(first.id, 'reference', identityRigid(centre), null)];
  for (const session of later) {
    check();
    const registration = settings.registration;
    if (typeof registration === 'object') {
      const given = registration.given[session.id];
      if (given !== undefined) {
        const transform: RigidTransform = {
          rotationRad: given.rotationDeg.map((d) => d / DEG) as unknown as Vec3,
          translationMm: given.translationMm,
          centreLps: given.centreLps ?? centre,
        };
        out.push(described(session.id, 'given', transform, null));
        continue;
      }
    }
    if (registration === 'none') {
      out.push(described(session.id, 'none', identityRigid(centre), null));
      continue;
    }
    try {
      out.push(registerAuto(first, session, centre));
    } catch (error) {
      if (!isUserError(error)) throw error;
      out.push({
        scanId: session.id,
        method:
          first.ct !== null && session.ct !== null
            ? 'ct-mutual-information'
            : 'pet-mutual-information',
        transform: null,
        translationMm: null,
        rotationDeg: null,
        rotationAngleDeg: null,
        residualMm: null,
        warnings: [
          `scan ${session.id}: left out of the voxel path, registration failed: ${error.message}`,
        ],
      });
    }
  }
  return out;
}
