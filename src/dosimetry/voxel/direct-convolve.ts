/**
 * Direct 3-D convolution, "same" mode as scipy.signal.fftconvolve(data, kernel, mode='same') for
 * odd kernel sizes: out[x] = sum_m data[m] kernel[x - m + c], c = (kernel size - 1) / 2 per axis,
 * zero outside the grid. Volume order data[i + nx (j + ny k)]. For tests and small grids (cost
 * nonzero voxels x kernel voxels); large maps use the FFT convolution (numerics/convolve-3d.ts).
 */
import type { Vec3 } from '../../core/volume.ts';

/** A same-mode 3-D convolution (the dose map's injected `convolve`). */
export type Convolve3d = (
  data: Float32Array,
  size: Vec3,
  kernel: Float32Array,
  kernelSize: Vec3,
) => Float32Array;

/** Same-mode direct convolution (file comment); sums in float64 per output voxel. */
export const directConvolve3d: Convolve3d = (data, size, kernel, kernelSize) => {
  const [nx, ny, nz] = size;
  const [kx, ky, kz] = kernelSize;
  if (data.length !== nx * ny * nz || kernel.length !== kx * ky * kz) {
    throw new Error('directConvolve3d: array lengths do not match the sizes');
  }
  if (kx % 2 === 0 || ky % 2 === 0 || kz % 2 === 0)
    throw new Error('directConvolve3d: odd kernel sizes only');
  const [cx, cy, cz] = [(kx - 1) / 2, (ky - 1) / 2, (kz - 1) / 2];
  const sum = new Float64Array(data.length);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const value = data[i + nx * (j + ny * k)]!;
        if (value === 0) continue;
        // out[x] += value * kernel[x - m + c] for x within the grid
        for (let c = Math.max(0, cz - k); c < Math.min(kz, nz - k + cz); c++) {
          const z = k + c - cz;
          for (let b = Math.max(0, cy - j); b < Math.min(ky, ny - j + cy); b++) {
            const y = j + b - cy;
            const row = nx * (y + ny * z);
            const kRow = kx * (b + ky * c);
            for (let a = Math.max(0, cx - i); a < Math.min(kx, nx - i + cx); a++) {
              const x = i + a - cx + row;
              sum[x] = sum[x]! + value * kernel[a + kRow]!;
            }
          }
        }
      }
  return Float32Array.from(sum);
};
