// Rigid transform algebra against scipy.spatial.transform.Rotation and numpy 4x4 matrices
// computed in this test (/usr/bin/python3): rotation matrices of Euler angles (extrinsic x-y-z),
// angles of matrices, points mapped, inverses (numpy.linalg.inv of the 4x4) and compositions
// (matrix products), all to 1e-12; plus the analytic cases (a 90 degree turn, gimbal lock).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/volume.ts';
import type { RigidTransform } from '../../../src/imaging/registration/rigid-transform.ts';
import {
  applyRigid,
  composeRigid,
  eulerToMatrix,
  identityRigid,
  invertRigid,
  matrixToEuler,
  recentreRigid,
  rigidFromMatrix4,
  rigidToMatrix4,
  rotationAngleRad,
} from '../../../src/imaging/registration/rigid-transform.ts';

const SCIPY = `
import json, sys, numpy as np
from scipy.spatial.transform import Rotation
def m4(t):
    r = Rotation.from_euler('xyz', t['rotationRad']).as_matrix()
    c = np.array(t['centreLps']); m = np.eye(4); m[:3, :3] = r
    m[:3, 3] = c + np.array(t['translationMm']) - r @ c
    return m
out = []
for case in json.load(sys.stdin):
    a, b, p = m4(case['a']), m4(case['b']), np.array(case['point'] + [1.0])
    out.append({
        'matrix': m4(case['a']).ravel().tolist(),
        'euler': Rotation.from_matrix(a[:3, :3]).as_euler('xyz').tolist(),
        'point': (a @ p)[:3].tolist(),
        'inverse': np.linalg.inv(a).ravel().tolist(),
        'compose': (a @ b).ravel().tolist(),
    })
print(json.dumps(out))
`;

const cases: { a: RigidTransform; b: RigidTransform; point: Vec3 }[] = [
  {
    a: { rotationRad: [0.05, -0.08, 0.07], translationMm: [-10, 15, 5], centreLps: [12, -25, 40] },
    b: { rotationRad: [-0.02, 0.03, 0.09], translationMm: [3, -4, 12], centreLps: [0, 0, 0] },
    point: [150, -80, 100],
  },
  {
    a: { rotationRad: [2.5, -1.2, -3.0], translationMm: [100, 0, -50], centreLps: [-5, 7, 300] },
    b: { rotationRad: [0.7, 1.1, -0.4], translationMm: [0, 0, 0], centreLps: [40, 40, -40] },
    point: [-12.5, 33, 0.25],
  },
  {
    a: { rotationRad: [0, 0, Math.PI / 2], translationMm: [1, 2, 3], centreLps: [0, 0, 0] },
    b: { rotationRad: [Math.PI / 3, 0, 0], translationMm: [-1, 0, 4], centreLps: [10, 0, 0] },
    point: [1, 0, 0],
  },
];

interface Reference {
  matrix: number[];
  euler: number[];
  point: number[];
  inverse: number[];
  compose: number[];
}

function scipyReference(): Reference[] {
  const run = spawnSync('/usr/bin/python3', ['-c', SCIPY], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`scipy reference failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Reference[];
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, n) => expect(Math.abs(v - (expected[n] ?? NaN))).toBeLessThan(tolerance));
}

describe('rigid transforms against scipy Rotation and numpy 4x4 matrices', () => {
  const reference = scipyReference();
  it.each(cases.map((c, n) => ({ ...c, n })))('case $n', ({ a, b, point, n }) => {
    const ref = reference[n];
    if (ref === undefined) throw new Error('missing reference');
    expectClose(rigidToMatrix4(a), ref.matrix, 1e-12);
    expectClose(matrixToEuler(eulerToMatrix(a.rotationRad)), ref.euler, 1e-12);
    expectClose(applyRigid(a, point), ref.point, 1e-12);
    expectClose(rigidToMatrix4(invertRigid(a)), ref.inverse, 1e-12);
    expectClose(rigidToMatrix4(composeRigid(a, b)), ref.compose, 1e-12);
    // The centre only splits rotation from translation: the same map about another centre.
    expectClose(rigidToMatrix4(recentreRigid(a, [300, -200, 7])), ref.matrix, 1e-9);
    expectClose(rigidToMatrix4(rigidFromMatrix4(rigidToMatrix4(a), [5, 6, 7])), ref.matrix, 1e-9);
  });
});

describe('rigid transforms, analytic cases', () => {
  it('rz = 90 degrees about (10, 0, 0) takes (11, 0, 0) to (10, 1, 0) (LPS: L towards P)', () => {
    const t: RigidTransform = {
      rotationRad: [0, 0, Math.PI / 2],
      translationMm: [0, 0, 0],
      centreLps: [10, 0, 0],
    };
    expectClose(applyRigid(t, [11, 0, 0]), [10, 1, 0], 1e-12);
    expect(rotationAngleRad(t)).toBeCloseTo(Math.PI / 2, 12);
  });

  it('a transform composed with its inverse is the identity, either way round', () => {
    const t = cases[1]?.a ?? identityRigid();
    const p: Vec3 = [17, -3, 250];
    expectClose(applyRigid(composeRigid(t, invertRigid(t)), p), p, 1e-9);
    expectClose(applyRigid(composeRigid(invertRigid(t), t), p), p, 1e-9);
  });

  it('at gimbal lock (ry = +-90 degrees) the angles returned give the same matrix', () => {
    for (const ry of [Math.PI / 2, -Math.PI / 2]) {
      const r = eulerToMatrix([0.4, ry, -0.3]);
      const angles = matrixToEuler(r);
      expect(angles[2]).toBe(0);
      expectClose(eulerToMatrix(angles), r, 1e-12);
    }
  });
});
