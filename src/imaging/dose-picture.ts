/**
 * The isodose picture of one lesion: an axial plane of the voxel dose map (dose per GBq times
 * the therapy activity, Gy) over the CT, with isodose lines and the VOI outline, so the dose
 * distribution can be checked in the report. Pure; encoding and labels are the report's job.
 *
 * Slice: through the VOI voxel of highest dose (default; it shows the hot spot of a
 * heterogeneous lesion), or through the VOI centroid ('voi-centre'); in-plane the field is
 * centred on the VOI centroid either way. Geometry as the VOI pictures (picture-grid.ts): the
 * plane follows the dose voxel grid, each dose voxel an f x f block of pixels, radiological
 * convention (patient's right on the image's left, anterior up). Resampling onto the pixel
 * centres (resample.ts): dose trilinear (so the isodose lines are smooth: the lines and the wash
 * are of the interpolated dose, the numbers of the report are of the voxels), CT trilinear
 * (-1000 HU outside it), VOI mask nearest (its outline lies on voxel edges). CT window W400/L40
 * HU (grey from -160 to +240 HU), a usual soft-tissue preset of CT viewers and the window of the
 * VOI pictures; the grey ramp is the linear window of DICOM PS3.3 C.11.2.1.2 (colour-map.ts
 * ctGrey). Levels (default 5, 10, 20, 50, 100, 200, 500 Gy, at the therapy
 * activity) above the slice maximum are not drawn and are marked so; the colours are spread
 * over the levels drawn (dose-compose.ts isodoseColour), so they differ between pictures and
 * each picture carries its own legend.
 */
import { InputError } from '../core/errors.ts';
import { ijkToLps, lpsToIjk, type Vec3, type Volume } from '../core/volume.ts';
import { composeDoseImage, isodoseColour, type Rgb } from './dose-compose.ts';
import { centroidVoxel, PLANE_LAYOUTS, planeGrid, voxelAxes } from './picture-grid.ts';
import { resampleLinear, resampleNearest } from './resample.ts';
import type { PicturePlane } from './voi-picture.ts';

/** Picture settings (display choices; none changes a number). */
export interface DosePictureOptions {
  /** Which axial slice: the VOI's dose maximum (default) or its centroid. */
  through: 'dose-maximum' | 'voi-centre';
  /** Isodose levels, Gy at the therapy activity, increasing. */
  levelsGy: readonly number[];
  /** Smallest field, mm (default 60). */
  minFieldMm: number;
  /** Field as a multiple of the VOI's largest extent (default 3). */
  fieldPerExtent: number;
  /** Aim for about this many pixels across (default 192). */
  targetPixels: number;
  /** CT window (default W400/L40 HU). */
  ctWindow: { widthHu: number; levelHu: number };
  /** Opacity of the dose wash (default 0.45). */
  washOpacity: number;
}

export const DEFAULT_DOSE_PICTURE_OPTIONS: DosePictureOptions = {
  through: 'dose-maximum',
  levelsGy: [5, 10, 20, 50, 100, 200, 500],
  minFieldMm: 60,
  fieldPerExtent: 3,
  targetPixels: 192,
  ctWindow: { widthHu: 400, levelHu: 40 },
  washOpacity: 0.45,
};

/** Colour listed for a level the slice does not reach (never drawn). */
export const NOT_REACHED_RGB: Rgb = [170, 170, 170];

/** A drawn (or not reached) isodose level. */
export interface DoseLevelShown {
  doseGy: number;
  rgb: Rgb;
  /** False when the slice maximum is below the level (no line). */
  drawn: boolean;
}

/** The picture and what its colours mean. */
export interface DosePicture {
  plane: PicturePlane;
  through: DosePictureOptions['through'];
  /** Dose voxel the plane passes through (its in-plane position: the VOI centroid), and LPS mm. */
  centreVoxel: Vec3;
  centreLps: Vec3;
  /** Largest dose in the VOI (voxel values) and in the picture (interpolated), Gy. */
  voiMaxGy: number;
  sliceMaxGy: number;
  activityGBq: number;
  fieldMm: number;
  levels: DoseLevelShown[];
  ctWindow: { widthHu: number; levelHu: number };
  washOpacity: number;
  hasCt: boolean;
}

