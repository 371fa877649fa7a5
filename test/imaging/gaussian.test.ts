// Gaussian blur (PET resolution model) checked against the analytic blurred sphere
// (reference/physics.md section 5) and against conservation of counts.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { ijkToLps, voxelIndex, type Vec3 } from '../../src/core/volume.ts';
import { fwhmToSigmaMm, gaussianBlur, gaussianKernel1d } from '../../src/imaging/gaussian.ts';
import { addSphere, blurredSphereProfile, makeVolume } from './helpers/sphere-phantom.ts';

const sum = (data: Float32Array) => data.reduce((a, b) => a + b, 0);

describe('gaussianBlur', () => {
  it('a 10 mm-radius sphere blurred to FWHM 7 mm has the analytic centre value within 0.5%', () => {
    const volume = makeVolume([61, 61, 61], [1, 1, 1]);
    const centre: Vec3 = [30, 30, 30];
    addSphere(volume, centre, 10, 1);
    const blurred = gaussianBlur(volume, { fwhmMm: 7 });
    const expected = blurredSphereProfile(0, 10, fwhmToSigmaMm(7));
    expect(
      Math.abs(blurred.data[voxelIndex(volume.size, 30, 30, 30)]! / expected - 1),
    ).toBeLessThan(0.005);
    // and along the radial profile (distance 0..20 mm): within 0.01 of the unit concentration
    for (let d = 0; d <= 20; d += 2) {
      const value = blurred.data[voxelIndex(volume.size, 30 + d, 30, 30)]!;
      expect(Math.abs(value - blurredSphereProfile(d, 10, fwhmToSigmaMm(7)))).toBeLessThan(0.01);
    }
  });

  it('small sphere (R = 5 mm, FWHM 8 mm), 2 x 2 x 3 mm voxels: centre voxel = voxel average of the analytic profile within 1%', () => {
    // Voxel values are voxel averages, so the reference is the analytic blurred profile averaged
    // over the centre voxel (11^3 points); at the point itself it would be 2.8% higher.
    const volume = makeVolume([41, 41, 31], [2, 2, 3]);
    const centre = ijkToLps(volume, [20, 20, 15]);
    addSphere(volume, centre, 5, 1, 9);
    const blurred = gaussianBlur(volume, { fwhmMm: 8 });
    const sigma = fwhmToSigmaMm(8);
    let average = 0;
    const n = 11;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        for (let c = 0; c < n; c++) {
          const x = 2 * ((a + 0.5) / n - 0.5);
          const y = 2 * ((b + 0.5) / n - 0.5);
          const z = 3 * ((c + 0.5) / n - 0.5);
          average += blurredSphereProfile(Math.hypot(x, y, z), 5, sigma) / n ** 3;
        }
      }
    }
    const value = blurred.data[voxelIndex(volume.size, 20, 20, 15)]!;
    expect(Math.abs(value / average - 1)).toBeLessThan(0.01);
  });

  it('conserves total counts for activity further than 4 sigma from the edges (relative 1e-5)', () => {
    const volume = makeVolume([48, 40, 36], [2, 2, 2.5], 0, [-40, 10, 5]);
    addSphere(volume, ijkToLps(volume, [24, 20, 18]), 12, 5000);
    const blurred = gaussianBlur(volume, { fwhmMm: [6, 6, 9] });
    expect(Math.abs(sum(blurred.data) / sum(volume.data) - 1)).toBeLessThan(1e-5);
  });

  it("'reflect' conserves counts even for a sphere cut by the edge; 'zero' loses them", () => {
    const volume = makeVolume([30, 30, 30], [2, 2, 2]);
    addSphere(volume, ijkToLps(volume, [1, 15, 15]), 8, 1);
    const reflected = gaussianBlur(volume, { fwhmMm: 8, edge: 'reflect' });
    expect(Math.abs(sum(reflected.data) / sum(volume.data) - 1)).toBeLessThan(1e-5);
    const zero = gaussianBlur(volume, { fwhmMm: 8, edge: 'zero' });
    expect(sum(zero.data) / sum(volume.data)).toBeLessThan(0.95);
  });

  it("a uniform image stays uniform up to the edges with 'nearest' and 'reflect'", () => {
    const volume = makeVolume([10, 12, 7], [3, 3, 3], 42);
    for (const edge of ['nearest', 'reflect'] as const) {
      const blurred = gaussianBlur(volume, { fwhmMm: 10, edge });
      for (const v of blurred.data) expect(v).toBeCloseTo(42, 4);
    }
  });

  it('keeps geometry, works on Int16 input and rejects a negative FWHM with InputError', () => {
    const volume = makeVolume([5, 5, 5], [1, 1, 1], 0, [1, 2, 3]);
    const int16 = { ...volume, data: Int16Array.from(volume.data) };
    const blurred = gaussianBlur(int16, { fwhmMm: 0 });
    expect(blurred.originLps).toEqual([1, 2, 3]);
    expect(blurred.data).toBeInstanceOf(Float32Array);
    expect(() => gaussianBlur(volume, { fwhmMm: -1 })).toThrow(InputError);
    const kernel = gaussianKernel1d(1.5);
    expect(kernel.length).toBe(13);
    expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
