/**
 * Time-integrated 131I activity maps on the first session's PET grid (issue 9 item 2), per MBq of
 * 131I administered: tiaBqSPerMBq[v] = integral of the voxel's 131I-equivalent activity, Bq s, per
 * MBq administered.
 *
 * Voxel TIA (voxelTiaMap): per session the 124I concentration at the scan start (registered and
 * resampled to the first grid by the caller) x voxel volume / administered 124I activity, decay-
 * corrected to administration (x e^{+lambda124 t}) and x e^{-lambda131 t}: the 131I-equivalent
 * fraction of the administered activity (physics/decay.ts, seed paper: identical kinetics,
 * corrected for the half-lives); then the lesion chain's mono-exponential from t = 0 with the
 * seed's tail rule per voxel (voxel-curve.ts, where the rules for voxels it cannot describe are
 * listed; counts per rule in `rules`). tau [h] x 3600 s/h x 1e6 Bq/MBq gives Bq s per MBq.
 *
 * No recovery (partial-volume) correction at voxel level: the map is the PET as measured, so
 * small or thin structures are underestimated by the scanner's resolution, unlike the lesion
 * chain's RC-corrected means.
 *
 * Region-scaled TIA (regionScaledTiaMap): the voxel pattern of one session within a VOI,
 * normalised so that its sum is the lesion's fitted residence time (lesion chain, RC-corrected):
 * tia[v] = c[v] / sum_VOI c x tau_lesion x 3.6e9; zero outside the VOI, negative values as 0.
 */
import { InputError } from '../../core/errors.ts';
import { voxelCount, voxelVolumeMl, type Vec3 } from '../../core/volume.ts';
import { integrateVoxelCurve, TIA_RULES, type TiaRule } from './voxel-curve.ts';

/** Bq s per MBq for one hour of residence time: 3600 s/h x 1e6 Bq/MBq. */
export const BQ_S_PER_MBQ_PER_H = 3600 * 1e6;

/** One PET session on the common grid: 124I Bq/mL at the scan start (not decay-corrected). */
export interface TiaSession {
  timeH: number;
  conc124BqPerMl: Float32Array;
}

export interface VoxelTiaInput {
  size: Vec3;
  spacingMm: Vec3;
  sessions: readonly TiaSession[];
  administered124MBq: number;
  halfLife124H: number;
  halfLife131H: number;
}

/** A time-integrated activity map and how each voxel was integrated. */
export interface TiaMap {
  size: Vec3;
  spacingMm: Vec3;
  /** Time-integrated 131I activity per voxel per MBq of 131I administered, Bq s / MBq. */
  tiaBqSPerMBq: Float32Array;
  /** Voxels per integration rule (voxel-curve.ts); region-scaled: only `zero` (VOI voxels <= 0). */
  rules: Record<TiaRule, number>;
  method: 'voxel' | 'region-scaled';
}

function checkGrid(size: Vec3, spacingMm: Vec3, field: string): number {
  if (!size.every((n) => Number.isInteger(n) && n > 0) || !spacingMm.every((s) => s > 0)) {
    throw new InputError(
      { field },
      `expected a grid of positive integer size and positive spacing, got ${size.join('x')} at ${spacingMm.join('x')} mm`,
    );
  }
  return voxelCount(size);
}

function checkArray(data: ArrayLike<number>, n: number, field: string): void {
  if (data.length !== n) {
    throw new InputError(
      { field },
      `expected ${n} voxels (the first session's grid), got ${data.length}`,
      'resample every session to the first PET grid',
    );
  }
  for (let v = 0; v < n; v++) {
    if (!Number.isFinite(data[v]!)) {
      throw new InputError(
        { field },
        `expected finite values, voxel ${v} is ${data[v]}`,
        'check the PET image',
      );
    }
  }
}

