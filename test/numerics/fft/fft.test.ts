// The FFT building blocks against numpy.fft (float64, /usr/bin/python3) on small arrays: the 3-D
// complex DFT (fft3d, PFFFT single precision) within 1e-5 of the largest |numpy value|, the
// cosine-sum spectrum of an even kernel within 1e-9 (double-precision sums), and the lengths.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/volume.ts';
import {
  evenKernelSpectrum,
  evenKernelSpectrumColumns,
  isEvenKernel,
} from '../../../src/numerics/fft/even-kernel-spectrum.ts';
import { fftLength, isPffftLength } from '../../../src/numerics/fft/fast-length.ts';
import { fft3d } from '../../../src/numerics/fft/fft-3d.ts';
import { mulberry32 } from '../../../src/numerics/random.ts';
import { hasScipy, PYTHON, warnMissing } from '../../helpers/external-tools.ts';
import { tempDir } from '../../helpers/temp.ts';

const random = mulberry32(7);
const numpy = hasScipy();
if (!numpy) warnMissing('python3-scipy', 'FFT against numpy.fft');

/** numpy.fft.fftn (or ifftn x N) of an interleaved complex float32 grid, as float64 pairs. */
function numpyFft(values: Float32Array, size: Vec3, inverse: boolean): Float64Array {
  const dir = tempDir('iodose-fft-');
  writeFileSync(join(dir, 'in.f32'), values);
  const script = `
import sys, numpy as np
s = [int(v) for v in sys.argv[2].split(',')][::-1]
x = np.fromfile(sys.argv[1] + '/in.f32', np.float32).astype(np.float64)
z = (x[0::2] + 1j * x[1::2]).reshape(s)
y = np.fft.ifftn(z) * z.size if sys.argv[3] == 'inverse' else np.fft.fftn(z)
out = np.empty(2 * y.size); out[0::2] = y.real.ravel(); out[1::2] = y.imag.ravel()
out.tofile(sys.argv[1] + '/out.f64')
`;
  execFileSync(PYTHON, ['-c', script, dir, size.join(','), inverse ? 'inverse' : 'forward']);
  const bytes = readFileSync(join(dir, 'out.f64'));
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8).slice();
}

function relativeError(ours: ArrayLike<number>, reference: ArrayLike<number>): number {
  let diff = 0;
  let max = 0;
  for (let i = 0; i < reference.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i]! - reference[i]!));
    max = Math.max(max, Math.abs(reference[i]!));
  }
  return diff / max;
}

describe.skipIf(!numpy)('fft3d against numpy.fft.fftn', () => {
  it.each([
    [[16, 1, 1], 'forward'],
    [[1, 48, 1], 'forward'],
    [[1, 1, 80], 'inverse'],
    [[48, 16, 1], 'forward'],
    [[16, 32, 48], 'forward'],
    [[32, 16, 16], 'inverse'],
    [[240, 16, 1], 'inverse'],
  ] as const)('%j %s within 1e-5 of max |value|', (size, direction) => {
    const values = Float32Array.from(
      { length: 2 * size[0] * size[1] * size[2] },
      () => random() - 0.5,
    );
    const ours = fft3d(values, size, direction);
    expect(relativeError(ours, numpyFft(values, size, direction === 'inverse'))).toBeLessThan(1e-5);
  });
});

describe.skipIf(!numpy)('evenKernelSpectrum against numpy.fft.fftn of the wrapped kernel', () => {
  it('a random even 5 x 3 x 7 kernel on a 16 x 48 x 32 grid: real, equal within 1e-9', () => {
    const ks: Vec3 = [5, 3, 7];
    const grid: Vec3 = [16, 48, 32];
    const octant = Array.from({ length: 3 * 2 * 4 }, () => random());
    const kernel = new Float32Array(105);
    for (let w = 0; w < 7; w++)
      for (let v = 0; v < 3; v++)
        for (let u = 0; u < 5; u++) {
          const at = Math.abs(u - 2) + 3 * (Math.abs(v - 1) + 2 * Math.abs(w - 3));
          kernel[u + 5 * (v + 3 * w)] = octant[at]!;
        }
    expect(isEvenKernel(kernel, ks)).toBe(true);
    // The kernel wrapped about the grid origin, as an interleaved complex grid for numpy.
    const wrapped = new Float32Array(2 * grid[0] * grid[1] * grid[2]);
    for (let w = 0; w < 7; w++)
      for (let v = 0; v < 3; v++)
        for (let u = 0; u < 5; u++) {
          const [x, y, z] = [u - 2, v - 1, w - 3].map((d, a) => (d + grid[a]!) % grid[a]!);
          wrapped[2 * (x! + grid[0] * (y! + grid[1] * z!))] = kernel[u + 5 * (v + 3 * w)]!;
        }
    const reference = numpyFft(wrapped, grid, false);
    const spectrum = evenKernelSpectrum(kernel, ks, grid);
    const [hx, hy] = spectrum.halfSize;
    const ours = new Float64Array(reference.length);
    const m = (f: number, l: number) => Math.min(f, l - f);
    for (let z = 0; z < grid[2]; z++)
      for (let y = 0; y < grid[1]; y++)
        for (let x = 0; x < grid[0]; x++) {
          const at = m(x, grid[0]) + hx * (m(y, grid[1]) + hy * m(z, grid[2]));
          ours[2 * (x + grid[0] * (y + grid[1] * z))] = spectrum.values[at]!;
        }
    expect(relativeError(ours, reference)).toBeLessThan(1e-9);
    // the column layout (z frequencies contiguous and written out, scaled) holds the same numbers
    for (const lz of [32, 33]) {
      const g: Vec3 = [grid[0], grid[1], lz];
      const columns = evenKernelSpectrumColumns(kernel, ks, g, 0.5);
      const octantOf = evenKernelSpectrum(kernel, ks, g);
      for (let z = 0; z < lz; z++)
        for (let i = 0; i < hx * hy; i++) {
          const want = 0.5 * octantOf.values[i + hx * hy * m(z, lz)]!;
          expect(Math.abs(columns.values[i * lz + z]! - want)).toBeLessThan(1e-12);
        }
    }
  });
  it('tells an uneven kernel', () => {
    const kernel = Float32Array.from({ length: 27 }, (_, i) => (i === 0 ? 2 : 1));
    expect(isEvenKernel(kernel, [3, 3, 3])).toBe(false);
    expect(isEvenKernel(new Float32Array(27).fill(1), [3, 3, 3])).toBe(true);
  });
});

describe('fftLength: the smallest 16 x 2^a 3^b 5^c at or above a length', () => {
  it.each([
    [1, 1],
    [2, 16],
    [16, 16],
    [17, 32],
    [161, 192],
    [205, 240],
    [241, 256],
    [305, 320],
  ])('%i -> %i', (min, length) => {
    expect(fftLength(min)).toBe(length);
  });
  it('accepts only 16 x 2^a 3^b 5^c', () => {
    expect([16, 48, 80, 144, 240, 720].every(isPffftLength)).toBe(true);
    expect([8, 24, 112, 176, 208, 224].some(isPffftLength)).toBe(false);
  });
});
