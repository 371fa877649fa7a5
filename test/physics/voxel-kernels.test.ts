// The 131I voxel S-value data file and kernels (src/physics/s-values/voxel-kernels.ts): the JSON
// holds exactly the numbers of the Lanconelli et al. (2012) text files as python parses them; the
// full kernels have the table's values and symmetry; the size interpolation is measured against
// the tables themselves (leave-one-out); an anisotropic grid conserves the absorbed energy.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import table from '../../data/voxel-s-values/I-131-voxel-s-values-soft.json' with { type: 'json' };
import {
  interpolatedCubicKernel,
  kernelForSpacing,
  tabulatedKernel,
  TABULATED_VOXEL_MM,
} from '../../src/physics/s-values/voxel-kernels.ts';
import { PYTHON } from '../helpers/external-tools.ts';
import { voxelisedSphere } from '../helpers/lanconelli-voxel-kernel.ts';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'voxel-s-values', '131I');
const at = (k: Float32Array, i: number, j: number, l: number): number =>
  k[i + 5 + 11 * (j + 5 + 11 * (l + 5))]!;

/** Mean self-dose per unit total activity of a voxel set, (1/N^2) sum_ij S(i - j). */
function meanSelfDose(kernel: Float32Array, voxels: [number, number, number][]): number {
  let sum = 0;
  for (const [a, b, c] of voxels)
    for (const [d, e, f] of voxels) sum += at(kernel, a - d, b - e, c - f);
  return sum / voxels.length ** 2;
}

const PARSE = `
import json, os, re, sys
out = {}
for name in sorted(os.listdir(sys.argv[1])):
    m = re.fullmatch(r'131I([0-9.]+)mmsoft\\.txt', name)
    if not m: continue
    with open(os.path.join(sys.argv[1], name), encoding='latin-1') as f:
        rows = [line.split() for line in f.read().splitlines()[2:] if line.strip()]
    octant = [[[None] * 6 for _ in range(6)] for _ in range(6)]
    for i, j, k, s in rows: octant[int(i)][int(j)][int(k)] = float(s)
    out[m.group(1)] = octant
print(json.dumps(out))
`;

describe('131I voxel S-value kernels (Lanconelli et al. 2012)', () => {
  it('the JSON data file holds exactly the values python reads from the 13 text files', () => {
    const parsed = JSON.parse(
      execFileSync(PYTHON, ['-c', PARSE, DIR], { encoding: 'utf8' }),
    ) as Record<string, number[][][]>;
    expect(Object.keys(parsed)).toHaveLength(13);
    expect(table.kernels).toHaveLength(13);
    for (const kernel of table.kernels)
      expect(kernel.octant).toEqual(parsed[String(kernel.voxelMm)]);
    expect(table.provenance.files).toHaveLength(13);
  });

  it('the full 4 mm kernel: S(0,0,0) = 0.399 and S(0,0,+-1) = 1.05e-2 mGy/(MBq s), symmetric in every axis', () => {
    const k = tabulatedKernel(4);
    expect(k).toHaveLength(1331);
    expect(at(k, 0, 0, 0)).toBeCloseTo(0.399e-9, 15);
    for (const [i, j, l] of [
      [1, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ] as const)
      expect(at(k, i, j, l) / 1.05e-11).toBeCloseTo(1, 6);
    expect(at(k, 5, -3, 2)).toBe(at(k, -5, 3, -2));
    expect(at(k, 2, 5, 3)).toBe(at(k, 3, 2, 5));
    expect(kernelForSpacing([4, 4, 4]).method).toBe('tabulated');
    expect(kernelForSpacing([4.01, 4.01, 4.01]).method).toBe('tabulated'); // within 0.5%
  });

  it('leave-one-out: log-log size interpolation gives voxelised-sphere mean doses within 1% of the left-out table', () => {
    const cases: [number, [number, number]][] = [
      [4, [3.9, 4.42]],
      [3.9, [3.59, 4]],
      [4.8, [4.42, 5]],
      [6, [5, 6.8]],
      [3, [2.4, 3.59]],
      [6.8, [6, 9.28]],
      [2.21, [2.4, 3]], // extrapolated downwards by 8%, as kernelForSpacing does below 2.21 mm
    ];
    const spheres = [voxelisedSphere(1.5), voxelisedSphere(2.5)];
    for (const [size, pair] of cases) {
      const predicted = interpolatedCubicKernel(size, pair);
      const truth = tabulatedKernel(size);
      for (const voxels of spheres) {
        const error = meanSelfDose(predicted, voxels) / meanSelfDose(truth, voxels) - 1;
        expect(Math.abs(error)).toBeLessThan(0.01);
      }
      expect(Math.abs(at(predicted, 0, 0, 0) / at(truth, 0, 0, 0) - 1)).toBeLessThan(0.01);
    }
  });

  it('a grid between tables is interpolated from its neighbours; beyond 1.15 x the table it is refused', () => {
    const k = kernelForSpacing([4.2, 4.2, 4.2]);
    expect(k.method).toBe('size-interpolated');
    expect(k.tabulatedMm).toEqual([4, 4.42]);
    const s0 = at(k.kernelGyPerBqS, 0, 0, 0);
    expect(s0).toBeLessThan(at(tabulatedKernel(4), 0, 0, 0));
    expect(s0).toBeGreaterThan(at(tabulatedKernel(4.42), 0, 0, 0));
    expect(kernelForSpacing([2, 2, 2]).tabulatedMm).toEqual([2.21, 3]);
    expect(() => kernelForSpacing([1.5, 1.5, 1.5])).toThrow(/resample the PET/);
    expect(() => kernelForSpacing([4, 0, 4])).toThrow(/positive voxel spacings/);
    expect(TABULATED_VOXEL_MM).toHaveLength(13);
  });

  it('an anisotropic grid (4.07 x 4.07 x 3.27 mm) keeps the equal-volume self-dose and its absorbed energy sum S m', () => {
    const spacing = [4.07, 4.07, 3.27] as const;
    const k = kernelForSpacing(spacing);
    expect(k.method).toBe('size-interpolated-anisotropic');
    const cube = kernelForSpacing([k.equivalentCubeMm, k.equivalentCubeMm, k.equivalentCubeMm]);
    const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);
    expect(at(k.kernelGyPerBqS, 0, 0, 0)).toBe(at(cube.kernelGyPerBqS, 0, 0, 0));
    expect(sum(k.kernelGyPerBqS) / sum(cube.kernelGyPerBqS)).toBeCloseTo(1, 5);
    // the shorter axis is the nearer neighbour: more dose across it
    expect(at(k.kernelGyPerBqS, 0, 0, 1)).toBeGreaterThan(at(k.kernelGyPerBqS, 1, 0, 0));
  });
});
