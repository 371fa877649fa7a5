/**
 * Complex 3-D DFT in place on an interleaved (re, im) grid inside the WebAssembly memory, value
 * (x, y, z) at floats 2 (x + Lx (y + Ly z)), each axis length 1 (no transform) or a PFFFT length
 * (fast-length.ts). Separable: 1-D transforms along x (contiguous rows, in place), then y and z
 * (columns gathered, a tile of contiguous x at a time, into a scratch block and scattered back).
 * The forward transform skips the rows and planes outside the non-zero input region, the inverse
 * those outside the region wanted afterwards (pruning: only zeros, or unread values, are
 * skipped, so the result there is exact or unused).
 */
import type { Vec3 } from '../../core/volume.ts';
import {
  allocFloats,
  freeFloats,
  heapF32,
  heapF64,
  transformLines,
  type FftDirection,
  type WasmFloats,
} from './pffft.ts';

/**
 * Columns gathered at once: 48 complex values (384 bytes of each source row). Measured on the
 * 240 x 240 x 160 grid of the benchmark: the z pass's gather and scatter took about 3 times
 * longer with tiles of 16 and about 2 times with whole rows of 240.
 */
const TILE = 48;

/** The grid: its sizes and its block of 2 Lx Ly Lz floats. */
export interface ComplexGrid {
  size: Vec3;
  block: WasmFloats;
}

/**
 * Extent [0, ny) x [0, nz) of (y, z) that matters: for 'forward' where the input may be
 * non-zero, for 'inverse' where the output will be read. The whole grid when omitted.
 */
export type ActiveExtent = readonly [number, number];

/** Unscaled DFT of the grid in place (inverse: multiply by 1 / (Lx Ly Lz) yourself). */
export function fft3dInPlace(
  grid: ComplexGrid,
  direction: FftDirection,
  active: ActiveExtent = [grid.size[1], grid.size[2]],
): void {
  const [lx, ly, lz] = grid.size;
  const [ay, az] = active;
  const scratch = allocFloats(2 * TILE * Math.max(ly, lz) + 2 * Math.max(lx, ly, lz));
  const work: WasmFloats = {
    pointer: scratch.pointer + 8 * TILE * Math.max(ly, lz),
    length: 2 * Math.max(lx, ly, lz),
  };
  try {
    if (direction === 'forward') {
      passX(grid, ay, az, direction, work);
      passY(grid, ay, az, direction, scratch, work);
      passZ(grid, direction, scratch, work);
    } else {
      passZ(grid, direction, scratch, work);
      passY(grid, ay, az, direction, scratch, work);
      passX(grid, ay, az, direction, work);
    }
  } finally {
    freeFloats(scratch);
  }
}

/**
 * Multiplies, in place, `count` transformed z-columns held as contiguous lines of n complex
 * values from byte `pointer`: column c is grid column (x0 + c, y), element t its z frequency.
 */
export type ColumnMultiply = (
  pointer: number,
  x0: number,
  count: number,
  y: number,
  n: number,
) => void;

/**
 * Circular convolution in place by the spectrum product: forward x and y passes, then per tile
 * of z-columns forward z, `multiply`, inverse z (one gather and one scatter for both z passes,
 * and no separate pass over the grid for the product), then inverse y and x passes; unscaled
 * (scale inside `multiply`). `read`/`write`: the (y, z) extents of fft3dInPlace's forward and
 * inverse pruning; the z scatter keeps only z < write[1] (the rest is never read).
 */
export function convolveInPlace(
  grid: ComplexGrid,
  multiply: ColumnMultiply,
  read: ActiveExtent,
  write: ActiveExtent,
): void {
  const [lx, ly, lz] = grid.size;
  const scratch = allocFloats(2 * TILE * Math.max(ly, lz) + 2 * Math.max(lx, ly, lz));
  const work: WasmFloats = {
    pointer: scratch.pointer + 8 * TILE * Math.max(ly, lz),
    length: 2 * Math.max(lx, ly, lz),
  };
  try {
    passX(grid, read[0], read[1], 'forward', work);
    passY(grid, read[0], read[1], 'forward', scratch, work);
    if (lz === 1) {
      for (let y = 0; y < ly; y++)
        for (let x0 = 0; x0 < lx; x0 += TILE) {
          const count = Math.min(TILE, lx - x0);
          multiplyRow(grid, multiply, x0, count, y, scratch);
        }
    } else {
      const base = grid.block.pointer >> 3;
      for (let y = 0; y < ly; y++)
        for (let x0 = 0; x0 < lx; x0 += TILE) {
          const count = Math.min(TILE, lx - x0);
          const first = base + x0 + lx * y;
          gather(first, count, lz, lx * ly, read[1], scratch);
          transformLines(scratch.pointer, lz, count, 'forward', work);
          multiply(scratch.pointer, x0, count, y, lz);
          transformLines(scratch.pointer, lz, count, 'inverse', work);
          scatter(first, count, lz, lx * ly, write[1], scratch);
        }
    }
    passY(grid, write[0], write[1], 'inverse', scratch, work);
    passX(grid, write[0], write[1], 'inverse', work);
  } finally {
    freeFloats(scratch);
  }
}

