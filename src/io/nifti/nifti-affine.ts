/**
 * Voxel-to-world placement of a NIfTI-1 image (nifti1.h, "3D IMAGE (VOLUME) ORIENTATION AND
 * LOCATION IN SPACE"), converted to the DICOM LPS grid of a Volume. nifti1.h gives three methods:
 * - Method 3, sform_code > 0: [x y z]' = srow_{x,y,z} . [i j k 1]'.
 * - Method 2, qform_code > 0: [x y z]' = R [pixdim1 i, pixdim2 j, qfac pixdim3 k]' + qoffset,
 *   R from the quaternion (b, c, d) with a = sqrt(1 - b^2 - c^2 - d^2), qfac = pixdim[0] (+-1).
 * - Method 1, both codes 0 (Analyze 7.5): x = pixdim1 i, y = pixdim2 j, z = pixdim3 k; the
 *   orientation is unknown, taken here as RAS with a warning.
 * Preference: sform, then qform, then pixdim (as ITK and nibabel do). NIfTI world (x, y, z) is
 * RAS+ (x to the patient's Left is negative); DICOM LPS is (-x, -y, z). The affine must have
 * orthogonal columns (no shear): a Volume has spacing times an orthonormal direction matrix.
 */
import { InputError } from '../../core/errors.ts';
import type { Mat3, Vec3, Volume } from '../../core/volume.ts';
import type { NiftiHeader } from './nifti-header.ts';

/** The grid of a NIfTI image in LPS, the method used and warnings. */
export interface NiftiGeometry {
  grid: Omit<Volume, 'data'>;
  method: 'sform' | 'qform' | 'pixdim';
  warnings: string[];
}

/** 3 x 3 row-major matrix (columns = world step per voxel along i, j, k) and offset, RAS mm. */
interface Affine {
  m: number[];
  t: Vec3;
}

/** Largest |cosine| between two voxel axes accepted as orthogonal (float32 sform rounding). */
const SHEAR_TOLERANCE = 1e-4;

/** Method 2 (nifti1.h): quaternion, qfac and pixdim to the world affine. */
function qformAffine(h: NiftiHeader): Affine {
  let [b, c, d] = h.quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // nifti1_io.c nifti_quatern_to_mat44: a 180-degree rotation; renormalise (b, c, d).
    const n = Math.hypot(b, c, d);
    [a, b, c, d] = [0, b / n, c / n, d / n];
  } else a = Math.sqrt(a);
  const qfac = (h.pixdim[0] ?? 1) < 0 ? -1 : 1;
  const dx = h.pixdim[1] ?? 1;
  const dy = h.pixdim[2] ?? 1;
  const dz = (h.pixdim[3] ?? 1) * qfac;
  const r = [
    a * a + b * b - c * c - d * d,
    2 * (b * c - a * d),
    2 * (b * d + a * c),
    2 * (b * c + a * d),
    a * a + c * c - b * b - d * d,
    2 * (c * d - a * b),
    2 * (b * d - a * c),
    2 * (c * d + a * b),
    a * a + d * d - c * c - b * b,
  ];
  const s = [dx, dy, dz];
  return { m: r.map((v, n) => v * (s[n % 3] ?? 1)), t: h.qoffset };
}

function sformAffine(h: NiftiHeader): Affine {
  const [x, y, z] = h.srow;
  const m = [x, y, z].flatMap((row) => [row[0] ?? 0, row[1] ?? 0, row[2] ?? 0]);
  return { m, t: [x[3] ?? 0, y[3] ?? 0, z[3] ?? 0] };
}

function pixdimAffine(h: NiftiHeader): Affine {
  const [dx, dy, dz] = [1, 2, 3].map((n) => Math.abs(h.pixdim[n] ?? 1) || 1) as number[];
  return { m: [dx ?? 1, 0, 0, 0, dy ?? 1, 0, 0, 0, dz ?? 1], t: [0, 0, 0] };
}

