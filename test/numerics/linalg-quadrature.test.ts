// Linear algebra and quadrature against exact answers.
import { describe, expect, it } from 'vitest';
import { invertMatrix, quadraticForm, solveLinearSystem } from '../../src/numerics/linalg.ts';
import { adaptiveSimpson, trapezoidIntegral } from '../../src/numerics/quadrature.ts';

describe('linear algebra', () => {
  it('inverts the 4x4 Hilbert matrix (exact integer inverse) to 1e-9', () => {
    const h = Array.from({ length: 4 }, (_, i) =>
      Array.from({ length: 4 }, (_, j) => 1 / (i + j + 1)),
    );
    const exact = [
      [16, -120, 240, -140],
      [-120, 1200, -2700, 1680],
      [240, -2700, 6480, -4200],
      [-140, 1680, -4200, 2800],
    ];
    const inv = invertMatrix(h);
    exact.forEach((row, i) => row.forEach((v, j) => expect(inv?.[i]?.[j]).toBeCloseTo(v, 7)));
  });
  it('needs pivoting: [[0, 1], [1, 0]] x = [2, 3] -> [3, 2]', () => {
    expect(
      solveLinearSystem(
        [
          [0, 1],
          [1, 0],
        ],
        [2, 3],
      ),
    ).toEqual([3, 2]);
  });
  it('returns null for a singular matrix', () => {
    expect(
      invertMatrix([
        [1, 2],
        [2, 4],
      ]),
    ).toBeNull();
  });
  it('quadratic form g^T C g', () => {
    expect(
      quadraticForm(
        [
          [2, 1],
          [1, 3],
        ],
        [1, 2],
      ),
    ).toBe(2 + 2 + 2 + 12);
  });
});

describe('quadrature', () => {
  it('trapezoid is exact for a piecewise-linear function', () => {
    expect(trapezoidIntegral([0, 1, 3], [0, 2, 2])).toBe(1 + 4);
  });
  it('adaptive Simpson: integral of e^{-t/10} over [0, 50] to 1e-10', () => {
    const exact = 10 * (1 - Math.exp(-5));
    expect(Math.abs(adaptiveSimpson((t) => Math.exp(-t / 10), 0, 50) - exact)).toBeLessThan(1e-10);
  });
});
