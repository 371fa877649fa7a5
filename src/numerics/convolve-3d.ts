/**
 * 3-D linear convolution of a volume with a small real kernel, output the size of the input,
 * centred as scipy.signal.fftconvolve(a, k, mode='same') for odd kernel sizes:
 * out[i] = sum_m a[m] k[i - m + c], c = (kernel size - 1) / 2 per axis, a taken as 0 outside.
 * Used for voxel dosimetry (dose = time-integrated activity map * voxel S-value kernel,
 * MIRD Pamphlet No. 17, Bolch et al. 1999).
 *
 * By FFT (PFFFT in WebAssembly, fft/pffft.ts) with the layout of convolve-3d-plan.ts: the two
 * halves of the volume packed as one complex grid padded by the kernel's reach only, one forward
 * and one inverse transform. A kernel even in each axis (as voxel S-value kernels are) has a real
 * spectrum, summed as cosines (fft/even-kernel-spectrum.ts); any other kernel takes one more
 * forward transform. Single precision like scipy's float32 path; single thread.
 */
import { InputError } from '../core/errors.ts';
import type { Vec3 } from '../core/volume.ts';
import {
  activeExtent,
  planConvolution,
  type ConvolutionPlan,
  type PartAxis,
} from './convolve-3d-plan.ts';
import { evenKernelSpectrumColumns, isEvenKernel } from './fft/even-kernel-spectrum.ts';
import {
  convolveInPlace,
  fft3dInPlace,
  type ColumnMultiply,
  type ComplexGrid,
} from './fft/fft-3d.ts';
import { allocFloats, freeFloats, heapF32 } from './fft/pffft.ts';

/** Largest complex grid the 32-bit WebAssembly memory holds comfortably, bytes. */
const MAX_GRID_BYTES = 1.5 * 2 ** 30;

/** a * k, 'same' size as a (Float32Array, layout data[i + nx (j + ny k)] for both). */
export function convolve3dSame(
  data: Float32Array,
  size: Vec3,
  kernel: Float32Array,
  kernelSize: Vec3,
): Float32Array {
  checkInputs(data, size, kernel, kernelSize);
  const [nx, ny, nz] = size;
  if (nx * ny * nz === 1) {
    const centre = (kernelSize[0] - 1) / 2 + kernelSize[0] * ((kernelSize[1] - 1) / 2);
    const value = kernel[centre + kernelSize[0] * kernelSize[1] * ((kernelSize[2] - 1) / 2)]!;
    if (!Number.isFinite(data[0]!)) notFinite('data', data);
    return Float32Array.of(data[0]! * value);
  }
  const plan = planConvolution(size, kernelSize);
  const cut = cutKernel(kernel, kernelSize, plan.reach);
  const even = isEvenKernel(cut.values, cut.size);
  const cells = plan.grid[0] * plan.grid[1] * plan.grid[2];
  if (cells * 8 * (even ? 1 : 2) > MAX_GRID_BYTES) {
    throw new InputError(
      { field: 'size' },
      `a ${size.join(' x ')} volume needs a ${plan.grid.join(' x ')} FFT grid, too large`,
      'crop the volume to the body or resample it to coarser voxels',
    );
  }
  const signal: ComplexGrid = { size: plan.grid, block: allocFloats(2 * cells) };
  try {
    if (pack(data, size, plan, signal) !== 0) notFinite('data', data);
    if (even) {
      const scale = 1 / cells;
      const spectrum = evenKernelSpectrumColumns(cut.values, cut.size, plan.grid, scale);
      const read = activeExtent(plan, 'read');
      convolveInPlace(
        signal,
        evenColumnMultiply(plan.grid, spectrum),
        read,
        activeExtent(plan, 'write'),
      );
    } else {
      fft3dInPlace(signal, 'forward', activeExtent(plan, 'read'));
      multiplyGeneric(signal, cut.values, cut.size);
      fft3dInPlace(signal, 'inverse', activeExtent(plan, 'write'));
    }
    return unpack(signal, size, plan);
  } finally {
    freeFloats(signal.block);
  }
}

function checkInputs(data: Float32Array, size: Vec3, kernel: Float32Array, kernelSize: Vec3) {
  if (!size.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new InputError({ field: 'size' }, `sizes must be positive integers, got ${size}`);
  }
  if (!kernelSize.every((n) => Number.isInteger(n) && n >= 1 && n % 2 === 1)) {
    throw new InputError(
      { field: 'kernelSize' },
      `kernel sizes must be odd positive integers (a centre voxel), got ${kernelSize}`,
      'pad the kernel with a row of zeros on one side',
    );
  }
  const count = (s: Vec3) => s[0] * s[1] * s[2];
  if (data.length !== count(size)) {
    throw new InputError(
      { field: 'data' },
      `${data.length} values for a ${size.join(' x ')} volume (${count(size)} expected)`,
    );
  }
  if (kernel.length !== count(kernelSize)) {
    throw new InputError(
      { field: 'kernel' },
      `${kernel.length} values for a ${kernelSize.join(' x ')} kernel (${count(kernelSize)} expected)`,
    );
  }
  // One NaN or infinity would spread over the whole output through the transforms.
  // (the data are probed while packed, convolve3dSame)
  let probe = 0; // NaN after any NaN or infinity (x * 0 is 0 for finite x)
  for (let i = 0; i < kernel.length; i++) probe += kernel[i]! * 0;
  if (probe !== 0) notFinite('kernel', kernel);
}

