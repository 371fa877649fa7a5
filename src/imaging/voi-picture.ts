/**
 * A small PET/CT picture of one lesion VOI, so the VOI can be checked in the report itself:
 * axial, coronal and sagittal planes through the VOI centre, CT in grey (window W400/L40 HU, a
 * soft-tissue window) with the PET in colour (inferno, colour-map.ts) blended over it and the VOI
 * outline drawn. Pure pixel composition (RGB bytes); encoding and labels are the report's job.
 *
 * Geometry (picture-grid.ts). The planes follow the PET voxel grid: each image axis is the PET
 * voxel axis closest to the wanted patient direction, each PET voxel is an f x f block of pixels
 * (f a whole number, so the VOI outline lies exactly on voxel edges), and the CT is resampled
 * onto the pixel centres by trilinear interpolation (resample.ts; -1000 HU outside the CT).
 * Radiological convention: the patient's right on the image's left (picture-grid.ts).
 */
import { ijkToLps, type Vec3, type Volume } from '../core/volume.ts';
import { ctGrey, inferno } from './colour-map.ts';
import {
  centroidVoxel,
  PLANE_LAYOUTS,
  planeGrid,
  type EdgeLetter,
  type PlaneName,
} from './picture-grid.ts';
import { resampleLinear, resampleNearest } from './resample.ts';

export type { EdgeLetter, PlaneName } from './picture-grid.ts';

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
  const max = voi.maxConcBqPerMl > 0 ? voi.maxConcBqPerMl : 1;
  const style = { ...o, max };
  const planes = PLANE_LAYOUTS.map((spec) => {
    const { width, height, grid, firstVoxel, voxelStep } = planeGrid(
      pet,
      centre,
      fieldMm,
      o.targetPixels,
      spec,
    );
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
      firstVoxel,
      voxelStep,
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
