// resampleRigid against scipy.ndimage.map_coordinates(order=1) computed in this test: a random
// 9x7x6 moving image with an oblique direction matrix and unequal spacings, read onto a fixed
// grid of another orientation through a rigid transform (scipy Rotation for the rotation, numpy
// for the voxel <-> LPS maps). Inside the moving image's outer voxel faces both interpolate
// trilinearly (edge voxels repeated, mode='nearest'); outside they give the fill value. 1e-4 HU.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3, Volume } from '../../../src/core/volume.ts';
import { mulberry32 } from '../../../src/numerics/random.ts';
import type { RigidTransform } from '../../../src/imaging/registration/rigid-transform.ts';
import { eulerToMatrix } from '../../../src/imaging/registration/rigid-transform.ts';
import { resampleRigid } from '../../../src/imaging/registration/resample-rigid.ts';

const SCIPY = `
import json, sys, numpy as np
from scipy.ndimage import map_coordinates
from scipy.spatial.transform import Rotation
c = json.load(sys.stdin)
m, f, t = c['moving'], c['fixed'], c['transform']
nx, ny, nz = m['size']
data = np.array(m['data'], dtype=np.float64).reshape(nz, ny, nx)
def affine(g):
    d = np.array(g['direction']).reshape(3, 3); return d * np.array(g['spacingMm']), np.array(g['originLps'])
fa, fo = affine(f); ma, mo = affine(m)
k, j, i = np.meshgrid(*[np.arange(n) for n in f['size'][::-1]], indexing='ij')
ijk = np.stack([i.ravel(), j.ravel(), k.ravel()])
p = fa @ ijk + fo[:, None]
r = Rotation.from_euler('xyz', t['rotationRad']).as_matrix(); cen = np.array(t['centreLps'])[:, None]
q = r @ (p - cen) + cen + np.array(t['translationMm'])[:, None]
s = np.linalg.solve(ma, q - mo[:, None])
v = map_coordinates(data, [s[2], s[1], s[0]], order=1, mode='nearest')
n = np.array([nx, ny, nz])[:, None]
outside = np.any((s < -0.5) | (s >= n - 0.5), axis=0)
v[outside] = c['fill']
print(json.dumps({'values': v.tolist(), 'outside': int(outside.sum())}))
`;

function rotation(axis: Vec3, angle: number): Mat3 {
  const n = Math.hypot(...axis);
  return eulerToMatrix([(axis[0] / n) * angle, (axis[1] / n) * angle, (axis[2] / n) * angle]);
}

describe('resampleRigid against scipy.ndimage.map_coordinates(order=1)', () => {
  const random = mulberry32(7);
  const size: Vec3 = [9, 7, 6];
  const moving: Volume<Float32Array> = {
    size,
    spacingMm: [2.5, 3, 4],
    originLps: [-10, 5, 20],
    direction: rotation([1, 2, -1], 0.6),
    data: Float32Array.from({ length: 9 * 7 * 6 }, () => -1000 + 2000 * random()),
  };
  const fixed = {
    size: [8, 8, 5] as Vec3,
    spacingMm: [3.5, 2, 4.5] as Vec3,
    originLps: [10, 2, 35] as Vec3,
    direction: [-1, 0, 0, 0, 1, 0, 0, 0, -1] as Mat3,
  };
  const transform: RigidTransform = {
    rotationRad: [0.15, -0.1, 0.2],
    translationMm: [-3, 4, -5],
    centreLps: [0, 10, 25],
  };
  const fill = -1024;

  it('gives the same values to 1e-4 HU, fill outside', () => {
    const run = spawnSync('/usr/bin/python3', ['-c', SCIPY], {
      input: JSON.stringify({
        moving: { ...moving, data: [...moving.data] },
        fixed,
        transform,
        fill,
      }),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`scipy reference failed: ${run.stderr}`);
    const reference = JSON.parse(run.stdout) as { values: number[]; outside: number };
    const ours = resampleRigid(moving, fixed, transform, fill);
    expect(ours.size).toEqual(fixed.size);
    expect(ours.originLps).toEqual(fixed.originLps);
    // The case must test both: points inside and points outside the moving image.
    expect(reference.outside).toBeGreaterThan(20);
    expect(reference.outside).toBeLessThan(ours.data.length - 20);
    let worst = 0;
    ours.data.forEach(
      (v, n) => (worst = Math.max(worst, Math.abs(v - (reference.values[n] ?? NaN)))),
    );
    expect(worst).toBeLessThan(1e-4);
  });
});
