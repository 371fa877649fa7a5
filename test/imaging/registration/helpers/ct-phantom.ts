// A digital CT phantom for registration tests: a body ellipsoid of soft tissue (0-50 HU, a
// smooth left-right gradient; 300 x 200 mm across, 280 mm long, so a 220 mm field of view cuts it
// as a CT cuts a trunk), two lungs of unequal size and a gas pocket (-800 HU), a spine, a sternum
// and a rib-like bone (700 HU) off the midline, so that every rotation and translation changes
// the image; air (-1000 HU) outside. Defined analytically in LPS mm about a centre, voxelised with 2x2x2
// supersampling (partial-volume edges, as in a real CT).
import type { Mat3, Vec3, Volume } from '../../../../src/core/volume.ts';
import { ijkToLps } from '../../../../src/core/volume.ts';
import type { RigidTransform } from '../../../../src/imaging/registration/rigid-transform.ts';
import {
  applyRigid,
  identityRigid,
  invertRigid,
} from '../../../../src/imaging/registration/rigid-transform.ts';

/** Centre of the phantom body, LPS mm. */
export const PHANTOM_CENTRE: Vec3 = [12, -25, 40];

type Ellipsoid = { centre: Vec3; semiAxesMm: Vec3; hu: number };

// Offsets from PHANTOM_CENTRE, mm; later entries overwrite earlier ones.
const INCLUSIONS: Ellipsoid[] = [
  { centre: [-55, -10, 15], semiAxesMm: [40, 50, 60], hu: -800 }, // right lung (L<0 = right)
  { centre: [60, -15, 25], semiAxesMm: [30, 40, 45], hu: -800 }, // smaller left lung
  { centre: [8, 55, 0], semiAxesMm: [14, 14, 80], hu: 700 }, // spine, posterior, a little left
  { centre: [-70, 35, -30], semiAxesMm: [10, 22, 12], hu: 700 }, // a rib-like bone, right posterior
  { centre: [35, -45, -45], semiAxesMm: [25, 20, 18], hu: 60 }, // a liver-like soft-tissue blob
  { centre: [-5, -80, 30], semiAxesMm: [12, 6, 45], hu: 700 }, // sternum-like bone, anterior
  { centre: [-40, 20, -70], semiAxesMm: [18, 15, 25], hu: -800 }, // bowel gas, lower right
];
const BODY_SEMI_AXES: Vec3 = [150, 100, 140];
/** Half the size of the body's bounding box along x, y, z, mm. */
export const PHANTOM_HALF_EXTENT_MM: Vec3 = BODY_SEMI_AXES;

// Flattened for speed (a phantom is ~8 x 10^5 voxels x 8 sub-samples): centre x y z, 1/a^2 1/b^2
// 1/c^2, HU per ellipsoid, the body first.
const SHAPES: number[][] = [
  { centre: [0, 0, 0] as Vec3, semiAxesMm: BODY_SEMI_AXES, hu: NaN },
  ...INCLUSIONS,
].map((e) => [
  PHANTOM_CENTRE[0] + e.centre[0],
  PHANTOM_CENTRE[1] + e.centre[1],
  PHANTOM_CENTRE[2] + e.centre[2],
  1 / e.semiAxesMm[0] ** 2,
  1 / e.semiAxesMm[1] ** 2,
  1 / e.semiAxesMm[2] ** 2,
  e.hu,
]);

function inside(shape: readonly number[], x: number, y: number, z: number): boolean {
  const dx = x - (shape[0] ?? 0);
  const dy = y - (shape[1] ?? 0);
  const dz = z - (shape[2] ?? 0);
  return dx * dx * (shape[3] ?? 0) + dy * dy * (shape[4] ?? 0) + dz * dz * (shape[5] ?? 0) < 1;
}

/** Which phantom: the trunk above, or a uniform 40 HU ball of radius 90 mm (no orientation). */
export type PhantomKind = 'trunk' | 'ball';
const BALL = [...PHANTOM_CENTRE, 1 / 90 ** 2, 1 / 90 ** 2, 1 / 90 ** 2, 40];

/** HU of the phantom at LPS point (x, y, z) mm, in its own (unmoved) position. */
export function phantomHu(x: number, y: number, z: number, kind: PhantomKind = 'trunk'): number {
  if (kind === 'ball') return inside(BALL, x, y, z) ? (BALL[6] ?? 0) : -1000;
  const body = SHAPES[0] ?? [];
  if (!inside(body, x, y, z)) return -1000;
  let hu = 25 + 25 * ((x - PHANTOM_CENTRE[0]) / BODY_SEMI_AXES[0]);
  for (let s = 1; s < SHAPES.length; s++) {
    const shape = SHAPES[s] ?? [];
    if (inside(shape, x, y, z)) hu = shape[6] ?? hu;
  }
  return hu;
}

/** Grid description of a phantom CT. */
export interface PhantomGrid {
  size: Vec3;
  spacingMm: Vec3;
  direction: Mat3;
  /** LPS point the grid is centred on (its middle voxel position), mm; default PHANTOM_CENTRE. */
  gridCentreLps?: Vec3;
}

/**
 * The phantom imaged after the patient moved: the CT whose value at q is phantomHu(T^-1(q)), so
 * that the registration of this (moving) CT to the unmoved (fixed) one is T (fixed -> moving).
 */
export function phantomCt(
  grid: PhantomGrid,
  motion?: RigidTransform,
  kind: PhantomKind = 'trunk',
): Volume<Int16Array> {
  const { size, spacingMm, direction } = grid;
  const centre = grid.gridCentreLps ?? PHANTOM_CENTRE;
  const half: Vec3 = [(size[0] - 1) / 2, (size[1] - 1) / 2, (size[2] - 1) / 2];
  const probe = ijkToLps({ originLps: [0, 0, 0], spacingMm, direction }, half);
  const originLps: Vec3 = [centre[0] - probe[0], centre[1] - probe[1], centre[2] - probe[2]];
  // Phantom point of voxel (i, j, k): T^-1(origin + D S ijk) = r ijk + r0 (affine).
  const back = invertRigid(motion ?? identityRigid());
  const r0 = applyRigid(back, originLps);
  const column = (c: 0 | 1 | 2): Vec3 => {
    const end = applyRigid(back, [
      originLps[0] + (direction[c] ?? 0) * spacingMm[c],
      originLps[1] + (direction[3 + c] ?? 0) * spacingMm[c],
      originLps[2] + (direction[6 + c] ?? 0) * spacingMm[c],
    ]);
    return [end[0] - r0[0], end[1] - r0[1], end[2] - r0[2]];
  };
  const [ci, cj, ck] = [column(0), column(1), column(2)];
  const data = new Int16Array(size[0] * size[1] * size[2]);
  const offsets = [-0.25, 0.25];
  let n = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      for (let i = 0; i < size[0]; i++, n++) {
        let sum = 0;
        for (const dk of offsets) {
          for (const dj of offsets) {
            for (const di of offsets) {
              const a = i + di;
              const b = j + dj;
              const c = k + dk;
              sum += phantomHu(
                r0[0] + ci[0] * a + cj[0] * b + ck[0] * c,
                r0[1] + ci[1] * a + cj[1] * b + ck[1] * c,
                r0[2] + ci[2] * a + cj[2] * b + ck[2] * c,
                kind,
              );
            }
          }
        }
        data[n] = Math.round(sum / 8);
      }
    }
  }
  return { size, spacingMm, originLps, direction, data };
}
