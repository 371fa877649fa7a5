/**
 * The image record every layer shares (design/architecture.md): a plain, serialisable volume
 * with its full geometry in DICOM patient coordinates (LPS, millimetres), in the spirit of
 * itk-wasm's Image. Voxel (i, j, k) = (column, row, slice) is stored at data[i + nx (j + ny k)].
 * The LPS position of a voxel centre is origin + direction * diag(spacing) * [i, j, k]; the
 * columns of `direction` are the unit vectors of the i, j and k axes (DICOM PS3.3 C.7.6.2.1.1:
 * Image Orientation (Patient) gives the first two, their cross product or the slice order the
 * third).
 */

export type Vec3 = readonly [number, number, number];
/** 3 x 3 matrix, row-major; column c is the LPS unit vector of voxel axis c. */
export type Mat3 = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export interface Volume<D extends Float32Array | Int16Array | Uint8Array = Float32Array> {
  /** Voxels along i (columns), j (rows), k (slices). */
  size: Vec3;
  /** Voxel spacing along i, j, k, mm. */
  spacingMm: Vec3;
  /** LPS position of the centre of voxel (0, 0, 0), mm. */
  originLps: Vec3;
  direction: Mat3;
  data: D;
}

export const IDENTITY_DIRECTION: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Number of voxels of a volume of this size. */
export function voxelCount(size: Vec3): number {
  return size[0] * size[1] * size[2];
}

/** Linear index of voxel (i, j, k). */
export function voxelIndex(size: Vec3, i: number, j: number, k: number): number {
  return i + size[0] * (j + size[1] * k);
}

/** Volume of one voxel, mL (spacing in mm: mm3 / 1000). */
export function voxelVolumeMl(volume: Pick<Volume, 'spacingMm'>): number {
  const [sx, sy, sz] = volume.spacingMm;
  return (sx * sy * sz) / 1000;
}

/** LPS position (mm) of continuous voxel coordinates (i, j, k). */
export function ijkToLps(
  volume: Pick<Volume, 'originLps' | 'spacingMm' | 'direction'>,
  ijk: Vec3,
): Vec3 {
  const d = volume.direction;
  const a = ijk[0] * volume.spacingMm[0];
  const b = ijk[1] * volume.spacingMm[1];
  const c = ijk[2] * volume.spacingMm[2];
  return [
    volume.originLps[0] + d[0] * a + d[1] * b + d[2] * c,
    volume.originLps[1] + d[3] * a + d[4] * b + d[5] * c,
    volume.originLps[2] + d[6] * a + d[7] * b + d[8] * c,
  ];
}

/**
 * Continuous voxel coordinates of an LPS point (mm). `direction` must be orthonormal (DICOM
 * orientations are), so its inverse is its transpose.
 */
export function lpsToIjk(
  volume: Pick<Volume, 'originLps' | 'spacingMm' | 'direction'>,
  pointLps: Vec3,
): Vec3 {
  const d = volume.direction;
  const x = pointLps[0] - volume.originLps[0];
  const y = pointLps[1] - volume.originLps[1];
  const z = pointLps[2] - volume.originLps[2];
  return [
    (d[0] * x + d[3] * y + d[6] * z) / volume.spacingMm[0],
    (d[1] * x + d[4] * y + d[7] * z) / volume.spacingMm[1],
    (d[2] * x + d[5] * y + d[8] * z) / volume.spacingMm[2],
  ];
}

/** A new volume with the same geometry as `like` and the given data. */
export function withData<D extends Float32Array | Int16Array | Uint8Array>(
  like: Omit<Volume<Float32Array | Int16Array | Uint8Array>, 'data'>,
  data: D,
): Volume<D> {
  if (data.length !== voxelCount(like.size)) {
    throw new Error(`data length ${data.length} does not match size ${like.size.join('x')}`);
  }
  return {
    size: like.size,
    spacingMm: like.spacingMm,
    originLps: like.originLps,
    direction: like.direction,
    data,
  };
}

/**
 * The direction matrix whose columns are the i (along a row), j (down a column) and k (slice
 * normal) unit vectors, from DICOM Image Orientation (Patient) and the normal (PS3.3 C.7.6.2.1.1).
 * `+ 0` turns -0 (from a cross product) into 0.
 */
export function directionFromAxes(row: Vec3, column: Vec3, normal: Vec3): Mat3 {
  return [
    row[0] + 0,
    column[0] + 0,
    normal[0] + 0,
    row[1] + 0,
    column[1] + 0,
    normal[1] + 0,
    row[2] + 0,
    column[2] + 0,
    normal[2] + 0,
  ];
}

/**
 * LPS point of a RAS point (mm) and back: RAS (3D Slicer, niivue, NIfTI world) has x to the
 * patient's right and y anterior, DICOM LPS x to the left and y posterior; z is superior in both.
 */
export function rasToLps(point: Vec3): Vec3 {
  return [-point[0] + 0, -point[1] + 0, point[2]];
}
