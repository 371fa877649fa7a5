/**
 * The NIfTI-1 header (nifti1.h, NIfTI Data Format Working Group, 2004: `struct nifti_1_header`,
 * 348 bytes, https://nifti.nimh.nih.gov/pub/dist/src/niftilib/nifti1.h): the byte offsets below
 * are those of that struct. The byte order is the one in which (0) sizeof_hdr reads 348
 * (nifti1.h: "the sizeof_hdr field ... can be used to determine byte order"); the voxel data
 * share it. NIfTI-2 (sizeof_hdr 540) and the two-file .hdr/.img pair ("ni1") are refused.
 */
import { InputError } from '../../core/errors.ts';

/** nifti1.h NIFTI_TYPE_* codes this reader decodes, with their bytes per voxel. */
export const NIFTI_DATATYPES: Readonly<Record<number, { name: string; bytes: number }>> = {
  2: { name: 'uint8', bytes: 1 },
  4: { name: 'int16', bytes: 2 },
  8: { name: 'int32', bytes: 4 },
  16: { name: 'float32', bytes: 4 },
  64: { name: 'float64', bytes: 8 },
  256: { name: 'int8', bytes: 1 },
  512: { name: 'uint16', bytes: 2 },
  768: { name: 'uint32', bytes: 4 },
};

/** The fields of a NIfTI-1 header that fix the voxel grid, its values and its placement. */
export interface NiftiHeader {
  littleEndian: boolean;
  /** dim[0..7] (offset 40): dim[0] = number of dimensions, dim[1..3] = nx, ny, nz. */
  dim: number[];
  /** datatype (offset 70), a NIFTI_TYPE_* code. */
  datatype: number;
  /** pixdim[0..7] (offset 76): pixdim[0] = qfac, pixdim[1..3] = voxel size. */
  pixdim: number[];
  /** vox_offset (offset 108): byte offset of the voxel data in a .nii file. */
  voxOffset: number;
  /** scl_slope, scl_inter (offsets 112, 116): value = slope x stored + inter when slope != 0. */
  sclSlope: number;
  sclInter: number;
  /** xyzt_units (offset 123) & 0x07: 1 metre, 2 mm, 3 micron, 0 unknown. */
  spatialUnits: number;
  /** qform_code, sform_code (offsets 252, 254): 0 = absent. */
  qformCode: number;
  sformCode: number;
  /** quatern_b, _c, _d (offsets 256-264) and qoffset_x, _y, _z (268-276). */
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z (offsets 280, 296, 312): rows of the sform affine. */
  srow: [number[], number[], number[]];
  /** magic (offset 344): "n+1" for a single .nii file. */
  magic: string;
}

const HEADER_BYTES = 348;

/** The NIfTI-1 header at the start of `bytes` (nifti1.h struct nifti_1_header). */
export function parseNiftiHeader(bytes: Uint8Array, file: string): NiftiHeader {
  if (bytes.byteLength < HEADER_BYTES) {
    throw new InputError(
      { file },
      `expected a NIfTI-1 file (at least 348 header bytes), found ${bytes.byteLength} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getInt32(0, true);
  const big = view.getInt32(0, false);
  if (little === 540 || big === 540) {
    throw new InputError(
      { file, field: 'sizeof_hdr' },
      'NIfTI-2 files (sizeof_hdr 540) are not supported',
      'save the mask as NIfTI-1 (e.g. nibabel Nifti1Image, or ITK-SNAP/3D Slicer .nii.gz)',
    );
  }
  if (little !== HEADER_BYTES && big !== HEADER_BYTES) {
    throw new InputError(
      { file, field: 'sizeof_hdr' },
      'not a NIfTI-1 file (sizeof_hdr is not 348 in either byte order)',
      'give a .nii or .nii.gz mask',
    );
  }
  const le = little === HEADER_BYTES;
  const i16 = (o: number) => view.getInt16(o, le);
  const f32 = (o: number) => view.getFloat32(o, le);
  const f32s = (o: number, n: number) => Array.from({ length: n }, (_, m) => f32(o + 4 * m));
  const magic = String.fromCharCode(...bytes.subarray(344, 347));
  if (magic !== 'n+1') {
    throw new InputError(
      { file, field: 'magic' },
      magic === 'ni1'
        ? 'a .hdr/.img NIfTI pair is not supported, only single-file .nii / .nii.gz'
        : `not a NIfTI-1 file (magic "${magic}", expected "n+1")`,
      'convert the mask to a single .nii.gz file',
    );
  }
  return {
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, m) => i16(40 + 2 * m)),
    datatype: i16(70),
    pixdim: f32s(76, 8),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    spatialUnits: (bytes[123] ?? 0) & 0x07,
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: f32s(256, 3) as [number, number, number],
    qoffset: f32s(268, 3) as [number, number, number],
    srow: [f32s(280, 4), f32s(296, 4), f32s(312, 4)],
    magic,
  };
}
