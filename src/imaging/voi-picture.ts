/**
 * A small PET/CT picture of one lesion VOI, so the VOI can be checked in the report itself:
 * axial, coronal and sagittal planes through the VOI centre, CT in grey (window W400/L40 HU, a
 * soft-tissue window) with the PET in colour (inferno, colour-map.ts) blended over it and the VOI
 * outline drawn. Pure pixel composition (RGB bytes); encoding and labels are the report's job.
 *
 * Geometry. The planes follow the PET voxel grid: each image axis is the PET voxel axis closest
 * to the wanted patient direction, each PET voxel is an f x f block of pixels (f a whole number,
 * so the VOI outline lies exactly on voxel edges), and the CT is resampled onto the pixel centres
 * by trilinear interpolation (resample.ts; -1000 HU outside the CT). Radiological convention:
 * axial and coronal show the patient's right on the image's left (axial seen from the feet,
 * anterior up), sagittal shows anterior on the left; superior is up in coronal and sagittal.
 * For an oblique PET grid the letters name the patient axis nearest to each image edge.
 */
import { ijkToLps, lpsToIjk, type Mat3, type Vec3, type Volume } from '../core/volume.ts';
import { ctGrey, inferno } from './colour-map.ts';
import { resampleLinear, resampleNearest } from './resample.ts';

export type PlaneName = 'axial' | 'coronal' | 'sagittal';
export type EdgeLetter = 'R' | 'L' | 'A' | 'P' | 'S' | 'I';

/** One plane of the picture. */
export interface PicturePlane {
  plane: PlaneName;
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel, rows from the top, pixels from the left. */
  rgb: Uint8Array;
  /** Pixel size along the image's x (rightwards) and y (downwards), mm. */
  pixelMm: [number, number];
  /** The patient direction each image edge faces. */
  edges: { left: EdgeLetter; right: EdgeLetter; top: EdgeLetter; bottom: EdgeLetter };
  /** Continuous PET voxel coordinates of the top-left pixel's centre. */
  firstVoxel: Vec3;
  /** PET voxel coordinates per pixel to the right and per pixel down. */
  voxelStep: { right: Vec3; down: Vec3 };
}

/** The three planes through a VOI, with what the colours mean. */
export interface VoiPicture {
  /** PET voxel at the VOI centroid (rounded), and its LPS position, mm. */
  centreVoxel: Vec3;
  centreLps: Vec3;
  /** Side of the square field shown, mm. */
  fieldMm: number;
  /** PET colour scale: 0 to this (the VOI maximum), Bq/mL. */
  petMaxBqPerMl: number;
  /** PET below this is not drawn (the CT shows through), Bq/mL. */
  petThresholdBqPerMl: number;
  ctWindow: { widthHu: number; levelHu: number };
  hasCt: boolean;
  planes: PicturePlane[];
}

/** Picture settings (our choices, for legibility; none changes a number). */
export interface VoiPictureOptions {
  /** Smallest field, mm (default 60). */
  minFieldMm: number;
  /** Field as a multiple of the VOI's largest extent (default 3). */
  fieldPerExtent: number;
  /** Aim for about this many pixels across (default 128). */
  targetPixels: number;
  /** CT window (default W400/L40 HU, a soft-tissue window). */
  ctWindow: { widthHu: number; levelHu: number };
  /** PET below this fraction of the VOI maximum is transparent (default 0.1). */
  petThresholdFraction: number;
  /** PET opacity reached at threshold + this fraction of the maximum (default 0.2). */
  petRampFraction: number;
  /** Largest PET opacity (default 0.8). */
  petMaxOpacity: number;
}

export const DEFAULT_PICTURE_OPTIONS: VoiPictureOptions = {
  minFieldMm: 60,
  fieldPerExtent: 3,
  targetPixels: 128,
  ctWindow: { widthHu: 400, levelHu: 40 },
  petThresholdFraction: 0.1,
  petRampFraction: 0.2,
  petMaxOpacity: 0.8,
};

/** VOI outline colour: cyan, far from every inferno colour and from grey. */
export const OUTLINE_RGB: readonly [number, number, number] = [0, 255, 255];

/** Image axis: which patient axis (0 x = L, 1 y = P, 2 z = S) and which way (+1 or -1). */
interface Towards {
  axis: 0 | 1 | 2;
  sign: 1 | -1;
}