/** Voxel TIA map per MBq of 131I (file comment), with the rule counts. */
export function voxelTiaMap(input: VoxelTiaInput): TiaMap {
  const n = checkGrid(input.size, input.spacingMm, 'voxelDosimetry.grid');
  const sessions = [...input.sessions].sort((a, b) => a.timeH - b.timeH);
  if (sessions.length < 2) {
    throw new InputError(
      { field: 'voxelDosimetry.sessions' },
      `a voxel mono-exponential needs at least two PET sessions, got ${sessions.length}`,
      'use the region-scaled TIA with one session',
    );
  }
  sessions.forEach((s, i) => {
    const previous = sessions[i - 1];
    if (!(s.timeH > 0) || (previous !== undefined && !(s.timeH > previous.timeH))) {
      throw new InputError(
        { field: `voxelDosimetry.sessions[${i}].timeH` },
        `expected distinct scan times > 0 h after administration, got ${s.timeH}`,
      );
    }
    checkArray(s.conc124BqPerMl, n, `voxelDosimetry.sessions[${i}].conc124BqPerMl`);
  });
  for (const [field, v] of [
    ['administered124MBq', input.administered124MBq],
    ['halfLife124H', input.halfLife124H],
    ['halfLife131H', input.halfLife131H],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0))
      throw new InputError({ field }, `expected a positive number, got ${v}`);
  }
  const l124 = Math.LN2 / input.halfLife124H;
  const l131 = Math.LN2 / input.halfLife131H;
  const voxelMl = voxelVolumeMl(input);
  const administeredBq = input.administered124MBq * 1e6;
  // concentration (Bq/mL) -> 131I-equivalent fraction of the administered activity per voxel
  const factor = sessions.map(
    (s) => (voxelMl / administeredBq) * Math.exp((l124 - l131) * s.timeH),
  );
  const times = Float64Array.from(sessions, (s) => s.timeH);
  const values = new Float64Array(sessions.length);
  const tia = new Float32Array(n);
  const rules = Object.fromEntries(TIA_RULES.map((r) => [r, 0])) as Record<TiaRule, number>;
  for (let v = 0; v < n; v++) {
    for (let s = 0; s < sessions.length; s++)
      values[s] = sessions[s]!.conc124BqPerMl[v]! * factor[s]!;
    const { integralH, rule } = integrateVoxelCurve(times, values, l131);
    tia[v] = integralH * BQ_S_PER_MBQ_PER_H;
    rules[rule]++;
  }
  return {
    size: input.size,
    spacingMm: input.spacingMm,
    tiaBqSPerMBq: tia,
    rules,
    method: 'voxel',
  };
}

export interface RegionScaledTiaInput {
  size: Vec3;
  spacingMm: Vec3;
  /** One session's 124I concentration (any time; only its pattern is used), Bq/mL. */
  concBqPerMl: Float32Array;
  /** The lesion VOI on the same grid (non-zero = inside). */
  mask: Uint8Array;
  /** The lesion's fitted residence time (lesion chain, fraction x h). */
  lesionResidenceTimeH: number;
}

/** Region-scaled TIA map (file comment): sum over the VOI = tau_lesion x 3.6e9 Bq s per MBq. */
export function regionScaledTiaMap(input: RegionScaledTiaInput): TiaMap {
  const n = checkGrid(input.size, input.spacingMm, 'voxelDosimetry.grid');
  checkArray(input.concBqPerMl, n, 'voxelDosimetry.concBqPerMl');
  if (input.mask.length !== n) {
    throw new InputError(
      { field: 'voxelDosimetry.mask' },
      `expected ${n} voxels, got ${input.mask.length}`,
    );
  }
  if (!(Number.isFinite(input.lesionResidenceTimeH) && input.lesionResidenceTimeH >= 0)) {
    throw new InputError(
      { field: 'lesionResidenceTimeH' },
      `expected a residence time >= 0 h, got ${input.lesionResidenceTimeH}`,
    );
  }
  const rules = Object.fromEntries(TIA_RULES.map((r) => [r, 0])) as Record<TiaRule, number>;
  let sum = 0;
  let inside = 0;
  for (let v = 0; v < n; v++) {
    if (input.mask[v] === 0) continue;
    inside++;
    sum += Math.max(input.concBqPerMl[v]!, 0);
  }
  if (inside === 0 || !(sum > 0)) {
    throw new InputError(
      { field: 'voxelDosimetry.mask' },
      inside === 0
        ? 'the VOI is empty on the PET grid'
        : 'no positive activity inside the VOI: the region-scaled map is not assessable',
    );
  }
  const scale = (input.lesionResidenceTimeH * BQ_S_PER_MBQ_PER_H) / sum;
  const tia = new Float32Array(n);
  for (let v = 0; v < n; v++) {
    if (input.mask[v] === 0) continue;
    const c = input.concBqPerMl[v]!;
    tia[v] = Math.max(c, 0) * scale;
    if (!(c > 0)) rules.zero++;
  }
  return {
    size: input.size,
    spacingMm: input.spacingMm,
    tiaBqSPerMBq: tia,
    rules,
    method: 'region-scaled',
  };
}
