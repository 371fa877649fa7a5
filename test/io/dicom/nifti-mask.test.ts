/**
 * NIfTI-1 lesion masks (nifti1.h) written byte by byte in the test: a sphere of radius 7.05 mm
 * centred on voxel c of a grid placed by a known affine A (RAS, mm). Read back, the mask in DICOM
 * LPS must put every voxel where (-x, -y, z) of A [i j k 1]' says, so the sphere's centroid is at
 * the LPS image of A c, and its volume is the written voxel count times |det A| / 1000 mL.
 * Placement by sform, by qform (quaternion with qfac -1, a 180-degree flip and an oblique
 * rotation), and by pixdim only; both byte orders, gzip, five datatypes, and the refusals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ijkToLps, voxelCount, type Vec3 } from '../../../src/core/volume.ts';
import { readNiftiMask } from '../../../src/io/nifti/nifti-mask.ts';
import { maskVolumeMl } from '../../../src/imaging/ct-volume.ts';

const root = mkdtempSync(join(tmpdir(), 'iodose-nifti-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Column-major world step per voxel (RAS, mm) as a row-major 3 x 3, and the offset. */
interface RasAffine {
  m: number[];
  t: Vec3;
}

interface NiftiSpec {
  size: Vec3;
  values: (i: number, j: number, k: number) => number;
  datatype?: 2 | 4 | 8 | 16 | 64 | 128;
  littleEndian?: boolean;
  gzip?: boolean;
  pixdim?: number[];
  sform?: RasAffine;
  qform?: { quatern: Vec3; qoffset: Vec3; qfac: number };
  scl?: [number, number];
  dim?: number[];
}

const BYTES: Record<number, number> = { 2: 1, 4: 2, 8: 4, 16: 4, 64: 8, 128: 3 };

/** Writes a single-file NIfTI-1 (nifti1.h struct nifti_1_header, vox_offset 352). */
function writeNifti(name: string, spec: NiftiSpec): string {
  const le = spec.littleEndian ?? true;
  const datatype = spec.datatype ?? 2;
  const count = voxelCount(spec.size);
  const bytes = new Uint8Array(352 + count * (BYTES[datatype] ?? 1));
  const v = new DataView(bytes.buffer);
  v.setInt32(0, 348, le);
  const dim = spec.dim ?? [3, ...spec.size, 1, 1, 1, 1];
  dim.forEach((d, n) => v.setInt16(40 + 2 * n, d, le));
  v.setInt16(70, datatype, le);
  v.setInt16(72, 8 * (BYTES[datatype] ?? 1), le);
  const pixdim = spec.pixdim ?? [spec.qform?.qfac ?? 1, 1, 1, 1, 0, 0, 0, 0];
  pixdim.forEach((p, n) => v.setFloat32(76 + 4 * n, p, le));
  v.setFloat32(108, 352, le);
  v.setFloat32(112, spec.scl?.[0] ?? 1, le);
  v.setFloat32(116, spec.scl?.[1] ?? 0, le);
  bytes[123] = 2; // NIFTI_UNITS_MM
  if (spec.qform !== undefined) {
    v.setInt16(252, 1, le);
    spec.qform.quatern.forEach((q, n) => v.setFloat32(256 + 4 * n, q, le));
    spec.qform.qoffset.forEach((q, n) => v.setFloat32(268 + 4 * n, q, le));
  }
  if (spec.sform !== undefined) {
    v.setInt16(254, 2, le);
    const { m, t } = spec.sform;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) v.setFloat32(280 + 16 * r + 4 * c, m[3 * r + c] ?? 0, le);
      v.setFloat32(280 + 16 * r + 12, t[r] ?? 0, le);
    }
  }
  bytes.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  const [nx, ny, nz] = spec.size;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const n = i + nx * (j + ny * k);
        const value = spec.values(i, j, k);
        if (datatype === 2) v.setUint8(352 + n, value);
        else if (datatype === 4) v.setInt16(352 + 2 * n, value, le);
        else if (datatype === 8) v.setInt32(352 + 4 * n, value, le);
        else if (datatype === 16) v.setFloat32(352 + 4 * n, value, le);
        else if (datatype === 64) v.setFloat64(352 + 8 * n, value, le);
      }
  const path = join(root, name);
  writeFileSync(path, spec.gzip === true ? gzipSync(bytes) : bytes);
  return path;
}

