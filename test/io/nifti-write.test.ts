// niftiBytes (src/io/nifti/write-nifti.ts): the header read back by numpy from the raw bytes
// (nifti1.h offsets; an independent parse) must place voxel (i, j, k) at the RAS point that the
// DICOM definition gives, RAS = diag(-1, -1, 1) (origin + D diag(spacing) ijk), by both the sform
// and the qform (quaternion to matrix per nifti1.h in numpy); the data must be the volume's.
// Tolerance 1e-3 mm: the header stores float32.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { voxelCount, type Mat3, type Vec3, type Volume } from '../../src/core/volume.ts';
import { niftiGeometry } from '../../src/io/nifti/nifti-affine.ts';
import { parseNiftiHeader } from '../../src/io/nifti/nifti-header.ts';
import { niftiBytes } from '../../src/io/nifti/write-nifti.ts';
import { hasScipy, PYTHON, warnMissing } from '../helpers/external-tools.ts';
import { tempDir } from '../helpers/temp.ts';

const NUMPY_READ = `
import sys, json, struct, numpy as np
b = open(sys.argv[1], 'rb').read()
dim = struct.unpack_from('<8h', b, 40); dt = struct.unpack_from('<h', b, 70)[0]
pixdim = struct.unpack_from('<8f', b, 76); off = struct.unpack_from('<f', b, 108)[0]
qc, sc = struct.unpack_from('<2h', b, 252)
qb, qcq, qd, qx, qy, qz = struct.unpack_from('<6f', b, 256)
S = np.array(struct.unpack_from('<12f', b, 280), float).reshape(3, 4)
a = np.sqrt(max(0.0, 1 - (qb*qb + qcq*qcq + qd*qd)))
b_, c, d = qb, qcq, qd
R = np.array([[a*a+b_*b_-c*c-d*d, 2*(b_*c-a*d), 2*(b_*d+a*c)],
              [2*(b_*c+a*d), a*a+c*c-b_*b_-d*d, 2*(c*d-a*b_)],
              [2*(b_*d-a*c), 2*(c*d+a*b_), a*a+d*d-c*c-b_*b_]])
qfac = -1.0 if pixdim[0] < 0 else 1.0
Q = R @ np.diag([pixdim[1], pixdim[2], qfac * pixdim[3]])
ijk = np.array(json.loads(sys.argv[2]), float).T
sras = (S[:, :3] @ ijk + S[:, 3:4]).T.tolist()
qras = (Q @ ijk + np.array([[qx], [qy], [qz]])).T.tolist()
n = dim[1] * dim[2] * dim[3]
dtype = {16: '<f4', 4: '<i2', 2: 'u1'}[dt]
data = np.frombuffer(b, dtype=dtype, count=n, offset=int(off))
print(json.dumps({'dim': dim[:4], 'qc': qc, 'sc': sc, 'magic': b[344:348].decode('latin1'),
  'sras': sras, 'qras': qras, 'sum': float(data.astype(float).sum()), 'first': float(data[0]),
  'last': float(data[-1])}))
`;

function rot(axis: 'x' | 'z', deg: number): number[] {
  const c = Math.cos((deg * Math.PI) / 180);
  const s = Math.sin((deg * Math.PI) / 180);
  return axis === 'z' ? [c, -s, 0, s, c, 0, 0, 0, 1] : [1, 0, 0, 0, c, -s, 0, s, c];
}
function mul(a: number[], b: number[]): Mat3 {
  const m: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++)
      m.push(a[3 * r]! * b[c]! + a[3 * r + 1]! * b[3 + c]! + a[3 * r + 2]! * b[6 + c]!);
  }
  return m as unknown as Mat3;
}

/** RAS of voxel ijk by the DICOM definition (no iodose code). */
function expectedRas(v: Omit<Volume, 'data'>, ijk: Vec3): Vec3 {
  const d = v.direction;
  const s = ijk.map((x, n) => x * v.spacingMm[n]!);
  const lps = [0, 1, 2].map(
    (r) => v.originLps[r]! + d[3 * r]! * s[0]! + d[3 * r + 1]! * s[1]! + d[3 * r + 2]! * s[2]!,
  );
  return [-lps[0]!, -lps[1]!, lps[2]!];
}

