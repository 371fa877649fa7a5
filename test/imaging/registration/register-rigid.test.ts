// Rigid registration recovers known motions of a digital CT phantom (helpers/ct-phantom.ts: a
// 300 x 200 x 280 mm trunk of soft tissue with lungs, gas and bones, 3 x 3 x 3.5 mm voxels, cut
// by the field of view in z): the moving CT is the phantom moved by T (up to 20 mm and 5 degrees,
// a rotation about x and one about all three axes, one moving CT feet-first, tilted 10 degrees, with
// 2.5 x 2.5 x 4 mm voxels), and registerRigid with its defaults must return T within 1 mm at every
// corner of the phantom's bounding box (so within 1 mm everywhere in the body) and 0.5 degrees
// (angle of R_found R_true^T). Plus: the residual figure flags an undetermined rotation (a
// uniform ball), and the result is reproducible bit for bit.
import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../../src/core/volume.ts';
import { registerRigid } from '../../../src/imaging/registration/register-rigid.ts';
import type { RigidTransform } from '../../../src/imaging/registration/rigid-transform.ts';
import {
  applyRigid,
  composeRigid,
  invertRigid,
  rotationAngleRad,
} from '../../../src/imaging/registration/rigid-transform.ts';
import type { PhantomGrid } from './helpers/ct-phantom.ts';
import { PHANTOM_CENTRE, PHANTOM_HALF_EXTENT_MM, phantomCt } from './helpers/ct-phantom.ts';

const DEGREE = Math.PI / 180;
const AXIAL: PhantomGrid = {
  size: [110, 80, 64],
  spacingMm: [3, 3, 3.5],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
// Feet first (i to the patient's right, k to the feet) and tilted 10 degrees about y, with
// 2.5 x 2.5 x 4 mm voxels: direction = Ry(10 deg) diag(-1, 1, -1).
const c = Math.cos(10 * DEGREE);
const s = Math.sin(10 * DEGREE);
const FEET_FIRST_TILTED: PhantomGrid = {
  size: [120, 90, 56],
  spacingMm: [2.5, 2.5, 4],
  direction: [-c, 0, -s, 0, 1, 0, s, 0, -c] as Mat3,
  gridCentreLps: [20, -15, 30],
};

/** Largest displacement (mm) between two transforms over the phantom's bounding box corners. */
function cornerErrorMm(a: RigidTransform, b: RigidTransform): number {
  let worst = 0;
  for (let corner = 0; corner < 8; corner++) {
    const p = PHANTOM_CENTRE.map(
      (v, axis) => v + (corner & (1 << axis) ? 1 : -1) * (PHANTOM_HALF_EXTENT_MM[axis] ?? 0),
    ) as unknown as Vec3;
    const pa = applyRigid(a, p);
    const pb = applyRigid(b, p);
    worst = Math.max(worst, Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]));
  }
  return worst;
}

const cases = [
  { name: '20 mm translation', deg: [0, 0, 0], mm: [12, -8, 13.3], grid: AXIAL },
  { name: '5 deg about x', deg: [5, 0, 0], mm: [0, 10, -5], grid: AXIAL },
  { name: 'about all three axes', deg: [3, -5, 4], mm: [-10, 15, 5], grid: AXIAL },
  {
    name: 'feet-first tilted moving CT',
    deg: [-3, 2, 5],
    mm: [5, 15, -10],
    grid: FEET_FIRST_TILTED,
  },
];

const fixed = phantomCt(AXIAL);

describe('registerRigid recovers known rigid motions of a CT phantom', () => {
  it.each(cases)('$name', ({ deg, mm, grid }) => {
    const motion: RigidTransform = {
      rotationRad: deg.map((d) => d * DEGREE) as unknown as Vec3,
      translationMm: mm as unknown as Vec3,
      centreLps: PHANTOM_CENTRE,
    };
    const result = registerRigid(fixed, phantomCt(grid, motion));
    expect(cornerErrorMm(result.transform, motion)).toBeLessThan(1);
    const rotationError = rotationAngleRad(composeRigid(result.transform, invertRigid(motion)));
    expect(rotationError / DEGREE).toBeLessThan(0.5);
    expect(result.residualMm).toBeLessThan(1);
    expect(result.levels.map((l) => l.levelMm)).toEqual([8, 4, 2]);
    expect(result.metric).toBeGreaterThan(0);
  });
});

describe('the residual figure and reproducibility', () => {
  it('a uniform ball (rotations about its centre change nothing) gives a residual > 1 mm', () => {
    const coarse: PhantomGrid = { ...AXIAL, size: [60, 60, 56], spacingMm: [4, 4, 4] };
    const ball = phantomCt(coarse, undefined, 'ball');
    const result = registerRigid(ball, ball, { levelsMm: [8], samples: 20000 });
    // The second start is rotated 1.5 degrees about each axis; nothing brings it back.
    expect(result.residualMm).toBeGreaterThan(1);
  });

  it('two runs give the same transform bit for bit', () => {
    // The fixed CT with its origin moved: a translation of (4, -6, 9) mm.
    const moved = fixed.originLps.map((v, a) => v + ([4, -6, 9][a] ?? 0)) as unknown as Vec3;
    const moving = { ...fixed, originLps: moved };
    const options = { levelsMm: [8], samples: 20000, residualCheck: false };
    const first = registerRigid(fixed, moving, options);
    const second = registerRigid(fixed, moving, options);
    expect(second.transform).toEqual(first.transform);
    expect(second.metric).toBe(first.metric);
  });
});