const apply = (a: RasAffine, p: Vec3): Vec3 =>
  [0, 1, 2].map(
    (r) => a.t[r]! + a.m[3 * r]! * p[0] + a.m[3 * r + 1]! * p[1] + a.m[3 * r + 2]! * p[2],
  ) as unknown as Vec3;
const rasToLps = (p: Vec3): Vec3 => [-p[0], -p[1], p[2]];
/** Row-major product of two 3 x 3 matrices. */
const mul = (a: number[], b: number[]): number[] =>
  Array.from({ length: 9 }, (_, n) => {
    const r = Math.floor(n / 3);
    const c = n % 3;
    return a[3 * r]! * b[c]! + a[3 * r + 1]! * b[3 + c]! + a[3 * r + 2]! * b[6 + c]!;
  });
const diag = (s: Vec3): number[] => [s[0], 0, 0, 0, s[1], 0, 0, 0, s[2]];
const rotZ = (deg: number): number[] => {
  const [c, s] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  return [c, -s, 0, s, c, 0, 0, 0, 1];
};
const rotX = (deg: number): number[] => {
  const [c, s] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  return [1, 0, 0, 0, c, -s, 0, s, c];
};

const SIZE: Vec3 = [21, 19, 15];
const CENTRE: Vec3 = [10, 9, 7];
// Not a multiple of any spacing, so no voxel centre lies on the surface (no rounding ties).
const RADIUS_MM = 7.05;

/** 1 inside the sphere of RADIUS_MM around voxel CENTRE (distances through the affine). */
function sphere(a: RasAffine, value = 1) {
  const c = apply(a, CENTRE);
  return (i: number, j: number, k: number) => {
    const p = apply(a, [i, j, k]);
    return Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) <= RADIUS_MM ? value : 0;
  };
}

function countOf(values: (i: number, j: number, k: number) => number, label?: number): number {
  let n = 0;
  for (let k = 0; k < SIZE[2]; k++)
    for (let j = 0; j < SIZE[1]; j++)
      for (let i = 0; i < SIZE[0]; i++) {
        const v = values(i, j, k);
        if (label === undefined ? v !== 0 : v === label) n++;
      }
  return n;
}

function centroidLps(mask: ReturnType<typeof readNiftiMask>['mask']): Vec3 {
  const sum = [0, 0, 0];
  let n = 0;
  const [nx, ny, nz] = mask.size;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (mask.data[i + nx * (j + ny * k)] === 0) continue;
        const p = ijkToLps(mask, [i, j, k]);
        for (let a = 0; a < 3; a++) sum[a]! += p[a]!;
        n++;
      }
  return sum.map((s) => s / n) as unknown as Vec3;
}