/** Largest distance (mm) between the world positions two affines give the grid corners. */
function cornerDisagreementMm(p: Affine, q: Affine, size: Vec3): number {
  let worst = 0;
  for (let corner = 0; corner < 8; corner++) {
    const ijk = [0, 1, 2].map((a) => ((corner >> a) & 1) * Math.max(0, (size[a] ?? 1) - 1));
    for (let r = 0; r < 3; r++) {
      let diff = (p.t[r] ?? 0) - (q.t[r] ?? 0);
      for (let c = 0; c < 3; c++) diff += ((p.m[3 * r + c] ?? 0) - (q.m[3 * r + c] ?? 0)) * ijk[c]!;
      worst = Math.max(worst, Math.abs(diff));
    }
  }
  return worst;
}

const UNIT_TO_MM: Record<number, number> = { 1: 1000, 2: 1, 3: 0.001 };

/** The LPS grid of a NIfTI-1 image of `size` voxels (nifti1.h methods 3, 2, 1, in that order). */
export function niftiGeometry(h: NiftiHeader, size: Vec3, file: string): NiftiGeometry {
  const warnings: string[] = [];
  let method: NiftiGeometry['method'];
  let affine: Affine;
  if (h.sformCode > 0) {
    method = 'sform';
    affine = sformAffine(h);
    if (h.qformCode > 0) {
      const gap = cornerDisagreementMm(affine, qformAffine(h), size);
      if (gap > 0.1) {
        warnings.push(
          `${file}: sform and qform disagree by up to ${gap.toFixed(2)} mm; the sform is used`,
        );
      }
    }
  } else if (h.qformCode > 0) {
    method = 'qform';
    affine = qformAffine(h);
  } else {
    method = 'pixdim';
    affine = pixdimAffine(h);
    warnings.push(
      `${file}: qform_code and sform_code are 0, so the orientation is unknown; axes taken as ` +
        'RAS with the origin at voxel 0 (check the mask lies on the lesion)',
    );
  }
  const scale = UNIT_TO_MM[h.spatialUnits] ?? 1;
  // RAS+ to LPS: negate the x and y rows.
  const sign = [-1, -1, 1];
  const m = affine.m.map((v, n) => v * scale * (sign[Math.floor(n / 3)] ?? 1));
  const origin = affine.t.map((v, r) => v * scale * (sign[r] ?? 1) + 0) as unknown as Vec3;
  const column = (c: number): Vec3 => [m[c] ?? 0, m[3 + c] ?? 0, m[6 + c] ?? 0];
  const spacing = [0, 1, 2].map((c) => Math.hypot(...column(c)));
  if (!spacing.every((s) => s > 0 && Number.isFinite(s))) {
    throw new InputError(
      { file, field: method === 'sform' ? 'srow_x/y/z' : 'pixdim' },
      `voxel size ${spacing.map((s) => s.toPrecision(4)).join(' x ')} mm: expected positive sizes`,
    );
  }
  const unit = [0, 1, 2].map((c): Vec3 => {
    const [x, y, z] = column(c);
    const s = spacing[c] ?? 1;
    return [x / s, y / s, z / s];
  });
  for (const [p, q] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const) {
    const u = unit[p] as Vec3;
    const v = unit[q] as Vec3;
    const cosine = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    if (Math.abs(cosine) > SHEAR_TOLERANCE) {
      const angle = (Math.acos(Math.min(1, Math.abs(cosine))) * 180) / Math.PI;
      throw new InputError(
        { file, field: method === 'sform' ? 'srow_x/y/z (sform)' : 'quatern (qform)' },
        `voxel axes ${'ijk'[p]} and ${'ijk'[q]} meet at ${angle.toFixed(3)} degrees, not 90: ` +
          'a sheared affine cannot be stored as spacing and direction',
        'resample the mask onto an orthogonal grid (e.g. the CT grid) before importing it',
      );
    }
  }
  const [ui, uj, uk] = unit as [Vec3, Vec3, Vec3];
  const direction = [ui[0], uj[0], uk[0], ui[1], uj[1], uk[1], ui[2], uj[2], uk[2]].map(
    (v) => v + 0,
  ) as unknown as Mat3;
  return {
    grid: { size, spacingMm: spacing as unknown as Vec3, originLps: origin, direction },
    method,
    warnings,
  };
}