function check(activityGBq: number, levels: readonly number[]): void {
  if (!(Number.isFinite(activityGBq) && activityGBq > 0)) {
    throw new InputError(
      { field: 'activityGBq' },
      `the therapy activity must be a positive number of GBq, got ${activityGBq}`,
    );
  }
  if (
    levels.length === 0 ||
    levels.some((l, n) => !(Number.isFinite(l) && l > 0 && (n === 0 || l > (levels[n - 1] ?? 0))))
  ) {
    throw new InputError(
      { field: 'levelsGy' },
      `isodose levels must be positive and increasing, got [${levels.join(', ')}]`,
    );
  }
}

/** The VOI voxel of highest dose (rounded dose-grid voxel) and its dose per GBq. */
function doseMaximum(dose: Volume, mask: Volume<Uint8Array>): { voxel: Vec3; value: number } {
  const [mx, my] = mask.size;
  const [nx, ny, nz] = dose.size;
  let best: { voxel: Vec3; value: number } = { voxel: [0, 0, 0], value: -Infinity };
  mask.data.forEach((inside, n) => {
    if (inside === 0) return;
    const ijk = lpsToIjk(
      dose,
      ijkToLps(mask, [n % mx, Math.floor(n / mx) % my, Math.floor(n / (mx * my))]),
    );
    const [i, j, k] = ijk.map(Math.round) as [number, number, number];
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return;
    const value = dose.data[i + nx * (j + ny * k)] ?? -Infinity;
    if (value > best.value) best = { voxel: [i, j, k], value };
  });
  return best;
}

/** The axial isodose picture of one lesion (see the module comment). */
export function dosePicture(
  doseGyPerGBq: Volume,
  activityGBq: number,
  ct: Volume<Float32Array | Int16Array> | null,
  mask: Volume<Uint8Array>,
  options: Partial<DosePictureOptions> = {},
): DosePicture {
  const o = { ...DEFAULT_DOSE_PICTURE_OPTIONS, ...options };
  check(activityGBq, o.levelsGy);
  const maximum = doseMaximum(doseGyPerGBq, mask);
  if (!Number.isFinite(maximum.value)) {
    throw new InputError(
      { field: 'VOI mask' },
      'the VOI has no voxel inside the dose map',
      'check that the mask and the dose map share the frame of reference of the first session',
    );
  }
  const centre = [...centroidVoxel(doseGyPerGBq, mask)] as [number, number, number];
  if (o.through === 'dose-maximum') {
    const axial = voxelAxes(doseGyPerGBq.direction)[2]?.axis ?? 2;
    const k = maximum.voxel[axial];
    if (k !== undefined) centre[axial] = k;
  }
  const extentMm = Math.max(...mask.size.map((n, a) => n * (mask.spacingMm[a] ?? 0)));
  const fieldMm = Math.max(o.minFieldMm, o.fieldPerExtent * extentMm);
  const layout = PLANE_LAYOUTS[0];
  if (layout === undefined) throw new Error('no axial layout');
  const g = planeGrid(doseGyPerGBq, centre, fieldMm, o.targetPixels, layout);
  const doseGy = resampleLinear(doseGyPerGBq, g.grid).data.map((d) => d * activityGBq);
  const ctHu = ct === null ? null : resampleLinear(ct, g.grid, { outsideValue: -1000 }).data;
  const maskPlane = resampleNearest(mask, g.grid).data;
  const sliceMaxGy = doseGy.reduce((m, d) => Math.max(m, d), 0);
  // Colours spread over the levels the slice reaches (the most contrast between its lines).
  const reached = o.levelsGy.filter((doseGy) => doseGy <= sliceMaxGy).length;
  const levels = o.levelsGy.map((doseGy, n) => ({
    doseGy,
    rgb: n < reached ? isodoseColour(n, reached) : NOT_REACHED_RGB,
    drawn: n < reached,
  }));
  const style = { ctWindow: o.ctWindow, washOpacity: o.washOpacity };
  const image = { width: g.width, height: g.height, ctHu, doseGy, mask: maskPlane };
  return {
    plane: {
      plane: 'axial',
      width: g.width,
      height: g.height,
      rgb: composeDoseImage(image, levels, style),
      pixelMm: [g.grid.spacingMm[0], g.grid.spacingMm[1]],
      edges: layout.edges,
      firstVoxel: g.firstVoxel,
      voxelStep: g.voxelStep,
    },
    through: o.through,
    centreVoxel: centre,
    centreLps: ijkToLps(doseGyPerGBq, centre),
    voiMaxGy: maximum.value * activityGBq,
    sliceMaxGy,
    activityGBq,
    fieldMm,
    levels,
    ctWindow: o.ctWindow,
    washOpacity: o.washOpacity,
    hasCt: ct !== null,
  };
}