const PLANES: readonly {
  plane: PlaneName;
  right: Towards;
  down: Towards;
  edges: PicturePlane['edges'];
}[] = [
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

/** For each patient axis (x, y, z) the PET voxel axis most parallel to it and its sign. */
function voxelAxes(direction: Mat3): { axis: number; sign: 1 | -1 }[] {
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

/** PET voxel at the centroid of the VOI mask (cropped mask on the PET grid), rounded. */
function centroidVoxel(pet: Volume, mask: Volume<Uint8Array>): Vec3 {
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
  const ijk = lpsToIjk(pet, ijkToLps(mask, c));
  return [Math.round(ijk[0]), Math.round(ijk[1]), Math.round(ijk[2])];
}

function add(a: Vec3, b: Vec3, scale = 1): Vec3 {
  return [a[0] + scale * b[0], a[1] + scale * b[1], a[2] + scale * b[2]];
}

function unit(axis: number, sign: number): Vec3 {
  return [axis === 0 ? sign : 0, axis === 1 ? sign : 0, axis === 2 ? sign : 0];
}

/** LPS direction of a PET voxel-index step. */
function lpsOfStep(pet: Volume, step: Vec3): Vec3 {
  const o = ijkToLps(pet, [0, 0, 0]);
  const p = ijkToLps(pet, step);
  return [p[0] - o[0], p[1] - o[1], p[2] - o[2]];
}

function normalised(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** The three planes through the VOI centre; see the module comment. */
export function voiPicture(
  pet: Volume,
  ct: Volume<Float32Array | Int16Array> | null,
  voi: { mask: Volume<Uint8Array>; maxConcBqPerMl: number },
  options: Partial<VoiPictureOptions> = {},
): VoiPicture {
  const o = { ...DEFAULT_PICTURE_OPTIONS, ...options };
  const centre = centroidVoxel(pet, voi.mask);
  const extentMm = Math.max(...voi.mask.size.map((n, a) => n * (voi.mask.spacingMm[a] ?? 0)));
  const fieldMm = Math.max(o.minFieldMm, o.fieldPerExtent * extentMm);
  const axes = voxelAxes(pet.direction);
  const max = voi.maxConcBqPerMl > 0 ? voi.maxConcBqPerMl : 1;
  const style = { ...o, max };
  const planes = PLANES.map((spec) => {
    const along = (t: Towards) => {
      const { axis, sign } = axes[t.axis] ?? { axis: 0, sign: 1 };
      const spacing = pet.spacingMm[axis] ?? 1;
      const half = Math.ceil(fieldMm / 2 / spacing);
      const factor = Math.max(1, Math.floor(o.targetPixels / (2 * half + 1)));
      return { step: unit(axis, (sign * t.sign) / factor), half, factor, spacing };
    };
    const right = along(spec.right);
    const down = along(spec.down);
    // Pixel u of a voxel row sits at voxel coordinate c - half - 0.5 + (u + 0.5) / f.
    const first = add(
      add(centre, right.step, 0.5 - right.factor * (right.half + 0.5)),
      down.step,
      0.5 - down.factor * (down.half + 0.5),
    );
    const width = (2 * right.half + 1) * right.factor;
    const height = (2 * down.half + 1) * down.factor;
    const xDir = normalised(lpsOfStep(pet, right.step));
    const yDir = normalised(lpsOfStep(pet, down.step));
    const zDir: Vec3 = [
      xDir[1] * yDir[2] - xDir[2] * yDir[1],
      xDir[2] * yDir[0] - xDir[0] * yDir[2],
      xDir[0] * yDir[1] - xDir[1] * yDir[0],
    ];
    const grid = {
      size: [width, height, 1] as Vec3,
      spacingMm: [right.spacing / right.factor, down.spacing / down.factor, 1] as Vec3,
      originLps: ijkToLps(pet, first),
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
    const petPlane = resampleNearest(pet, grid).data;
    const maskPlane = resampleNearest(voi.mask, grid).data;
    const ctPlane = ct === null ? null : resampleLinear(ct, grid, { outsideValue: -1000 }).data;
    return {
      plane: spec.plane,
      width,
      height,
      rgb: compose(width, height, petPlane, ctPlane, maskPlane, style),
      pixelMm: [grid.spacingMm[0], grid.spacingMm[1]] as [number, number],
      edges: spec.edges,
      firstVoxel: first,
      voxelStep: { right: right.step, down: down.step },
    };
  });
  return {
    centreVoxel: centre,
    centreLps: ijkToLps(pet, centre),
    fieldMm,
    petMaxBqPerMl: max,
    petThresholdBqPerMl: o.petThresholdFraction * max,
    ctWindow: o.ctWindow,
    hasCt: ct !== null,
    planes,
  };
}

/** CT grey, PET colour blended over it above the threshold, VOI outline on top. */
function compose(
  width: number,
  height: number,
  pet: Float32Array,
  ct: Float32Array | null,
  mask: Uint8Array,
  style: VoiPictureOptions & { max: number },
): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  const inside = (u: number, v: number) => (mask[u + width * v] ?? 0) !== 0;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const n = u + width * v;
      const grey = ct === null ? 0 : ctGrey(ct[n] ?? -1000, style.ctWindow);
      const fraction = (pet[n] ?? 0) / style.max;
      const alpha =
        fraction < style.petThresholdFraction
          ? 0
          : style.petMaxOpacity *
            Math.min(1, (fraction - style.petThresholdFraction) / style.petRampFraction);
      const colour = inferno(fraction);
      let out: readonly number[] = colour.map((c) => grey + alpha * (c - grey));
      const edge =
        inside(u, v) &&
        ((u > 0 && !inside(u - 1, v)) ||
          (u < width - 1 && !inside(u + 1, v)) ||
          (v > 0 && !inside(u, v - 1)) ||
          (v < height - 1 && !inside(u, v + 1)));
      if (edge) out = OUTLINE_RGB;
      rgb[3 * n] = Math.round(out[0] ?? 0);
      rgb[3 * n + 1] = Math.round(out[1] ?? 0);
      rgb[3 * n + 2] = Math.round(out[2] ?? 0);
    }
  }
  return rgb;
}
