// Resampling benchmark (issue 9, voxel dosimetry: a later PET session carried onto the first
// session's grid): a 128x128x100 PET (4 mm voxels, random blobs) through a rigid transform onto
// its own grid, trilinear and cubic B-spline (resampleRigid), alternated, median of 5; and
// scipy.ndimage.map_coordinates(order=3, mode='mirror') on the same points (float64, with its
// prefilter) as a peer. Prints figures and ratios; asserts nothing.
import { spawnSync } from 'node:child_process';
import type { Volume } from '../src/core/volume.ts';
import { mulberry32 } from '../src/numerics/random.ts';
import { bsplineCoefficients } from '../src/imaging/resample-cubic.ts';
import { resampleRigid } from '../src/imaging/registration/resample-rigid.ts';
import type { RigidTransform } from '../src/imaging/registration/rigid-transform.ts';

function seconds(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const SCIPY = `
import sys, time, numpy as np
from scipy.ndimage import map_coordinates
from scipy.spatial.transform import Rotation
nx, ny, nz = 128, 128, 100
rng = np.random.default_rng(1)
data = rng.random((nz, ny, nx))
rot = [float(v) for v in sys.argv[1:4]]; tr = [float(v) for v in sys.argv[4:7]]; cen = [float(v) for v in sys.argv[7:10]]
k, j, i = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing='ij')
p = np.stack([i.ravel(), j.ravel(), k.ravel()]) * 4.0
r = Rotation.from_euler('xyz', rot).as_matrix(); c = np.array(cen)[:, None]
s = (r @ (p - c) + c + np.array(tr)[:, None]) / 4.0
coords = [s[2], s[1], s[0]]
times = []
for _ in range(3):
    t = time.perf_counter(); map_coordinates(data, coords, order=3, mode='mirror'); times.append(time.perf_counter() - t)
print(sorted(times)[1])
`;

const size: [number, number, number] = [128, 128, 100];
const random = mulberry32(1);
const pet: Volume<Float32Array> = {
  size,
  spacingMm: [4, 4, 4],
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  data: Float32Array.from({ length: size[0] * size[1] * size[2] }, () => random()),
};
const transform: RigidTransform = {
  rotationRad: [0.02, -0.03, 0.05],
  translationMm: [1.3, -2.1, 0.7],
  centreLps: [256, 256, 200],
};

const linear: number[] = [];
const cubic: number[] = [];
const prefilter: number[] = [];
resampleRigid(pet, pet, transform, 0, { interpolation: 'cubic' }); // warm-up
resampleRigid(pet, pet, transform);
for (let run = 0; run < 5; run++) {
  linear.push(seconds(() => resampleRigid(pet, pet, transform)));
  cubic.push(seconds(() => resampleRigid(pet, pet, transform, 0, { interpolation: 'cubic' })));
  prefilter.push(seconds(() => bsplineCoefficients(pet)));
}
const scipy = spawnSync(
  '/usr/bin/python3',
  [
    '-c',
    SCIPY,
    ...transform.rotationRad.map(String),
    ...transform.translationMm.map(String),
    ...transform.centreLps.map(String),
  ],
  { encoding: 'utf8' },
);
const scipySeconds = scipy.status === 0 ? Number(scipy.stdout.trim()) : NaN;

const cubicS = median(cubic);
console.log(`resample PET ${size.join('x')} through a rigid transform onto its own grid:`);
console.log(`  trilinear               ${median(linear).toFixed(3)} s`);
console.log(
  `  cubic B-spline          ${cubicS.toFixed(3)} s (of which prefilter ${median(prefilter).toFixed(3)} s); cubic / trilinear ${(cubicS / median(linear)).toFixed(2)}`,
);
console.log(
  scipy.status === 0
    ? `  scipy map_coordinates(order=3, float64) ${scipySeconds.toFixed(3)} s; iodose cubic / scipy ${(cubicS / scipySeconds).toFixed(2)}`
    : `  scipy unavailable (${scipy.stderr.trim().split('\n').pop()})`,
);
