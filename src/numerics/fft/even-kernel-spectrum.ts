/**
 * The DFT of a real kernel that is even in each axis, k(dx, dy, dz) = k(+-dx, +-dy, +-dz),
 * placed circularly about the origin of an Lx x Ly x Lz grid: it is real and even, so
 * K(f) = sum_d k(d) cos(2 pi fx dx / Lx) cos(2 pi fy dy / Ly) cos(2 pi fz dz / Lz), computed
 * separably (one axis at a time) on the octant 0 <= f <= L / 2 only; K(f) = K(min(f, L - f)).
 * Sums in double precision.
 */
import type { Vec3 } from '../../core/volume.ts';

/** K on the octant, value (fx, fy, fz) at fx + Hx (fy + Hy fz), H = floor(L / 2) + 1. */
export interface EvenSpectrum {
  halfSize: Vec3;
  values: Float64Array;
}

/** True when the kernel (sizes odd) equals its mirror image along each axis exactly. */
export function isEvenKernel(kernel: Float32Array, size: Vec3): boolean {
  const [kx, ky, kz] = size;
  for (let w = 0; w < kz; w++)
    for (let v = 0; v < ky; v++)
      for (let u = 0; u < kx; u++) {
        const value = kernel[u + kx * (v + ky * w)];
        if (value !== kernel[kx - 1 - u + kx * (v + ky * w)]) return false;
        if (value !== kernel[u + kx * (ky - 1 - v + ky * w)]) return false;
        if (value !== kernel[u + kx * (v + ky * (kz - 1 - w))]) return false;
      }
  return true;
}

/** cos(2 pi f d / L) w(d) for f in 0..H-1, d in 0..c (w = 1 at d = 0, else 2), f-major. */
function cosines(length: number, half: number, c: number): Float64Array {
  const table = new Float64Array(half * (c + 1));
  for (let f = 0; f < half; f++)
    for (let d = 0; d <= c; d++) {
      table[f * (c + 1) + d] = (d === 0 ? 1 : 2) * Math.cos((2 * Math.PI * f * d) / length);
    }
  return table;
}

/** The x and then y cosine sums: b[fx + Hx (fy + Hy dz)] for dz = 0..cz. */
function xySums(kernel: Float32Array, kernelSize: Vec3, gridSize: Vec3): Float64Array {
  const [kx, ky] = kernelSize;
  const [cx, cy, cz] = kernelSize.map((k) => (k - 1) / 2) as [number, number, number];
  const [hx, hy] = gridSize.map((l) => Math.floor(l / 2) + 1) as [number, number, number];
  const tx = cosines(gridSize[0], hx, cx);
  const ty = cosines(gridSize[1], hy, cy);
  // a[fx + hx (dy + (cy+1) dz)]: the x sums over dx >= 0 for each (dy, dz) >= 0.
  const a = new Float64Array(hx * (cy + 1) * (cz + 1));
  for (let dz = 0; dz <= cz; dz++)
    for (let dy = 0; dy <= cy; dy++) {
      const row = kx * (cy + dy + ky * (cz + dz)) + cx;
      const out = hx * (dy + (cy + 1) * dz);
      for (let fx = 0; fx < hx; fx++) {
        let sum = 0;
        for (let dx = 0; dx <= cx; dx++) sum += tx[fx * (cx + 1) + dx]! * kernel[row + dx]!;
        a[out + fx] = sum;
      }
    }
  // b[fx + hx (fy + hy dz)]: then the y sums.
  const b = new Float64Array(hx * hy * (cz + 1));
  for (let dz = 0; dz <= cz; dz++)
    for (let fy = 0; fy < hy; fy++) {
      const out = hx * (fy + hy * dz);
      for (let dy = 0; dy <= cy; dy++) {
        const weight = ty[fy * (cy + 1) + dy]!;
        const from = hx * (dy + (cy + 1) * dz);
        for (let fx = 0; fx < hx; fx++) b[out + fx]! += weight * a[from + fx]!;
      }
    }
  return b;
}

/** The octant of the real spectrum of an even kernel (odd sizes) on a grid of `gridSize`. */
export function evenKernelSpectrum(
  kernel: Float32Array,
  kernelSize: Vec3,
  gridSize: Vec3,
): EvenSpectrum {
  const cz = (kernelSize[2] - 1) / 2;
  const [hx, hy, hz] = gridSize.map((l) => Math.floor(l / 2) + 1) as [number, number, number];
  const tz = cosines(gridSize[2], hz, cz);
  const b = xySums(kernel, kernelSize, gridSize);
  // values[fx + hx (fy + hy fz)]: then the z sums.
  const values = new Float64Array(hx * hy * hz);
  const plane = hx * hy;
  for (let fz = 0; fz < hz; fz++)
    for (let dz = 0; dz <= cz; dz++) {
      const weight = tz[fz * (cz + 1) + dz]!;
      const out = plane * fz;
      const from = plane * dz;
      for (let i = 0; i < plane; i++) values[out + i]! += weight * b[from + i]!;
    }
  return { halfSize: [hx, hy, hz], values };
}

/**
 * The same spectrum times `scale`, laid out for products along z-columns: value (fx, fy, f) at
 * (fx + Hx fy) Lz + f for every z frequency f = 0..Lz-1 (K(min(f, Lz - f)) written out), so a
 * column's factors are contiguous. fx, fy still on the octant (mirror them yourself).
 */
export function evenKernelSpectrumColumns(
  kernel: Float32Array,
  kernelSize: Vec3,
  gridSize: Vec3,
  scale: number,
): { halfSize: Vec3; values: Float64Array } {
  const cz = (kernelSize[2] - 1) / 2;
  const lz = gridSize[2];
  const [hx, hy, hz] = gridSize.map((l) => Math.floor(l / 2) + 1) as [number, number, number];
  const tz = cosines(lz, hz, cz);
  const b = xySums(kernel, kernelSize, gridSize);
  const plane = hx * hy;
  const values = new Float64Array(plane * lz);
  const column = new Float64Array(cz + 1);
  for (let i = 0; i < plane; i++) {
    for (let dz = 0; dz <= cz; dz++) column[dz] = b[i + plane * dz]! * scale;
    const out = i * lz;
    for (let f = 0; f < hz; f++) {
      let sum = 0;
      for (let dz = 0; dz <= cz; dz++) sum += tz[f * (cz + 1) + dz]! * column[dz]!;
      values[out + f] = sum;
      if (f > 0 && lz - f >= hz) values[out + lz - f] = sum;
    }
  }
  return { halfSize: [hx, hy, hz], values };
}
