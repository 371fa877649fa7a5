/**
 * The layout of convolve-3d.ts: one real volume is cut along one axis into two halves, each with
 * the kernel's reach of neighbours, and the halves become the real and the imaginary part of one
 * complex grid. Since the kernel is real, (a + i b) * k = a * k + i (b * k): one complex
 * transform pair convolves both halves (the classic packing of two real signals).
 *
 * Circular convolution of length L equals the linear one on the outputs wanted when no pair of
 * (input, output) positions with |offset| > c lands within c of 0 modulo L, i.e. when
 * L - c > the largest |output - input| there. Unsplit axis: inputs and outputs in [0, n):
 * L >= n + c. Split axis (halves h0 = ceil(n / 2), h1 = n - h0): half 0 reads [0, h0 + c) for
 * outputs [0, h0), half 1 reads [h0 - c, n) for outputs [h0, n), both placed from 0:
 * L >= h0 + 2 c. The kernel is first cut to offsets |d| <= n - 1 (larger ones meet no input).
 */
import type { Vec3 } from '../core/volume.ts';
import { fftLength } from './fft/fast-length.ts';

/** Per axis, for one part (0 = real, 1 = imaginary): the source range and its shift. */
export interface PartAxis {
  /** Source indices read: [readFrom, readTo). */
  readFrom: number;
  readTo: number;
  /** Source indices written to the output: [writeFrom, writeTo). */
  writeFrom: number;
  writeTo: number;
  /** Grid index = source index - shift. */
  shift: number;
}

export interface ConvolutionPlan {
  /** Complex grid size. */
  grid: Vec3;
  /** Kernel half-widths after cutting to the volume: c = min((k - 1) / 2, n - 1). */
  reach: Vec3;
  splitAxis: 0 | 1 | 2;
  parts: readonly [
    readonly [PartAxis, PartAxis, PartAxis],
    readonly [PartAxis, PartAxis, PartAxis],
  ];
}

function whole(n: number): PartAxis {
  return { readFrom: 0, readTo: n, writeFrom: 0, writeTo: n, shift: 0 };
}

function halves(n: number, c: number): [PartAxis, PartAxis] {
  const h0 = Math.ceil(n / 2);
  return [
    { readFrom: 0, readTo: Math.min(n, h0 + c), writeFrom: 0, writeTo: h0, shift: 0 },
    { readFrom: Math.max(0, h0 - c), readTo: n, writeFrom: h0, writeTo: n, shift: h0 - c },
  ];
}

/** The split (least grid volume; ties to the slowest axis) and grid for a volume and kernel. */
export function planConvolution(size: Vec3, kernelSize: Vec3): ConvolutionPlan {
  const reach = size.map((n, a) => Math.min((kernelSize[a]! - 1) / 2, n - 1)) as [
    number,
    number,
    number,
  ];
  let best: ConvolutionPlan | undefined;
  for (const axis of [2, 1, 0] as const) {
    const n = size[axis];
    if (n < 2) continue;
    const grid = size.map((m, a) =>
      fftLength(a === axis ? Math.ceil(m / 2) + 2 * reach[a]! : m + reach[a]!),
    ) as [number, number, number];
    const [p0, p1] = halves(n, reach[axis]);
    const part = (p: PartAxis) =>
      [0, 1, 2].map((a) => (a === axis ? p : whole(size[a]!))) as [PartAxis, PartAxis, PartAxis];
    const plan: ConvolutionPlan = { grid, reach, splitAxis: axis, parts: [part(p0), part(p1)] };
    if (best === undefined || volumeOf(grid) < volumeOf(best.grid)) best = plan;
  }
  if (best === undefined) throw new RangeError('planConvolution: a 1-voxel volume needs no plan');
  return best;
}

function volumeOf(size: Vec3): number {
  return size[0] * size[1] * size[2];
}

/** Grid extent [ny, nz] holding any input (forward) or any output (inverse). */
export function activeExtent(plan: ConvolutionPlan, use: 'read' | 'write'): [number, number] {
  const extent = (axis: 1 | 2) =>
    Math.max(
      ...plan.parts.map((p) =>
        use === 'read' ? p[axis].readTo - p[axis].shift : p[axis].writeTo - p[axis].shift,
      ),
    );
  return [extent(1), extent(2)];
}
