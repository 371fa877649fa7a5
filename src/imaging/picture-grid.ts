/**
 * The pixel grid of a picture plane through a PET (or dose) voxel grid, shared by the VOI
 * pictures (voi-picture.ts) and the dose pictures (dose-picture.ts). Each image axis is the
 * voxel axis closest to the wanted patient direction, each voxel an f x f block of pixels (f a
 * whole number, so masks drawn on the pixels lie exactly on voxel edges). Radiological
 * convention: axial and coronal show the patient's right on the image's left (axial seen from
 * the feet, anterior up), sagittal shows anterior on the left; superior is up in coronal and
 * sagittal. For an oblique grid the letters name the patient axis nearest to each image edge.
 */
import { ijkToLps, lpsToIjk, type Mat3, type Vec3, type Volume } from '../core/volume.ts';

export type PlaneName = 'axial' | 'coronal' | 'sagittal';
export type EdgeLetter = 'R' | 'L' | 'A' | 'P' | 'S' | 'I';

/** Image axis: which patient axis (0 x = L, 1 y = P, 2 z = S) and which way (+1 or -1). */
interface Towards {
  axis: 0 | 1 | 2;
  sign: 1 | -1;
}

/** How each plane is laid out: the patient direction of image right and down, edge letters. */
export interface PlaneLayout {
  plane: PlaneName;
  right: Towards;
  down: Towards;
  edges: { left: EdgeLetter; right: EdgeLetter; top: EdgeLetter; bottom: EdgeLetter };
}

export const PLANE_LAYOUTS: readonly PlaneLayout[] = [
  {
    plane: 'axial',
    right: { axis: 0, sign: 1 },
    down: { axis: 1, sign: 1 },
    edges: { left: 'R', right: 'L', top: 'A', bottom: 'P' },
  },
  {
    plane: 'coronal',
    right: { axis: 0, sign: 1 },
    down: { axis: 2, sign: -1 },
    edges: { left: 'R', right: 'L', top: 'S', bottom: 'I' },
  },
  {
    plane: 'sagittal',
    right: { axis: 1, sign: 1 },
    down: { axis: 2, sign: -1 },
    edges: { left: 'A', right: 'P', top: 'S', bottom: 'I' },
  },
];

/** For each patient axis (x, y, z) the voxel axis most parallel to it and its sign. */
export function voxelAxes(direction: Mat3): { axis: number; sign: 1 | -1 }[] {
  const free = [0, 1, 2];
  return [0, 1, 2].map((p) => {
    let best = free[0] ?? 0;
    for (const a of free) {
      if (Math.abs(direction[p * 3 + a] ?? 0) > Math.abs(direction[p * 3 + best] ?? 0)) best = a;
    }
    free.splice(free.indexOf(best), 1);
    return { axis: best, sign: (direction[p * 3 + best] ?? 0) < 0 ? -1 : 1 };
  });
}

/** Voxel of `volume` at the centroid of a mask (cropped mask in the same frame), rounded. */
export function centroidVoxel(volume: Volume, mask: Volume<Uint8Array>): Vec3 {
  const [nx, ny] = mask.size;
  let si = 0;
  let sj = 0;
  let sk = 0;
  let count = 0;
  mask.data.forEach((value, n) => {
    if (value === 0) return;
    si += n % nx;
    sj += Math.floor(n / nx) % ny;
    sk += Math.floor(n / (nx * ny));
    count++;
  });
  const c: Vec3 =
    count > 0 ? [si / count, sj / count, sk / count] : [(nx - 1) / 2, (ny - 1) / 2, 0];
  const ijk = lpsToIjk(volume, ijkToLps(mask, c));
  return [Math.round(ijk[0]), Math.round(ijk[1]), Math.round(ijk[2])];
}

function add(a: Vec3, b: Vec3, scale = 1): Vec3 {
  return [a[0] + scale * b[0], a[1] + scale * b[1], a[2] + scale * b[2]];
}

function unit(axis: number, sign: number): Vec3 {
  return [axis === 0 ? sign : 0, axis === 1 ? sign : 0, axis === 2 ? sign : 0];
}

/** LPS direction of a voxel-index step. */
function lpsOfStep(volume: Volume, step: Vec3): Vec3 {
  const o = ijkToLps(volume, [0, 0, 0]);
  const p = ijkToLps(volume, step);
  return [p[0] - o[0], p[1] - o[1], p[2] - o[2]];
}

function normalised(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** A plane's pixel grid (a one-slice Volume grid in LPS) and how it maps to voxels. */
export interface PlaneGrid {
  width: number;
  height: number;
  /** The pixel grid as a Volume grid (size [width, height, 1]), for resample.ts. */
  grid: Omit<Volume, 'data'>;
  /** Continuous voxel coordinates of the top-left pixel's centre. */
  firstVoxel: Vec3;
  /** Voxel coordinates per pixel to the right and per pixel down. */
  voxelStep: { right: Vec3; down: Vec3 };
  /** Pixels per voxel along the image's x and y. */
  factor: [number, number];
}

/**
 * The pixel grid of `layout` through voxel `centre` of `volume`: whole voxels up to fieldMm / 2
 * either side of the centre voxel, each split into f x f pixels, f = floor(targetPixels / voxels).
 */
export function planeGrid(
  volume: Volume,
  centre: Vec3,
  fieldMm: number,
  targetPixels: number,
  layout: PlaneLayout,
): PlaneGrid {
  const axes = voxelAxes(volume.direction);
  const along = (t: Towards) => {
    const { axis, sign } = axes[t.axis] ?? { axis: 0, sign: 1 };
    const spacing = volume.spacingMm[axis] ?? 1;
    const half = Math.ceil(fieldMm / 2 / spacing);
    const factor = Math.max(1, Math.floor(targetPixels / (2 * half + 1)));
    return { step: unit(axis, (sign * t.sign) / factor), half, factor, spacing };
  };
  const right = along(layout.right);
  const down = along(layout.down);
  // Pixel u of a voxel row sits at voxel coordinate c - half - 0.5 + (u + 0.5) / f.
  const first = add(
    add(centre, right.step, 0.5 - right.factor * (right.half + 0.5)),
    down.step,
    0.5 - down.factor * (down.half + 0.5),
  );
  const width = (2 * right.half + 1) * right.factor;
  const height = (2 * down.half + 1) * down.factor;
  const xDir = normalised(lpsOfStep(volume, right.step));
  const yDir = normalised(lpsOfStep(volume, down.step));
  const zDir: Vec3 = [
    xDir[1] * yDir[2] - xDir[2] * yDir[1],
    xDir[2] * yDir[0] - xDir[0] * yDir[2],
    xDir[0] * yDir[1] - xDir[1] * yDir[0],
  ];
  const grid = {
    size: [width, height, 1] as Vec3,
    spacingMm: [right.spacing / right.factor, down.spacing / down.factor, 1] as Vec3,
    originLps: ijkToLps(volume, first),
    direction: [
      xDir[0],
      yDir[0],
      zDir[0],
      xDir[1],
      yDir[1],
      zDir[1],
      xDir[2],
      yDir[2],
      zDir[2],
    ] as Mat3,
  };
  return {
    width,
    height,
    grid,
    firstVoxel: first,
    voxelStep: { right: right.step, down: down.step },
    factor: [right.factor, down.factor],
  };
}
