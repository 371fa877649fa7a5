/**
 * A Volume as a single-file NIfTI-1 image (.nii; nifti1.h), for viewers that read NIfTI (niivue
 * in the web app). Float32 (PET, Bq/mL), Int16 (CT, HU) and Uint8 (masks) are stored as they are,
 * little-endian, with scl_slope 1 so the stored value is the value.
 *
 * Placement: NIfTI world is RAS+ mm, DICOM is LPS mm: RAS = diag(-1, -1, 1) LPS (nifti1.h,
 * "3D IMAGE (VOLUME) ORIENTATION AND LOCATION IN SPACE"). Both forms are written and agree:
 * - sform (method 3, code 1 "scanner anatomical"): srow = F [D diag(spacing) | origin], F the flip;
 * - qform (method 2, code 1): the rotation F D as a quaternion (b, c, d), with qfac = -1 when
 *   det(F D) < 0 (nifti1.h: the third column is then negated before the quaternion is taken).
 * Voxel (i, j, k) sits at i + nx (j + ny k) in both a Volume and NIfTI, so the data is copied as is.
 * The reader is nifti-mask.ts / nifti-affine.ts; niftiBytes -> niftiGeometry round-trips.
 */
import type { Mat3, Volume } from '../../core/volume.ts';

/** nifti1.h header size and the offset of the data in a single .nii file (348 + 4 extension). */
const HEADER_BYTES = 348;
const VOX_OFFSET = 352;

type Data = Float32Array | Int16Array | Uint8Array;

/** nifti1.h DT_* codes and bits per voxel. */
function datatypeOf(data: Data): { code: number; bitpix: number } {
  if (data instanceof Float32Array) return { code: 16, bitpix: 32 };
  if (data instanceof Int16Array) return { code: 4, bitpix: 16 };
  return { code: 2, bitpix: 8 };
}

/**
 * Quaternion (b, c, d) and qfac of a 3 x 3 rotation (row-major, columns = axes), as nifti1_io.c
 * nifti_mat44_to_quatern does for a proper orthogonal matrix: qfac -1 flips the third column to
 * make det +1; a >= 0 is implied.
 */
export function rotationQuaternion(r: readonly number[]): {
  quatern: [number, number, number];
  qfac: 1 | -1;
} {
  const m = [...r];
  const det =
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) for (const n of [2, 5, 8]) m[n] = -m[n]!;
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = m as unknown as Mat3;
  const trace = r11 + r22 + r33 + 1;
  let a: number, b: number, c: number, d: number;
  if (trace > 0.5) {
    a = 0.5 * Math.sqrt(trace);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { quatern: [b, c, d], qfac };
}

/** The NIfTI-1 bytes of `volume` (header, 4 zero extension bytes, data). */
export function niftiBytes(volume: Volume<Data>, description = 'iodose'): Uint8Array {
  const { code, bitpix } = datatypeOf(volume.data);
  const dataBytes = volume.data.byteLength;
  const out = new Uint8Array(VOX_OFFSET + dataBytes);
  const view = new DataView(out.buffer);
  const [nx, ny, nz] = volume.size;
  const [sx, sy, sz] = volume.spacingMm;
  const d = volume.direction;
  // F D: the direction in RAS (x and y rows negated).
  const ras = [-d[0], -d[1], -d[2], -d[3], -d[4], -d[5], d[6], d[7], d[8]];
  const originRas = [-volume.originLps[0], -volume.originLps[1], volume.originLps[2]];
  const { quatern, qfac } = rotationQuaternion(ras);

  view.setInt32(0, HEADER_BYTES, true);
  out[38] = 0x72; // regular = 'r'
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((v, n) => view.setInt16(40 + 2 * n, v, true));
  view.setInt16(70, code, true);
  view.setInt16(72, bitpix, true);
  [qfac, sx, sy, sz, 1, 1, 1, 1].forEach((v, n) => view.setFloat32(76 + 4 * n, v, true));
  view.setFloat32(108, VOX_OFFSET, true);
  view.setFloat32(112, 1, true); // scl_slope
  view.setFloat32(116, 0, true); // scl_inter
  out[123] = 2; // xyzt_units: NIFTI_UNITS_MM
  new TextEncoder().encodeInto(description.slice(0, 79), out.subarray(148, 228));
  view.setInt16(252, 1, true); // qform_code NIFTI_XFORM_SCANNER_ANAT
  view.setInt16(254, 1, true); // sform_code NIFTI_XFORM_SCANNER_ANAT
  quatern.forEach((v, n) => view.setFloat32(256 + 4 * n, v, true));
  originRas.forEach((v, n) => view.setFloat32(268 + 4 * n, v, true));
  const spacing = [sx, sy, sz];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      view.setFloat32(280 + 16 * row + 4 * col, ras[3 * row + col]! * spacing[col]!, true);
    }
    view.setFloat32(280 + 16 * row + 12, originRas[row]!, true);
  }
  out.set([0x6e, 0x2b, 0x31, 0], 344); // magic "n+1\0"
  // Data, little-endian (every platform Node runs on is little-endian; checked below).
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('niftiBytes: a big-endian platform is not supported');
  }
  out.set(new Uint8Array(volume.data.buffer, volume.data.byteOffset, dataBytes), VOX_OFFSET);
  return out;
}