/** The read mask places voxels as A says, centres the sphere on A c and has the written volume. */
function expectPlacedBy(path: string, a: RasAffine, written: number, method: string) {
  const { mask, method: used } = readNiftiMask(path);
  expect(used).toBe(method);
  expect(mask.size).toEqual(SIZE);
  for (const ijk of [
    [0, 0, 0],
    [20, 0, 0],
    [0, 18, 0],
    [0, 0, 14],
    [20, 18, 14],
  ] as Vec3[]) {
    const expected = rasToLps(apply(a, ijk));
    ijkToLps(mask, ijk).forEach((x, n) => expect(x).toBeCloseTo(expected[n]!, 3));
  }
  const centre = rasToLps(apply(a, CENTRE));
  centroidLps(mask).forEach((x, n) => expect(x).toBeCloseTo(centre[n]!, 3));
  const det = Math.abs(
    a.m[0]! * (a.m[4]! * a.m[8]! - a.m[5]! * a.m[7]!) -
      a.m[1]! * (a.m[3]! * a.m[8]! - a.m[5]! * a.m[6]!) +
      a.m[2]! * (a.m[3]! * a.m[7]! - a.m[4]! * a.m[6]!),
  );
  expect(maskVolumeMl(mask) / ((written * det) / 1000)).toBeCloseTo(1, 5);
  // A 7.05 mm sphere: 1.468 mL; voxelisation within 10 %.
  expect(maskVolumeMl(mask) / ((4 / 3) * Math.PI * RADIUS_MM ** 3 * 1e-3)).toBeCloseTo(1, 0);
}

