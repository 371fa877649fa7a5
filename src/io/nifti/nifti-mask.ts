/**
 * A lesion mask from a NIfTI-1 label image (.nii, or .nii.gz inflated with zlib; nifti1.h):
 * voxels whose value (scl_slope x stored + scl_inter when scl_slope != 0) equals `label`, or is
 * non-zero when no label is given, become 1. The grid comes from nifti-affine.ts in DICOM LPS.
 * NIfTI stores voxel (i, j, k) at i + nx (j + ny k), as a Volume does, so no reordering is needed.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../core/errors.ts';
import { voxelCount, type Vec3, type Volume } from '../../core/volume.ts';
import { niftiGeometry } from './nifti-affine.ts';
import { NIFTI_DATATYPES, parseNiftiHeader, type NiftiHeader } from './nifti-header.ts';

/** A binary mask read from NIfTI, with the placement method used and warnings. */
export interface NiftiMask {
  mask: Volume<Uint8Array>;
  /** Which nifti1.h method placed the grid: sform (3), qform (2) or pixdim only (1). */
  method: 'sform' | 'qform' | 'pixdim';
  warnings: string[];
}

function fileBytes(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError({ file: path }, 'cannot read the NIfTI mask file', 'check the path');
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch {
    throw new InputError({ file: path }, 'the gzip-compressed NIfTI file is damaged');
  }
}

/** nx, ny, nz (dim[1..3]); higher dimensions must be 1 (a single 3D volume). */
function gridSize(h: NiftiHeader, file: string): Vec3 {
  const rank = h.dim[0] ?? 0;
  if (rank < 1 || rank > 7) {
    throw new InputError({ file, field: 'dim[0]' }, `dim[0] = ${rank}, expected 1 to 7`);
  }
  const d = (n: number) => (n <= rank ? (h.dim[n] ?? 1) : 1);
  for (let n = 4; n <= rank; n++) {
    if (d(n) > 1) {
      throw new InputError(
        { file, field: `dim[${n}]` },
        `a ${rank}D image (dim[${n}] = ${d(n)}): expected one 3D label volume`,
        'save the mask of one time point / component as its own 3D file',
      );
    }
  }
  const size: Vec3 = [d(1), d(2), d(3)];
  if (!size.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new InputError({ file, field: 'dim[1..3]' }, `image size ${size.join('x')} is invalid`);
  }
  return size;
}

/** Stored value reader for the NIfTI datatype (nifti1.h NIFTI_TYPE_*), in the header's byte order. */
function sampler(h: NiftiHeader, view: DataView, file: string): (n: number) => number {
  const le = h.littleEndian;
  const o = h.voxOffset;
  switch (h.datatype) {
    case 2:
      return (n) => view.getUint8(o + n);
    case 256:
      return (n) => view.getInt8(o + n);
    case 4:
      return (n) => view.getInt16(o + 2 * n, le);
    case 512:
      return (n) => view.getUint16(o + 2 * n, le);
    case 8:
      return (n) => view.getInt32(o + 4 * n, le);
    case 768:
      return (n) => view.getUint32(o + 4 * n, le);
    case 16:
      return (n) => view.getFloat32(o + 4 * n, le);
    case 64:
      return (n) => view.getFloat64(o + 8 * n, le);
    default: {
      const known = Object.entries(NIFTI_DATATYPES).map(([code, t]) => `${t.name} (${code})`);
      throw new InputError(
        { file, field: 'datatype' },
        `NIfTI datatype ${h.datatype} is not supported; expected one of ${known.join(', ')}`,
        'save the mask as an integer label image (uint8 or int16)',
      );
    }
  }
}

/** Binary mask (1 where value = label, or non-zero) of a NIfTI-1 file in DICOM LPS (nifti1.h). */
export function readNiftiMask(path: string, label?: number): NiftiMask {
  const bytes = fileBytes(path);
  const h = parseNiftiHeader(bytes, path);
  const size = gridSize(h, path);
  const count = voxelCount(size);
  const type = NIFTI_DATATYPES[h.datatype];
  const end = h.voxOffset + count * (type?.bytes ?? 1);
  if (!(h.voxOffset >= 348) || bytes.byteLength < end) {
    throw new InputError(
      { file: path, field: 'vox_offset' },
      `expected ${count} voxels from byte ${h.voxOffset}, the file holds ${bytes.byteLength} bytes`,
      'the file is truncated or its header is wrong',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = sampler(h, view, path);
  const slope = h.sclSlope !== 0 && Number.isFinite(h.sclSlope) ? h.sclSlope : 1;
  const inter = h.sclSlope !== 0 && Number.isFinite(h.sclInter) ? h.sclInter : 0;
  // Label values after scaling are compared with a tolerance for float32 rounding.
  const hit =
    label === undefined
      ? (v: number) => v !== 0 && !Number.isNaN(v)
      : (v: number) => Math.abs(v - label) <= 1e-4 * Math.max(1, Math.abs(label));
  const data = new Uint8Array(count);
  let inside = 0;
  for (let n = 0; n < count; n++) {
    if (hit(stored(n) * slope + inter)) {
      data[n] = 1;
      inside++;
    }
  }
  const { grid, method, warnings } = niftiGeometry(h, size, path);
  if (inside === 0) {
    warnings.push(
      label === undefined
        ? `${path}: the mask is empty (no non-zero voxel)`
        : `${path}: no voxel has label ${label}`,
    );
  }
  return { mask: { ...grid, data }, method, warnings };
}
