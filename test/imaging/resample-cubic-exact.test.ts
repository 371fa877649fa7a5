// Cubic B-spline resampling on cases with known answers: onto its own grid it returns the data
// (the spline interpolates), it reproduces a cubic polynomial of position exactly away from the
// image edges (B-splines of degree 3 span the cubics; the mirror boundary's effect decays as
// |z1|^d = 0.27^d with the distance d in voxels), and a Gaussian blob with sigma 0.8 voxel (the
// demo patient's PET: 7.5 mm FWHM = 3.2 mm sigma on 4 mm voxels) read half a voxel off its
// sampling grid keeps its analytic peak far better than with trilinear interpolation.
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/volume.ts';
import { ijkToLps } from '../../src/core/volume.ts';
import { InputError } from '../../src/core/errors.ts';
import { mulberry32 } from '../../src/numerics/random.ts';
import { resampleCubic } from '../../src/imaging/resample-cubic.ts';
import { resampleLinear } from '../../src/imaging/resample.ts';
import { eulerToMatrix } from '../../src/imaging/registration/rigid-transform.ts';
import { makeVolume } from './helpers/sphere-phantom.ts';

describe('resampleCubic exact cases', () => {
  it('onto its own grid returns the data to 1e-5 (also 2-voxel and 1-voxel axes)', () => {
    const random = mulberry32(3);
    for (const size of [
      [9, 8, 7],
      [2, 3, 4],
      [6, 5, 1],
    ] as Vec3[]) {
      const volume = makeVolume(size, [2, 3, 4], 0, [5, -5, 10], eulerToMatrix([0.3, -0.2, 0.5]));
      for (let n = 0; n < volume.data.length; n++) volume.data[n] = random();
      const out = resampleCubic(volume, volume).data;
      let worst = 0;
      out.forEach((v, n) => (worst = Math.max(worst, Math.abs(v - volume.data[n]!))));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('reproduces a cubic polynomial of LPS position 13+ voxels from the edges (1e-5 of its range)', () => {
    const source = makeVolume(
      [36, 36, 36],
      [2, 2.5, 3],
      0,
      [-30, -40, -50],
      eulerToMatrix([0.2, 0.4, -0.3]),
    );
    const centre = ijkToLps(source, [17.5, 17.5, 17.5]);
    const poly = (p: Vec3): number => {
      const [u, v, w] = [p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]];
      return (
        5 +
        0.2 * u -
        0.1 * v +
        0.05 * w +
        0.01 * u * u -
        0.02 * v * w +
        0.004 * w * w +
        2e-4 * u * u * u -
        1e-4 * u * v * w +
        1e-4 * v * v * w
      );
    };
    const [nx, ny] = source.size;
    for (let n = 0; n < source.data.length; n++) {
      const i = n % nx;
      const j = Math.floor(n / nx) % ny;
      const k = Math.floor(n / (nx * ny));
      source.data[n] = poly(ijkToLps(source, [i, j, k]));
    }
    // A rotated 1.7 mm grid of 8^3 points around the centre: within +-7 mm, i.e. >= 13 voxels
    // from every face of the source.
    const direction = eulerToMatrix([-0.5, 0.1, 0.7]);
    const half = 3.5 * 1.7;
    const row = (r: 0 | 1 | 2) =>
      centre[r] - half * (direction[3 * r]! + direction[3 * r + 1]! + direction[3 * r + 2]!);
    const originLps: Vec3 = [row(0), row(1), row(2)];
    const target = {
      size: [8, 8, 8] as Vec3,
      spacingMm: [1.7, 1.7, 1.7] as Vec3,
      originLps,
      direction,
    };
    const cubic = resampleCubic(source, target).data;
    const linear = resampleLinear(source, target).data;
    let worstCubic = 0;
    let worstLinear = 0;
    let lo = Infinity;
    let hi = -Infinity;
    cubic.forEach((value, n) => {
      const expected = poly(ijkToLps(target, [n % 8, Math.floor(n / 8) % 8, Math.floor(n / 64)]));
      lo = Math.min(lo, expected);
      hi = Math.max(hi, expected);
      worstCubic = Math.max(worstCubic, Math.abs(value - expected));
      worstLinear = Math.max(worstLinear, Math.abs(linear[n]! - expected));
    });
    console.log(
      `cubic polynomial, range ${(hi - lo).toFixed(2)}: worst error cubic ${worstCubic.toExponential(2)}, trilinear ${worstLinear.toExponential(2)}`,
    );
    expect(worstCubic).toBeLessThan(1e-5 * (hi - lo));
    // The case is not trivially linear: trilinear misses by far more.
    expect(worstLinear).toBeGreaterThan(1e-3 * (hi - lo));
  });

  it('a Gaussian blob (sigma 0.8 voxel) read half a voxel off keeps its peak (cubic within 1.5%)', () => {
    const sigma = 0.8;
    const source = makeVolume([21, 21, 21], [1, 1, 1]);
    for (let n = 0; n < source.data.length; n++) {
      const [i, j, k] = [n % 21, Math.floor(n / 21) % 21, Math.floor(n / 441)];
      source.data[n] = Math.exp(
        -((i - 10) ** 2 + (j - 10) ** 2 + (k - 10) ** 2) / (2 * sigma * sigma),
      );
    }
    for (const shift of [
      [0.5, 0, 0],
      [0.5, 0.5, 0.5],
    ] as Vec3[]) {
      // The blob moved by -shift relative to the grid: the grid points nearest its centre are
      // half a voxel off along each shifted axis; the analytic peak on that grid is
      // exp(-|shift|^2 / (2 sigma^2)).
      const target = { ...source, originLps: shift };
      const expected = Math.exp(
        -(shift[0] ** 2 + shift[1] ** 2 + shift[2] ** 2) / (2 * sigma * sigma),
      );
      const cubicLoss = 1 - Math.max(...resampleCubic(source, target).data) / expected;
      const linearLoss = 1 - Math.max(...resampleLinear(source, target).data) / expected;
      console.log(
        `Gaussian sigma ${sigma} voxel, shift [${shift.join(', ')}] voxel: peak loss cubic ${(100 * cubicLoss).toFixed(2)}%, trilinear ${(100 * linearLoss).toFixed(2)}%`,
      );
      expect(linearLoss).toBeGreaterThan(0.08);
      expect(Math.abs(cubicLoss)).toBeLessThan(linearLoss / 8);
      if (shift[1] === 0) expect(Math.abs(cubicLoss)).toBeLessThan(0.015);
    }
  });

  it('rejects non-finite voxels with an InputError', () => {
    const volume = makeVolume([4, 4, 4], [1, 1, 1]);
    volume.data[5] = NaN;
    expect(() => resampleCubic(volume, volume)).toThrow(InputError);
    expect(() => resampleCubic(volume, volume)).toThrow(/voxel 5 is NaN/);
  });
});