describe('readNiftiMask: placement in DICOM LPS (x = -x_RAS, y = -y_RAS)', () => {
  it('sform, identity directions (RAS axes), 1.5 x 1.2 x 2 mm voxels', () => {
    const a: RasAffine = { m: diag([1.5, 1.2, 2]), t: [-20, 35, -12] };
    const values = sphere(a);
    const path = writeNifti('ras.nii', { size: SIZE, values, sform: a });
    expectPlacedBy(path, a, countOf(values), 'sform');
    const { mask } = readNiftiMask(path);
    expect(mask.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(mask.spacingMm.map((s) => +s.toFixed(5))).toEqual([1.5, 1.2, 2]);
  });

  it('qform with quaternion (0, 0, 1) (180 degrees about z) and qfac -1: LPS axes, k flipped', () => {
    const spacing: Vec3 = [1.4, 1.1, 2.5];
    const a: RasAffine = {
      m: mul(rotZ(180), diag([spacing[0], spacing[1], -spacing[2]])),
      t: [30, 25, 40],
    };
    const values = sphere(a);
    const path = writeNifti('lps.nii.gz', {
      size: SIZE,
      values,
      gzip: true,
      pixdim: [-1, ...spacing, 0, 0, 0, 0],
      qform: { quatern: [0, 0, 1], qoffset: a.t, qfac: -1 },
    });
    expectPlacedBy(path, a, countOf(values), 'qform');
    const { mask } = readNiftiMask(path);
    mask.direction.forEach((d, n) => expect(d).toBeCloseTo([1, 0, 0, 0, 1, 0, 0, 0, -1][n]!, 6));
  });

  it('qform with an oblique rotation (30 degrees about z), big-endian int16, qfac 1', () => {
    const spacing: Vec3 = [1, 1.3, 1.7];
    const half = (30 * Math.PI) / 360;
    const a: RasAffine = { m: mul(rotZ(30), diag(spacing)), t: [-5, 12, 3] };
    const values = sphere(a);
    const path = writeNifti('oblique-be.nii', {
      size: SIZE,
      values,
      datatype: 4,
      littleEndian: false,
      pixdim: [1, ...spacing, 0, 0, 0, 0],
      qform: { quatern: [0, 0, Math.sin(half)], qoffset: a.t, qfac: 1 },
    });
    expectPlacedBy(path, a, countOf(values), 'qform');
  });

  it('sform with a double-oblique rotation (Rz 25 deg Rx -15 deg), float32 values, gzip', () => {
    const a: RasAffine = { m: mul(mul(rotZ(25), rotX(-15)), diag([1.2, 0.9, 2])), t: [8, -40, 60] };
    const values = sphere(a, 1.0);
    const path = writeNifti('double-oblique.nii.gz', {
      size: SIZE,
      values,
      datatype: 16,
      gzip: true,
      sform: a,
      qform: { quatern: [0, 0, 0], qoffset: [0, 0, 0], qfac: 1 },
    });
    expectPlacedBy(path, a, countOf(values), 'sform');
    expect(readNiftiMask(path).warnings.join()).toMatch(/sform and qform disagree/);
  });

  it('pixdim only (no qform, no sform): RAS axes from voxel 0, with a warning', () => {
    const a: RasAffine = { m: diag([2, 2, 3]), t: [0, 0, 0] };
    const values = sphere(a);
    const path = writeNifti('analyze.nii', {
      size: SIZE,
      values,
      pixdim: [1, 2, 2, 3, 0, 0, 0, 0],
    });
    expectPlacedBy(path, a, countOf(values), 'pixdim');
    expect(readNiftiMask(path).warnings.join()).toMatch(/orientation is unknown/);
  });
});

describe('readNiftiMask: labels, datatypes and scaling', () => {
  const a: RasAffine = { m: diag([1, 1, 1]), t: [0, 0, 0] };
  /** Label 1: the sphere; label 2: the slab k = 0. */
  const labels = (i: number, j: number, k: number) => (k === 0 ? 2 : sphere(a)(i, j, k));

  it.each([2, 8, 64] as const)('datatype %i: label 1, label 2 and any non-zero', (datatype) => {
    const path = writeNifti(`labels-${datatype}.nii`, {
      size: SIZE,
      values: labels,
      datatype,
      sform: a,
    });
    const count = (label?: number) =>
      readNiftiMask(path, label).mask.data.reduce((s, v) => s + v, 0);
    expect(count(1)).toBe(countOf(labels, 1));
    expect(count(2)).toBe(SIZE[0] * SIZE[1]);
    expect(count()).toBe(countOf(labels));
    expect(readNiftiMask(path, 7).warnings.join()).toMatch(/no voxel has label 7/);
  });

  it('applies scl_slope and scl_inter before comparing labels (stored 10, 20 -> 1, 2)', () => {
    const stored = (i: number, j: number, k: number) => 10 * labels(i, j, k);
    const path = writeNifti('scaled.nii', {
      size: SIZE,
      values: stored,
      datatype: 4,
      sform: a,
      scl: [0.1, 0],
    });
    expect(readNiftiMask(path, 2).mask.data.reduce((s, v) => s + v, 0)).toBe(SIZE[0] * SIZE[1]);
  });
});

describe('readNiftiMask: refusals name the file and the field', () => {
  const a: RasAffine = { m: diag([1, 1, 1]), t: [0, 0, 0] };
  const values = () => 1;

  it('rejects a sheared sform', () => {
    const shear: RasAffine = { m: [1, 0.2, 0, 0, 1, 0, 0, 0, 1], t: [0, 0, 0] };
    const path = writeNifti('shear.nii', { size: SIZE, values, sform: shear });
    expect(() => readNiftiMask(path)).toThrow(
      /shear\.nii: srow_x\/y\/z \(sform\): voxel axes i and j meet at 78\.69\d degrees, not 90/,
    );
  });

  it('rejects an unsupported datatype (RGB24) listing the supported ones', () => {
    const path = writeNifti('rgb.nii', { size: SIZE, values, datatype: 128, sform: a });
    expect(() => readNiftiMask(path)).toThrow(
      /rgb\.nii: datatype: NIfTI datatype 128 is not supported; expected one of uint8 \(2\)/,
    );
  });

  it('rejects a 4D image and a file that is not NIfTI', () => {
    const path = writeNifti('4d.nii', {
      size: [SIZE[0], SIZE[1], 1],
      values,
      sform: a,
      dim: [4, SIZE[0], SIZE[1], 1, 2, 1, 1, 1],
    });
    expect(() => readNiftiMask(path)).toThrow(/4d\.nii: dim\[4\]: a 4D image/);
    const junk = join(root, 'junk.nii');
    writeFileSync(junk, new Uint8Array(400));
    expect(() => readNiftiMask(junk)).toThrow(/junk\.nii: sizeof_hdr: not a NIfTI-1 file/);
  });
});