const CASES: { name: string; direction: Mat3 }[] = [
  { name: 'axial head first supine (identity)', direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
  { name: 'slices stacked towards the feet (det -1)', direction: [1, 0, 0, 0, 1, 0, 0, 0, -1] },
  { name: 'oblique: 30 deg about z', direction: mul(rot('z', 30), [1, 0, 0, 0, 1, 0, 0, 0, 1]) },
  { name: 'double oblique: Rz 25 Rx -15', direction: mul(rot('z', 25), rot('x', -15)) },
  { name: 'feet first prone (180 deg about z)', direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] },
];

describe.skipIf(!hasScipy())('niftiBytes read back by numpy', () => {
  const dir = tempDir('iodose-nifti-');
  const size: Vec3 = [5, 4, 3];
  const ijks: Vec3[] = [
    [0, 0, 0],
    [4, 0, 0],
    [0, 3, 0],
    [0, 0, 2],
    [4, 3, 2],
    [2, 1, 1],
  ];
  for (const { name, direction } of CASES) {
    it(name, () => {
      const data = Float32Array.from({ length: voxelCount(size) }, (_, n) => n * 1.5 - 7);
      const volume: Volume = {
        size,
        spacingMm: [1.5, 2.25, 3],
        originLps: [-101.5, 42, -17.25],
        direction,
        data,
      };
      const file = join(dir, 'v.nii');
      writeFileSync(file, niftiBytes(volume));
      const out = spawnSync(PYTHON, ['-c', NUMPY_READ, file, JSON.stringify(ijks)], {
        encoding: 'utf8',
      });
      expect(out.stderr).toBe('');
      const r = JSON.parse(out.stdout) as {
        dim: number[];
        qc: number;
        sc: number;
        magic: string;
        sras: number[][];
        qras: number[][];
        sum: number;
        first: number;
        last: number;
      };
      expect(r.dim).toEqual([3, 5, 4, 3]);
      expect([r.qc, r.sc, r.magic]).toEqual([1, 1, 'n+1\0']);
      ijks.forEach((ijk, n) => {
        const want = expectedRas(volume, ijk);
        for (let a = 0; a < 3; a++) {
          expect(Math.abs(r.sras[n]![a]! - want[a]!)).toBeLessThan(1e-3);
          expect(Math.abs(r.qras[n]![a]! - want[a]!)).toBeLessThan(1e-3);
        }
      });
      expect(r.first).toBe(data[0]);
      expect(r.last).toBe(data[data.length - 1]);
      expect(r.sum).toBeCloseTo(
        data.reduce((s, x) => s + x, 0),
        3,
      );
    });
  }
});

if (!hasScipy()) warnMissing('python3-scipy', 'niftiBytes read back by numpy');

describe('niftiBytes round trip through the NIfTI reader', () => {
  it('int16 CT and uint8 masks keep their type and values; the qform alone places the grid too', () => {
    const direction = mul(rot('z', 25), rot('x', -15));
    const ct: Volume<Int16Array> = {
      size: [3, 2, 2],
      spacingMm: [0.9, 0.9, 2.5],
      originLps: [10, -20, 30],
      direction,
      data: Int16Array.from([-1024, -500, 0, 40, 1000, 3071, -1, 1, 2, 3, 4, 5]),
    };
    const bytes = niftiBytes(ct);
    const header = parseNiftiHeader(bytes, 'ct.nii');
    expect(header.datatype).toBe(4);
    expect(Array.from(new Int16Array(bytes.buffer.slice(352)))).toEqual(Array.from(ct.data));
    // Drop the sform: the qform must give the same grid.
    const qOnly = bytes.slice();
    new DataView(qOnly.buffer).setInt16(254, 0, true);
    for (const b of [bytes, qOnly]) {
      const g = niftiGeometry(parseNiftiHeader(b, 'ct.nii'), ct.size, 'ct.nii');
      g.grid.originLps.forEach((x, n) => expect(x).toBeCloseTo(ct.originLps[n]!, 4));
      g.grid.spacingMm.forEach((x, n) => expect(x).toBeCloseTo(ct.spacingMm[n]!, 5));
      g.grid.direction.forEach((x, n) => expect(x).toBeCloseTo(direction[n]!, 5));
    }
    const mask: Volume<Uint8Array> = {
      ...ct,
      data: Uint8Array.from([0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1]),
    };
    const m = niftiBytes(mask);
    expect(parseNiftiHeader(m, 'm.nii').datatype).toBe(2);
    expect(Array.from(m.subarray(352))).toEqual(Array.from(mask.data));
  });
});