/** A 1-plane grid: the row's values copied to the scratch lines (length 1), multiplied, back. */
function multiplyRow(
  g: ComplexGrid,
  multiply: ColumnMultiply,
  x0: number,
  count: number,
  y: number,
  scratch: WasmFloats,
) {
  const h = heapF64();
  const from = (g.block.pointer >> 3) + x0 + g.size[0] * y;
  const s = scratch.pointer >> 3;
  for (let c = 0; c < count; c++) h[s + c] = h[from + c]!;
  multiply(scratch.pointer, x0, count, y, 1);
  for (let c = 0; c < count; c++) h[from + c] = h[s + c]!;
}

/** Columns [first + c + t stride] to contiguous lines; t >= nonZero are zeros (not read). */
function gather(
  first: number,
  count: number,
  n: number,
  stride: number,
  nonZero: number,
  scratch: WasmFloats,
) {
  const h = heapF64();
  const s = scratch.pointer >> 3;
  for (let t = 0; t < nonZero; t++) {
    const from = first + t * stride;
    let to = s + t;
    for (let c = 0; c < count; c++, to += n) h[to] = h[from + c]!;
  }
  for (let c = 0; c < count; c++) h.fill(0, s + c * n + nonZero, s + (c + 1) * n);
}

/** Contiguous lines back to the columns, t < wanted only. */
function scatter(
  first: number,
  count: number,
  n: number,
  stride: number,
  wanted: number,
  scratch: WasmFloats,
) {
  const h = heapF64();
  const s = scratch.pointer >> 3;
  for (let t = 0; t < wanted; t++) {
    const to = first + t * stride;
    let from = s + t;
    for (let c = 0; c < count; c++, from += n) h[to + c] = h[from]!;
  }
}

function passX(g: ComplexGrid, ay: number, az: number, dir: FftDirection, work: WasmFloats) {
  const [lx, ly] = g.size;
  if (lx === 1) return;
  for (let z = 0; z < az; z++) {
    transformLines(g.block.pointer + 8 * lx * ly * z, lx, ay, dir, work);
  }
}

/**
 * The y transforms of the planes z < az. Forward: rows y >= ay are zero (the x pass left them
 * untouched) and are not read; inverse: only rows y < ay are written back (the x pass reads no
 * others).
 */
function passY(
  g: ComplexGrid,
  ay: number,
  az: number,
  dir: FftDirection,
  scratch: WasmFloats,
  work: WasmFloats,
) {
  const [lx, ly] = g.size;
  if (ly === 1) return;
  for (let z = 0; z < az; z++) {
    const plane = (g.block.pointer >> 3) + lx * ly * z;
    for (let x0 = 0; x0 < lx; x0 += TILE) {
      const count = Math.min(TILE, lx - x0);
      if (dir === 'forward') gather(plane + x0, count, ly, lx, ay, scratch);
      else gather(plane + x0, count, ly, lx, ly, scratch);
      transformLines(scratch.pointer, ly, count, dir, work);
      scatter(plane + x0, count, ly, lx, dir === 'forward' ? ly : ay, scratch);
    }
  }
}

function passZ(g: ComplexGrid, dir: FftDirection, scratch: WasmFloats, work: WasmFloats) {
  const [lx, ly, lz] = g.size;
  if (lz === 1) return;
  const base = g.block.pointer >> 3;
  for (let y = 0; y < ly; y++) {
    for (let x0 = 0; x0 < lx; x0 += TILE) {
      const start = base + x0 + lx * y;
      columns(start, Math.min(TILE, lx - x0), lz, lx * ly, dir, scratch, work);
    }
  }
}

/**
 * Transforms `count` neighbouring columns of length n: column c's element t is the complex
 * value (float64 slot) first + c + t stride. Gathered into the scratch block as contiguous
 * lines, transformed, scattered back; each complex float32 pair moves as one float64.
 */
function columns(
  first: number,
  count: number,
  n: number,
  stride: number,
  dir: FftDirection,
  scratch: WasmFloats,
  work: WasmFloats,
): void {
  const h = heapF64();
  const s = scratch.pointer >> 3;
  for (let t = 0; t < n; t++) {
    const from = first + t * stride;
    let to = s + t;
    for (let c = 0; c < count; c++, to += n) h[to] = h[from + c]!;
  }
  transformLines(scratch.pointer, n, count, dir, work);
  for (let t = 0; t < n; t++) {
    const to = first + t * stride;
    let from = s + t;
    for (let c = 0; c < count; c++, from += n) h[to + c] = h[from]!;
  }
}

/**
 * Unscaled DFT of an interleaved complex array (value (x, y, z) at 2 (x + Lx (y + Ly z))), each
 * size 1 or a PFFFT length; a copy in, transformed in the WebAssembly memory, copied out.
 */
export function fft3d(values: Float32Array, size: Vec3, direction: FftDirection): Float32Array {
  if (values.length !== 2 * size[0] * size[1] * size[2]) {
    throw new RangeError(`fft3d: ${values.length} floats for a ${size.join(' x ')} complex grid`);
  }
  const block = allocFloats(values.length);
  try {
    heapF32().set(values, block.pointer >> 2);
    fft3dInPlace({ size, block }, direction);
    return heapF32().slice(block.pointer >> 2, (block.pointer >> 2) + values.length);
  } finally {
    freeFloats(block);
  }
}
