// web/src/coords.ts against numpy: for several PET grids, the NIfTI header niftiBytes writes is
// parsed by /usr/bin/python3 from its raw bytes (sform rows at offset 280, nifti1.h), and numpy's
// sform-mapped RAS of some voxels is compared with coords.ts's voxel -> LPS -> RAS, and numpy's
// inverse (RAS -> voxel) with coords.ts's LPS -> voxel. Tolerance 1e-3 mm (the header is float32).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../src/core/volume.ts';
import { niftiBytes } from '../../src/io/nifti/write-nifti.ts';
import {
  lpsToRas,
  lpsToVoxel,
  rasToLps,
  voxelIndex,
  voxelToLps,
  type Grid,
} from '../../web/src/coords.ts';

const PYTHON = `
import sys, json, numpy as np
raw = sys.stdin.buffer.read()
req = json.loads(raw[raw.index(b'\\n###\\n') + 5:])
hdr = raw[:348]
srow = np.frombuffer(hdr, dtype='<f4', count=12, offset=280).astype(np.float64).reshape(3, 4)
sform = np.vstack([srow, [0, 0, 0, 1]])
vox = np.array(req['voxels'], dtype=np.float64)
ras = (sform @ np.c_[vox, np.ones(len(vox))].T).T[:, :3]
back = (np.linalg.inv(sform) @ np.c_[ras, np.ones(len(ras))].T).T[:, :3]
print(json.dumps({'ras': ras.tolist(), 'vox': back.tolist()}))
`;

function numpySform(bytes: Uint8Array, voxels: number[][]): { ras: number[][]; vox: number[][] } {
  const tail = new TextEncoder().encode(`\n###\n${JSON.stringify({ voxels })}`);
  const input = new Uint8Array(352 + tail.length);
  input.set(bytes.subarray(0, 352));
  input.set(tail, 352);
  const out = execFileSync('/usr/bin/python3', ['-c', PYTHON], { input });
  return JSON.parse(out.toString()) as { ras: number[][]; vox: number[][] };
}

const c = Math.cos(0.4);
const s = Math.sin(0.4);
const GRIDS: Record<string, { direction: Mat3; spacingMm: Vec3; originLps: Vec3 }> = {
  identity: {
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    spacingMm: [4, 4, 4],
    originLps: [-250, -250, -190],
  },
  'det -1 (k flipped, head first)': {
    direction: [1, 0, 0, 0, 1, 0, 0, 0, -1],
    spacingMm: [2.5, 3, 4.25],
    originLps: [-100.5, 20, 300],
  },
  'oblique (tilted 0.4 rad about x, then y)': {
    // Rx(0.4) then a 0.3 rad rotation about y, columns orthonormal.
    direction: (() => {
      const cy = Math.cos(0.3);
      const sy = Math.sin(0.3);
      const rx = [1, 0, 0, 0, c, -s, 0, s, c];
      const ry = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
      const m: number[] = [];
      for (let r = 0; r < 3; r++)
        for (let k = 0; k < 3; k++)
          m.push([0, 1, 2].reduce((acc, n) => acc + ry[3 * r + n]! * rx[3 * n + k]!, 0));
      return m as unknown as Mat3;
    })(),
    spacingMm: [3.1, 3.1, 2],
    originLps: [12, -40, 77],
  },
  '180 degrees about z (i to the right, j anterior)': {
    direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
    spacingMm: [4, 4, 4],
    originLps: [250, 250, -190],
  },
};

const VOXELS = [
  [0, 0, 0],
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [3, 4, 5],
  [2.5, 1.25, 4.75],
];

describe('coords.ts against numpy on the NIfTI sform niftiBytes writes', () => {
  for (const [name, g] of Object.entries(GRIDS)) {
    it(name, () => {
      const size: Vec3 = [4, 5, 6];
      const bytes = niftiBytes({ ...g, size, data: new Uint8Array(4 * 5 * 6) });
      const ref = numpySform(bytes, VOXELS);
      const grid: Grid = {
        size: [...size],
        spacingMm: [...g.spacingMm],
        originLps: [...g.originLps],
        direction: [...g.direction],
      };
      VOXELS.forEach((v, n) => {
        const lps = voxelToLps(grid, v);
        const ras = lpsToRas(lps);
        const want = ref.ras[n]!;
        for (let a = 0; a < 3; a++) expect(Math.abs(ras[a]! - want[a]!)).toBeLessThan(1e-3);
        // numpy RAS negated in x, y is the LPS; back to voxels both ways.
        expect(
          rasToLps(want)
            .map((x, a) => Math.abs(x - lps[a]!))
            .every((d) => d < 1e-3),
        ).toBe(true);
        const vox = lpsToVoxel(grid, rasToLps(want));
        for (let a = 0; a < 3; a++) {
          expect(Math.abs(vox[a]! - ref.vox[n]![a]!)).toBeLessThan(1e-3);
          expect(Math.abs(vox[a]! - v[a]!)).toBeLessThan(1e-3);
        }
      });
      // The nearest voxel's flat index (data[i + nx (j + ny k)]) and null outside the grid.
      expect(voxelIndex(grid, voxelToLps(grid, [3, 4, 5]))).toBe(3 + 4 * (4 + 5 * 5));
      expect(voxelIndex(grid, voxelToLps(grid, [2.6, 0.4, 1.4]))).toBe(3 + 4 * (0 + 5 * 1));
      expect(voxelIndex(grid, voxelToLps(grid, [-0.6, 0, 0]))).toBeNull();
      expect(voxelIndex(grid, voxelToLps(grid, [0, 0, 5.6]))).toBeNull();
    });
  }

  it('refuses a direction that is not 9 finite numbers, and a singular one', () => {
    const bad: Grid = {
      size: [1, 1, 1],
      spacingMm: [1, 1, 1],
      originLps: [0, 0, 0],
      direction: [1, 0, 0],
    };
    expect(() => voxelToLps(bad, [0, 0, 0])).toThrow(/petGrid.direction: 9 finite numbers/);
    const flat: Grid = { ...bad, direction: [1, 0, 0, 0, 1, 0, 0, 0, 0] };
    expect(() => lpsToVoxel(flat, [0, 0, 0])).toThrow(/singular/);
  });
});
