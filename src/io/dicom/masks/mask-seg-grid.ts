/**
 * The voxel grid of a DICOM Segmentation (PS3.3 C.8.20 with the Multi-frame Functional Groups of
 * C.7.6.16): frame f lies at Plane Position (Patient) (0020,9113) > (0020,0032), all frames share
 * Plane Orientation (0020,9116) > (0020,0037) and Pixel Measures (0028,9110) > Pixel Spacing. The
 * grid covers all frames of the file, sorted along the normal n = row x column cosines; its slice
 * spacing is (0018,0088) Spacing Between Slices when the frame positions are whole multiples of
 * it, else the smallest step between frame positions (a single plane: Spacing Between Slices or
 * (0018,0050) Slice Thickness). Slices between frames that no frame covers hold no voxel.
 */
import { InputError } from '../../../core/errors.ts';
import { directionFromAxes, type Vec3, type Volume } from '../../../core/volume.ts';
import { item, items, num, nums, type Dataset } from '../read/read-file.ts';
import { TAG } from '../tags.ts';

/** The grid of the Segmentation and the slice k of each frame. */
export interface SegGrid {
  grid: Omit<Volume, 'data'>;
  /** sliceOfFrame[f] = k of frame f (0-based frame index). */
  sliceOfFrame: number[];
  warnings: string[];
}

/** Largest number of slices a Segmentation grid may span (a guard against bad positions). */
const MAX_SLICES = 20000;

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const fmt = (v: number) => (Math.round(v * 1000) / 1000).toString();

function group(frame: Dataset | undefined, shared: Dataset | undefined, seq: string) {
  return item(frame, seq) ?? item(shared, seq);
}

function vec3(values: number[] | undefined, file: string, field: string, frame: number): Vec3 {
  if (values?.length !== 3) {
    throw new InputError(
      { file, field },
      `frame ${frame + 1} has no Image Position (Patient) in its Plane Position Sequence`,
      'the Segmentation must carry per-frame Plane Position (Patient)',
    );
  }
  return [values[0] ?? 0, values[1] ?? 0, values[2] ?? 0];
}

/** Slice spacing along the normal, mm, from the distinct frame distances and Pixel Measures. */
function sliceSpacing(
  levels: readonly number[],
  measures: Dataset | undefined,
  file: string,
  warnings: string[],
): number {
  const between = num(measures ?? {}, 'SpacingBetweenSlices');
  const thickness = num(measures ?? {}, 'SliceThickness');
  if (levels.length < 2) {
    const spacing = (between ?? 0) > 0 ? between : thickness;
    if (spacing !== undefined && spacing > 0) return spacing;
    warnings.push(`${file}: one frame plane and no slice spacing or thickness; 1 mm assumed`);
    return 1;
  }
  const steps = levels.slice(1).map((d, n) => d - (levels[n] ?? 0));
  const smallest = Math.min(...steps);
  if (between !== undefined && between > 0) {
    const ratio = smallest / between;
    if (Math.abs(ratio - Math.round(ratio)) < 0.01 && Math.round(ratio) >= 1) return between;
    warnings.push(
      `${file}: frame positions step ${fmt(smallest)} mm, not a multiple of Spacing Between ` +
        `Slices ${fmt(between)} mm; the step is used`,
    );
  }
  return smallest;
}

