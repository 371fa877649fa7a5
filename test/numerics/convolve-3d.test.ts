// 3-D 'same' convolution (issue 9, item 7): the result equals scipy.signal.fftconvolve(a, k,
// mode='same'), computed in float64 by /usr/bin/python3 on the same float32 arrays, to 1e-5 of
// the largest |reference value| (tolerance stated per case below); a point source reproduces the
// kernel; bad input is an InputError.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Vec3 } from '../../src/core/volume.ts';
import { convolve3dSame } from '../../src/numerics/convolve-3d.ts';
import { mulberry32 } from '../../src/numerics/random.ts';
import { hasScipy, PYTHON, warnMissing } from '../helpers/external-tools.ts';
import { kernelAt, readLanconelliKernel } from '../helpers/lanconelli-voxel-kernel.ts';
import { tempDir } from '../helpers/temp.ts';

const TOLERANCE = 1e-5; // of max |scipy value|
const random = mulberry32(2024);
const count = (s: Vec3) => s[0] * s[1] * s[2];
const uniform = (n: number) => Float32Array.from({ length: n }, () => 2 * random() - 1);

/** The 131I 4 mm soft-tissue voxel S-value kernel, 11^3, mGy/(MBq s). */
function lanconelli(): Float32Array {
  const kernel = readLanconelliKernel('data/voxel-s-values/131I/131I4mmsoft.txt');
  const out = new Float32Array(11 ** 3);
  for (let w = 0; w < 11; w++)
    for (let v = 0; v < 11; v++)
      for (let u = 0; u < 11; u++)
        out[u + 11 * (v + 11 * w)] = kernelAt(kernel, u - 5, v - 5, w - 5);
  return out;
}

/** A random kernel made even in each axis (the symmetry of voxel S-value kernels). */
function evenKernel(size: Vec3): Float32Array {
  const base = uniform(count(size));
  const out = new Float32Array(count(size));
  const c = size.map((n) => (n - 1) / 2);
  for (let w = 0; w < size[2]; w++)
    for (let v = 0; v < size[1]; v++)
      for (let u = 0; u < size[0]; u++) {
        const [a, b, d] = [u, v, w].map((x, i) => c[i]! + Math.abs(x - c[i]!));
        out[u + size[0] * (v + size[1] * w)] = base[a! + size[0] * (b! + size[1] * d!)]!;
      }
  return out;
}

interface Case {
  name: string;
  size: Vec3;
  kernelSize: Vec3;
  kernel: Float32Array;
}

const cases: Case[] = [
  {
    name: 'Lanconelli 131I kernel, 37 x 41 x 43',
    size: [37, 41, 43],
    kernelSize: [11, 11, 11],
    kernel: lanconelli(),
  },
  {
    name: 'random even kernel, 24 x 30 x 18',
    size: [24, 30, 18],
    kernelSize: [5, 7, 3],
    kernel: evenKernel([5, 7, 3]),
  },
  {
    name: 'random non-symmetric kernel, primes 17 x 13 x 11',
    size: [17, 13, 11],
    kernelSize: [5, 3, 7],
    kernel: uniform(105),
  },
  {
    name: 'non-symmetric, odd sizes 9 x 15 x 21',
    size: [9, 15, 21],
    kernelSize: [3, 9, 5],
    kernel: uniform(135),
  },
  {
    name: 'prime 31 x 29 x 23, 11^3 random kernel',
    size: [31, 29, 23],
    kernelSize: [11, 11, 11],
    kernel: uniform(1331),
  },
  {
    name: '1 x 19 x 23 (one voxel in x)',
    size: [1, 19, 23],
    kernelSize: [3, 5, 5],
    kernel: uniform(75),
  },
  { name: '29 x 1 x 1 (a line)', size: [29, 1, 1], kernelSize: [7, 3, 3], kernel: uniform(63) },
  {
    name: 'kernel larger than the volume, 3 x 4 x 2',
    size: [3, 4, 2],
    kernelSize: [11, 11, 11],
    kernel: uniform(1331),
  },
  { name: '1 x 1 x 1', size: [1, 1, 1], kernelSize: [3, 3, 3], kernel: uniform(27) },
  { name: '1 x 1 x 1 kernel', size: [6, 7, 8], kernelSize: [1, 1, 1], kernel: uniform(1) },
];