function notFinite(field: string, values: Float32Array): never {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  throw new InputError({ field: `${field}[${bad}]` }, `finite values, got ${values[bad]}`);
}

/** The kernel's central part of half-widths `reach` (offsets that can meet an input voxel). */
function cutKernel(kernel: Float32Array, kernelSize: Vec3, reach: Vec3) {
  const size = reach.map((c) => 2 * c + 1) as [number, number, number];
  const skip = kernelSize.map((k, a) => (k - 1) / 2 - reach[a]!);
  const values = new Float32Array(size[0] * size[1] * size[2]);
  for (let w = 0; w < size[2]; w++)
    for (let v = 0; v < size[1]; v++)
      for (let u = 0; u < size[0]; u++) {
        const from = u + skip[0]! + kernelSize[0] * (v + skip[1]! + kernelSize[1] * (w + skip[2]!));
        values[u + size[0] * (v + size[1] * w)] = kernel[from]!;
      }
  return { size, values };
}

/** Grid row (gy, gz) of a part: its source row start nx (y + ny z), or -1 if it has none. */
function sourceRow(
  part: readonly [PartAxis, PartAxis, PartAxis],
  gy: number,
  gz: number,
  size: Vec3,
  use: 'read' | 'write',
): number {
  const [, py, pz] = part;
  const y = gy + py.shift;
  const z = gz + pz.shift;
  const [y0, y1, z0, z1] =
    use === 'read'
      ? [py.readFrom, py.readTo, pz.readFrom, pz.readTo]
      : [py.writeFrom, py.writeTo, pz.writeFrom, pz.writeTo];
  return y >= y0 && y < y1 && z >= z0 && z < z1 ? size[0] * (y + size[1] * z) : -1;
}

/**
 * The two parts into the grid (zeros elsewhere); returns 0, or NaN when the data hold a NaN or
 * an infinity (x * 0 summed: checked by the caller, so the data are read once). With the split
 * along y or z both parts share each row's x range: one pass per grid row writes both lanes.
 */
function pack(data: Float32Array, size: Vec3, plan: ConvolutionPlan, grid: ComplexGrid): number {
  const h = heapF32();
  const base = grid.block.pointer >> 2;
  const [lx, ly, lz] = plan.grid;
  let probe = 0;
  if (plan.splitAxis === 0) {
    h.fill(0, base, base + grid.block.length);
    for (const part of [0, 1] as const) {
      const p = plan.parts[part];
      const [x0, x1] = [p[0].readFrom, p[0].readTo];
      for (let gz = 0; gz < lz; gz++)
        for (let gy = 0; gy < ly; gy++) {
          const from = sourceRow(p, gy, gz, size, 'read');
          if (from < 0) continue;
          const to = base + 2 * (lx * (gy + ly * gz) - p[0].shift) + part;
          for (let x = x0; x < x1; x++) {
            const v = data[from + x]!;
            probe += v * 0;
            h[to + 2 * x] = v;
          }
        }
    }
    return probe;
  }
  const nx = size[0];
  const [a, b] = plan.parts;
  for (let gz = 0; gz < lz; gz++)
    for (let gy = 0; gy < ly; gy++) {
      const fa = sourceRow(a, gy, gz, size, 'read');
      const fb = sourceRow(b, gy, gz, size, 'read');
      const row = base + 2 * lx * (gy + ly * gz);
      // zeros where nothing is written below (each float of the grid is set once)
      if (fa < 0 || fb < 0) h.fill(0, row, row + 2 * lx);
      else h.fill(0, row + 2 * nx, row + 2 * lx);
      if (fa < 0 && fb < 0) continue;
      let to = row;
      if (fa >= 0 && fb >= 0) {
        for (let x = 0; x < nx; x++, to += 2) {
          const va = data[fa + x]!;
          const vb = data[fb + x]!;
          probe += va * 0 + vb * 0;
          h[to] = va;
          h[to + 1] = vb;
        }
      } else {
        const from = fa >= 0 ? fa : fb;
        to += fa >= 0 ? 0 : 1;
        for (let x = 0; x < nx; x++, to += 2) {
          const v = data[from + x]!;
          probe += v * 0;
          h[to] = v;
        }
      }
    }
  return probe;
}

