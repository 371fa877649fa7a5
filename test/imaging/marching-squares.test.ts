// Marching squares against analytic level sets: the isolines of a distance field and of a
// Gaussian are circles of known radius; saddle cells are checked by hand.
import { describe, expect, it } from 'vitest';
import { isolineSegments, type IsoSegment } from '../../src/imaging/marching-squares.ts';

const SIZE = 64;
const CX = 31.3;
const CY = 29.7;

function field(f: (r: number) => number): Float64Array {
  const values = new Float64Array(SIZE * SIZE);
  for (let v = 0; v < SIZE; v++) {
    for (let u = 0; u < SIZE; u++) values[u + SIZE * v] = f(Math.hypot(u - CX, v - CY));
  }
  return values;
}

const ends = (s: IsoSegment[]) =>
  s.flatMap((g) => [
    [g.x1, g.y1],
    [g.x2, g.y2],
  ]) as [number, number][];
const length = (s: IsoSegment[]) => s.reduce((t, g) => t + Math.hypot(g.x2 - g.x1, g.y2 - g.y1), 0);

describe('isolineSegments', () => {
  it('the isoline r = 20.5 of a distance field lies on the circle within 0.01 sample', () => {
    // Linear interpolation of r along a cell edge errs by at most h^2 / (8 r) = 0.006 samples.
    const segments = isolineSegments({ width: SIZE, height: SIZE, values: field((r) => r) }, 20.5);
    expect(segments.length).toBeGreaterThan(100);
    for (const [x, y] of ends(segments)) {
      expect(Math.abs(Math.hypot(x - CX, y - CY) - 20.5)).toBeLessThan(0.01);
    }
    // Chords of a circle: the polygon is at most 0.5% shorter than 2 pi r.
    expect(length(segments) / (2 * Math.PI * 20.5)).toBeGreaterThan(0.995);
    expect(length(segments) / (2 * Math.PI * 20.5)).toBeLessThanOrEqual(1);
  });

  it('the line is closed: every end point is shared by exactly two segments', () => {
    const segments = isolineSegments({ width: SIZE, height: SIZE, values: field((r) => r) }, 12.25);
    const count = new Map<string, number>();
    for (const [x, y] of ends(segments)) {
      const key = `${x.toFixed(9)},${y.toFixed(9)}`;
      count.set(key, (count.get(key) ?? 0) + 1);
    }
    expect([...count.values()].every((n) => n === 2)).toBe(true);
  });

  it('the half-maximum line of a Gaussian (sigma 8) lies at sigma sqrt(2 ln 2) within 0.1 sample', () => {
    const sigma = 8;
    const values = field((r) => 100 * Math.exp(-(r * r) / (2 * sigma * sigma)));
    const radius = sigma * Math.sqrt(2 * Math.LN2);
    const segments = isolineSegments({ width: SIZE, height: SIZE, values }, 50);
    expect(segments.length).toBeGreaterThan(40);
    for (const [x, y] of ends(segments)) {
      expect(Math.abs(Math.hypot(x - CX, y - CY) - radius)).toBeLessThan(0.1);
    }
  });

  it('resolves a saddle by the cell mean: joined when the mean reaches the level', () => {
    // Top-left and bottom-right reach the level; the mean is 0.5.
    const values = [1, 0, 0, 1];
    const joined = isolineSegments({ width: 2, height: 2, values }, 0.5);
    // Cuts off the outside corners top-right and bottom-left.
    expect(joined).toEqual([
      { x1: 0.5, y1: 0, x2: 1, y2: 0.5 },
      { x1: 0.5, y1: 1, x2: 0, y2: 0.5 },
    ]);
    const split = isolineSegments({ width: 2, height: 2, values }, 0.6);
    // Cuts off the inside corners: around (0, 0) from (0, 0.4) to (0.4, 0), around (1, 1).
    expect(split[0]?.x1).toBeCloseTo(0, 12);
    expect(split[0]?.y1).toBeCloseTo(0.4, 12);
    expect(split[0]?.x2).toBeCloseTo(0.4, 12);
    expect(split[0]?.y2).toBeCloseTo(0, 12);
    expect(split[1]?.x1).toBeCloseTo(1, 12);
    expect(split[1]?.y1).toBeCloseTo(0.6, 12);
    expect(split[1]?.x2).toBeCloseTo(0.6, 12);
    expect(split[1]?.y2).toBeCloseTo(1, 12);
  });

  it('gives nothing for a constant field or a level above the maximum', () => {
    expect(isolineSegments({ width: 3, height: 3, values: new Array(9).fill(2) }, 1)).toEqual([]);
    expect(isolineSegments({ width: SIZE, height: SIZE, values: field((r) => r) }, 1e3)).toEqual(
      [],
    );
  });

  it('counts non-finite samples as below the level, with the crossing at the finite sample', () => {
    const segments = isolineSegments({ width: 2, height: 2, values: [Number.NaN, 5, 5, 5] }, 1);
    // One segment from (1, 0) to (0, 1), in either direction.
    expect(segments).toHaveLength(1);
    expect(ends(segments).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('refuses a field with too few values', () => {
    expect(() => isolineSegments({ width: 3, height: 3, values: [1, 2] }, 1)).toThrow(/expected 3/);
  });
});