/** scipy.signal.fftconvolve(a, k, mode='same') in float64 for every case, one python run. */
function scipyReferences(): Float64Array[] {
  const dir = tempDir('iodose-convolve-');
  cases.forEach((c, n) => {
    writeFileSync(join(dir, `a${n}.f32`), uniformData[n]!);
    writeFileSync(join(dir, `k${n}.f32`), c.kernel);
  });
  const shapes = JSON.stringify(cases.map((c) => [c.size, c.kernelSize]));
  const script = `
import sys, json, numpy as np
from scipy.signal import fftconvolve
d = sys.argv[1]
for n, (s, ks) in enumerate(json.loads(sys.argv[2])):
    a = np.fromfile(f'{d}/a{n}.f32', np.float32).reshape(s[::-1]).astype(np.float64)
    k = np.fromfile(f'{d}/k{n}.f32', np.float32).reshape(ks[::-1]).astype(np.float64)
    fftconvolve(a, k, mode='same').astype(np.float64).tofile(f'{d}/r{n}.f64')
`;
  execFileSync(PYTHON, ['-c', script, dir, shapes]);
  return cases.map((_, n) => {
    const bytes = readFileSync(join(dir, `r${n}.f64`));
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8).slice();
  });
}

const uniformData = cases.map((c) => uniform(count(c.size)));
const scipy = hasScipy();
if (!scipy) warnMissing('python3-scipy', 'convolution against scipy.signal.fftconvolve');

describe.skipIf(!scipy)('convolve3dSame against scipy.signal.fftconvolve(mode=same)', () => {
  const references = scipyReferences();
  it.each(cases.map((c, n) => [c.name, n] as const))('%s: within 1e-5 of max |value|', (_, n) => {
    const c = cases[n]!;
    const ours = convolve3dSame(uniformData[n]!, c.size, c.kernel, c.kernelSize);
    const reference = references[n]!;
    expect(ours.length).toBe(reference.length);
    let maxDiff = 0;
    let maxValue = 0;
    for (let i = 0; i < reference.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - reference[i]!));
      maxValue = Math.max(maxValue, Math.abs(reference[i]!));
    }
    expect(maxValue).toBeGreaterThan(0);
    expect(maxDiff / maxValue).toBeLessThan(TOLERANCE);
  });
});

describe('convolve3dSame on a point source', () => {
  const kernel = lanconelli();
  const size: Vec3 = [30, 25, 20];
  // Voxel (i0, j0, k0) = 1: out(i0 + d) = k(c + d) wherever i0 + d lies in the volume.
  it.each([
    ['in the middle', [14, 12, 9]],
    ['at a corner, the kernel cut by the border', [1, 0, 19]],
  ] as const)('%s reproduces the 131I kernel within 1e-6 of its maximum', (_, at) => {
    const data = new Float32Array(count(size));
    data[at[0] + size[0] * (at[1] + size[1] * at[2])] = 1;
    const out = convolve3dSame(data, size, kernel, [11, 11, 11]);
    const peak = Math.max(...kernel);
    let worst = 0;
    for (let k = 0; k < size[2]; k++)
      for (let j = 0; j < size[1]; j++)
        for (let i = 0; i < size[0]; i++) {
          const d = [i - at[0], j - at[1], k - at[2]];
          const inside = d.every((x) => Math.abs(x) <= 5);
          const expected = inside ? kernel[d[0]! + 5 + 11 * (d[1]! + 5 + 11 * (d[2]! + 5))]! : 0;
          worst = Math.max(worst, Math.abs(out[i + size[0] * (j + size[1] * k)]! - expected));
        }
    expect(worst / peak).toBeLessThan(1e-6);
  });
});

describe('convolve3dSame input checks', () => {
  const data = new Float32Array(24);
  const kernel = new Float32Array(27).fill(1);
  it.each([
    [
      'data length mismatch',
      () => convolve3dSame(data, [2, 3, 5], kernel, [3, 3, 3]),
      /24 values for a 2 x 3 x 5 volume/,
    ],
    [
      'even kernel size',
      () => convolve3dSame(data, [2, 3, 4], new Float32Array(36), [4, 3, 3]),
      /odd positive integers/,
    ],
    [
      'kernel length mismatch',
      () => convolve3dSame(data, [2, 3, 4], kernel, [3, 3, 5]),
      /27 values for a 3 x 3 x 5 kernel/,
    ],
    [
      'zero size',
      () => convolve3dSame(new Float32Array(0), [0, 3, 4], kernel, [3, 3, 3]),
      /positive integers/,
    ],
    [
      'NaN in the data',
      () => convolve3dSame(Float32Array.of(1, NaN), [2, 1, 1], kernel, [3, 3, 3]),
      /data\[1\]: finite values/,
    ],
  ] as const)('%s is an InputError', (_, run, message) => {
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });
});