/** Grid covering every frame of a Segmentation, and each frame's slice (PS3.3 C.8.20, C.7.6.16). */
export function segGrid(ds: Dataset, frameCount: number, file: string): SegGrid {
  const warnings: string[] = [];
  const shared = item(ds, 'SharedFunctionalGroupsSequence');
  const perFrame = items(ds, 'PerFrameFunctionalGroupsSequence');
  const first = perFrame[0];
  const orientation = nums(
    group(first, shared, 'PlaneOrientationSequence') ?? ds,
    'ImageOrientationPatient',
  );
  const measures = group(first, shared, 'PixelMeasuresSequence');
  const spacing = nums(measures ?? ds, 'PixelSpacing');
  if (orientation?.length !== 6 || spacing?.length !== 2) {
    throw new InputError(
      { file, field: orientation?.length !== 6 ? TAG.imageOrientation : TAG.pixelSpacing },
      'missing Plane Orientation or Pixel Measures in the Shared Functional Groups',
      'the Segmentation must carry its geometry (PS3.3 C.7.6.16.2)',
    );
  }
  const row: Vec3 = [orientation[0] ?? 0, orientation[1] ?? 0, orientation[2] ?? 0];
  const col: Vec3 = [orientation[3] ?? 0, orientation[4] ?? 0, orientation[5] ?? 0];
  const normal: Vec3 = [
    row[1] * col[2] - row[2] * col[1],
    row[2] * col[0] - row[0] * col[2],
    row[0] * col[1] - row[1] * col[0],
  ];
  if (Math.abs(dot(row, col)) > 1e-3 || Math.abs(Math.hypot(...normal) - 1) > 1e-3) {
    throw new InputError(
      { file, field: TAG.imageOrientation },
      `Image Orientation (Patient) ${orientation.map(fmt).join('\\')} is not two orthogonal unit vectors`,
    );
  }
  const positions: Vec3[] = [];
  for (let f = 0; f < frameCount; f++) {
    const fg = perFrame[f];
    const own = nums(
      group(fg, undefined, 'PlaneOrientationSequence') ?? {},
      'ImageOrientationPatient',
    );
    if (own !== undefined && own.some((v, n) => Math.abs(v - (orientation[n] ?? 0)) > 1e-4)) {
      throw new InputError(
        { file, field: TAG.imageOrientation },
        `frame ${f + 1} has a different orientation from frame 1`,
        'frames of one Segmentation must be parallel planes',
      );
    }
    const position = group(fg, shared, 'PlanePositionSequence');
    positions.push(vec3(nums(position ?? {}, 'ImagePositionPatient'), file, TAG.imagePosition, f));
  }
  const distance = positions.map((p) => dot(p, normal));
  const sorted = [...distance].sort((a, b) => a - b);
  const levels = sorted.filter((d, n) => n === 0 || d - (sorted[n - 1] ?? 0) > 1e-3);
  const sliceMm = sliceSpacing(levels, measures, file, warnings);
  const base = levels[0] ?? 0;
  const lowest = positions[distance.indexOf(base)] as Vec3;
  const [rowSpacing, colSpacing] = [spacing[0] ?? 1, spacing[1] ?? 1];
  const sliceOfFrame = positions.map((p, f) => {
    const exact = ((distance[f] ?? 0) - base) / sliceMm;
    const k = Math.round(exact);
    const d: Vec3 = [p[0] - lowest[0], p[1] - lowest[1], p[2] - lowest[2]];
    const lateral = [dot(d, row) / colSpacing, dot(d, col) / rowSpacing];
    if (Math.abs(exact - k) > 0.01 || lateral.some((v) => Math.abs(v) > 0.01)) {
      throw new InputError(
        { file, field: TAG.imagePosition },
        `frame ${f + 1} at ${p.map(fmt).join('\\')} is not on the grid of the other frames ` +
          `(slice ${fmt(exact)}, in-plane shift ${lateral.map(fmt).join(', ')} pixels)`,
        'the frames of a Segmentation must lie on one regular grid',
      );
    }
    return k;
  });
  const slices = Math.max(...sliceOfFrame, 0) + 1;
  if (slices > MAX_SLICES) {
    throw new InputError({ file, field: TAG.imagePosition }, `frames span ${slices} slices`);
  }
  const direction = directionFromAxes(row, col, normal);
  return {
    grid: {
      size: [num(ds, 'Columns') ?? 0, num(ds, 'Rows') ?? 0, slices],
      spacingMm: [colSpacing, rowSpacing, sliceMm],
      originLps: lowest,
      direction,
    },
    sliceOfFrame,
    warnings,
  };
}