function unpack(grid: ComplexGrid, size: Vec3, plan: ConvolutionPlan): Float32Array {
  const h = heapF32();
  const base = grid.block.pointer >> 2;
  const out = new Float32Array(size[0] * size[1] * size[2]);
  const [lx, ly, lz] = plan.grid;
  if (plan.splitAxis === 0) {
    for (const part of [0, 1] as const) {
      const p = plan.parts[part];
      const [x0, x1] = [p[0].writeFrom, p[0].writeTo];
      for (let gz = 0; gz < lz; gz++)
        for (let gy = 0; gy < ly; gy++) {
          const to = sourceRow(p, gy, gz, size, 'write');
          if (to < 0) continue;
          const from = base + 2 * (lx * (gy + ly * gz) - p[0].shift) + part;
          for (let x = x0; x < x1; x++) out[to + x] = h[from + 2 * x]!;
        }
    }
    return out;
  }
  const nx = size[0];
  const [a, b] = plan.parts;
  for (let gz = 0; gz < lz; gz++)
    for (let gy = 0; gy < ly; gy++) {
      const ta = sourceRow(a, gy, gz, size, 'write');
      const tb = sourceRow(b, gy, gz, size, 'write');
      let from = base + 2 * lx * (gy + ly * gz);
      if (ta >= 0 && tb >= 0) {
        for (let x = 0; x < nx; x++, from += 2) {
          out[ta + x] = h[from]!;
          out[tb + x] = h[from + 1]!;
        }
      } else if (ta >= 0 || tb >= 0) {
        const to = ta >= 0 ? ta : tb;
        from += ta >= 0 ? 0 : 1;
        for (let x = 0; x < nx; x++, from += 2) out[to + x] = h[from]!;
      }
    }
  return out;
}

/** Mirror index min(f, L - f) of each frequency of an axis. */
function mirror(length: number): Int32Array {
  return Int32Array.from({ length }, (_, f) => Math.min(f, length - f));
}

/**
 * The product with a real even spectrum, on the z-columns of convolveInPlace: column (x, y),
 * z frequency t, times K(min(f, L - f) per axis) / (Lx Ly Lz).
 */
function evenColumnMultiply(
  size: Vec3,
  spectrum: ReturnType<typeof evenKernelSpectrumColumns>,
): ColumnMultiply {
  const [mx, my] = [mirror(size[0]), mirror(size[1])];
  const hx = spectrum.halfSize[0];
  const k = spectrum.values;
  return (pointer, x0, count, y, n) => {
    const h = heapF32();
    const yRow = hx * my[y]!;
    let at = pointer >> 2;
    for (let c = 0; c < count; c++) {
      const column = (yRow + mx[x0 + c]!) * n;
      for (let t = 0; t < n; t++, at += 2) {
        const f = k[column + t]!;
        h[at] = h[at]! * f;
        h[at + 1] = h[at + 1]! * f;
      }
    }
  };
}

/** Kernel spectrum by one more transform of the kernel wrapped about the grid origin. */
function multiplyGeneric(grid: ComplexGrid, kernel: Float32Array, kernelSize: Vec3) {
  const [lx, ly, lz] = grid.size;
  const cells = lx * ly * lz;
  const wrapped: ComplexGrid = { size: grid.size, block: allocFloats(2 * cells) };
  try {
    let h = heapF32();
    const kb = wrapped.block.pointer >> 2;
    h.fill(0, kb, kb + 2 * cells);
    const [kx, ky, kz] = kernelSize;
    const wrap = (d: number, c: number, l: number) => (((d - c) % l) + l) % l;
    for (let w = 0; w < kz; w++)
      for (let v = 0; v < ky; v++)
        for (let u = 0; u < kx; u++) {
          const at =
            wrap(u, (kx - 1) / 2, lx) +
            lx * (wrap(v, (ky - 1) / 2, ly) + ly * wrap(w, (kz - 1) / 2, lz));
          h[kb + 2 * at] = h[kb + 2 * at]! + kernel[u + kx * (v + ky * w)]!;
        }
    fft3dInPlace(wrapped, 'forward');
    h = heapF32();
    const sb = grid.block.pointer >> 2;
    const scale = 1 / cells;
    for (let i = 0; i < 2 * cells; i += 2) {
      const [ar, ai, br, bi] = [h[sb + i]!, h[sb + i + 1]!, h[kb + i]!, h[kb + i + 1]!];
      h[sb + i] = (ar * br - ai * bi) * scale;
      h[sb + i + 1] = (ar * bi + ai * br) * scale;
    }
  } finally {
    freeFloats(wrapped.block);
  }
}
