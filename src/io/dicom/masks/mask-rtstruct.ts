/**
 * A lesion mask from a DICOM RT Structure Set (PS3.3 A.19; SOP Class 1.2.840.10008.5.1.4.1.1.481.3)
 * on a given voxel grid (usually the CT's): the ROI is chosen by (3006,0022) ROI Number or
 * (3006,0026) ROI Name of the Structure Set ROI Sequence (C.8.8.5); its ROI Contour Sequence
 * (3006,0039) item (C.8.8.6) lists Contour Sequence (3006,0040) items whose Contour Data
 * (3006,0050) are x\y\z triplets in patient coordinates (LPS, mm). Each CLOSED_PLANAR contour is
 * moved to the grid slice nearest its mean position along k, then each plane of contours is
 * filled by the even-odd rule of mask-rtstruct-raster.ts (inner contours are holes). Contours from
 * different planes that fall on the same slice are united. POINT and OPEN contours are skipped.
 */
import { InputError } from '../../../core/errors.ts';
import { lpsToIjk, voxelCount, type Volume } from '../../../core/volume.ts';
import { fillEvenOdd, type SlicePolygon } from './mask-rtstruct-raster.ts';
import { selectEntry, type MaskEntry } from './mask-select.ts';
import { item, items, num, nums, parseDicomFile, str, type Dataset } from '../read/read-file.ts';
import { TAG } from '../tags.ts';

/** One ROI's mask on the given grid, its name, the frame of reference and warnings. */
export interface RtstructMask {
  mask: Volume<Uint8Array>;
  roiName: string;
  roiNumber: number;
  frameOfReferenceUid: string | null;
  warnings: string[];
}

const RTSTRUCT_CLASS = '1.2.840.10008.5.1.4.1.1.481.3';
const ROI_SEQUENCE = '(3006,0020) Structure Set ROI Sequence';
const CONTOUR_DATA = '(3006,0050) Contour Data';

interface RoiEntry extends MaskEntry {
  frameOfReferenceUid: string | undefined;
}

function rois(ds: Dataset): RoiEntry[] {
  return items(ds, 'StructureSetROISequence').map((r, n) => ({
    number: num(r, 'ROINumber') ?? n + 1,
    name: str(r, 'ROIName') ?? '',
    frameOfReferenceUid: str(r, 'ReferencedFrameOfReferenceUID'),
  }));
}

const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

/** The mask of one RTSTRUCT ROI rasterised onto `grid` (PS3.3 C.8.8.5, C.8.8.6). */
export function readRtstructMask(
  path: string,
  roi: { name?: string; number?: number },
  grid: Omit<Volume, 'data'>,
): RtstructMask {
  const file = parseDicomFile(path);
  if (file === null) {
    throw new InputError({ file: path }, 'not a DICOM file', 'give the path of the RTSTRUCT .dcm');
  }
  const ds = file.dataset;
  const sopClass = str(ds, 'SOPClassUID') ?? '';
  const modality = str(ds, 'Modality') ?? '';
  if (sopClass !== RTSTRUCT_CLASS && modality !== 'RTSTRUCT') {
    throw new InputError(
      { file: path, field: TAG.sopClass },
      `not an RT Structure Set (SOP Class ${sopClass || 'absent'}, Modality ${modality || 'absent'})`,
      'give an RTSTRUCT file, or read a SEG with readSegMask',
    );
  }
  const chosen = selectEntry(
    rois(ds),
    {
      ...(roi.number === undefined ? {} : { number: roi.number }),
      ...(roi.name === undefined ? {} : { name: roi.name }),
    },
    { what: 'ROI', numberKey: 'roi number', nameKey: 'roi name' },
    { file: path, field: ROI_SEQUENCE },
  );
  const where = `${path}: ROI ${chosen.number} "${chosen.name}"`;
  const roiContour = items(ds, 'ROIContourSequence').find(
    (r) => num(r, 'ReferencedROINumber') === chosen.number,
  );
  const contours = roiContour === undefined ? [] : items(roiContour, 'ContourSequence');
  if (contours.length === 0) {
    throw new InputError(
      { file: path, field: '(3006,0039) ROI Contour Sequence' },
      `ROI ${chosen.number} "${chosen.name}" has no contours`,
      'draw and save the ROI, or choose another one',
    );
  }
  const warnings: string[] = [];
  const [nx, ny, nz] = grid.size;
  // Contours grouped by their own plane (position along k to 1/1000 slice), per target slice.
  const planes = new Map<string, { k: number; polygons: SlicePolygon[] }>();
  let skipped = 0;
  let outside = 0;
  let offSlice = 0;
  let clipped = 0;
  for (const contour of contours) {
    const type = str(contour, 'ContourGeometricType') ?? '';
    const data = nums(contour, 'ContourData') ?? [];
    if (type !== 'CLOSED_PLANAR' || data.length < 9) {
      skipped++;
      continue;
    }
    if (data.length % 3 !== 0) {
      throw new InputError(
        { file: path, field: CONTOUR_DATA },
        `${data.length} values in a contour of ROI ${chosen.number}, not x\\y\\z triplets`,
      );
    }
    const points = data.length / 3;
    const polygon: SlicePolygon = new Float64Array(2 * points);
    let kSum = 0;
    const ks: number[] = [];
    for (let p = 0; p < points; p++) {
      const [i, j, k] = lpsToIjk(grid, [
        data[3 * p] ?? 0,
        data[3 * p + 1] ?? 0,
        data[3 * p + 2] ?? 0,
      ]);
      polygon[2 * p] = i;
      polygon[2 * p + 1] = j;
      if (i < -0.5 || i > nx - 0.5 || j < -0.5 || j > ny - 0.5) clipped++;
      ks.push(k);
      kSum += k;
    }
    const level = kSum / points;
    const k = Math.round(level);
    if (k < 0 || k >= nz) {
      outside++;
      continue;
    }
    if (ks.some((v) => Math.abs(v - k) > 0.5)) offSlice++;
    const key = `${k}:${Math.round(level * 1000)}`;
    const plane = planes.get(key) ?? { k, polygons: [] };
    plane.polygons.push(polygon);
    planes.set(key, plane);
  }
  const sliceMm = grid.spacingMm[2];
  if (skipped > 0) warnings.push(`${where}: ${skipped} contour(s) not CLOSED_PLANAR skipped`);
  if (outside > 0)
    warnings.push(`${where}: ${outside} contour(s) lie outside the grid's slices and were dropped`);
  if (offSlice > 0) {
    warnings.push(
      `${where}: ${offSlice} contour(s) lie more than half a slice spacing (${fmt(sliceMm / 2)} mm) ` +
        'off their nearest slice (contours not parallel to the grid slices); projected onto it',
    );
  }
  if (clipped > 0)
    warnings.push(
      `${where}: ${clipped} contour point(s) outside the grid in-plane; the mask is clipped`,
    );
  const data = new Uint8Array(voxelCount(grid.size));
  const perSlice = new Map<number, number>();
  for (const { k, polygons } of planes.values()) {
    fillEvenOdd(polygons, nx, ny, data, k * nx * ny);
    perSlice.set(k, (perSlice.get(k) ?? 0) + 1);
  }
  const shared = [...perSlice.values()].filter((n) => n > 1).length;
  if (shared > 0) {
    warnings.push(
      `${where}: contours of several planes fall on ${shared} slice(s) (the grid's slices are ` +
        `${fmt(sliceMm)} mm apart, wider than the contour spacing); united on each slice`,
    );
  }
  const filled = [...perSlice.keys()].sort((a, b) => a - b);
  const gaps = (filled.at(-1) ?? 0) - (filled[0] ?? 0) + 1 - filled.length;
  if (gaps > 0) {
    warnings.push(
      `${where}: ${gaps} slice(s) between the first and last contour have no contour ` +
        '(contours drawn on fewer slices than the grid has); those slices are empty',
    );
  }
  if (!data.some((v) => v === 1))
    warnings.push(`${where}: no voxel centre lies inside the contours`);
  return {
    mask: { ...grid, data },
    roiName: chosen.name,
    roiNumber: chosen.number,
    frameOfReferenceUid:
      chosen.frameOfReferenceUid ??
      str(item(ds, 'ReferencedFrameOfReferenceSequence') ?? {}, 'FrameOfReferenceUID') ??
      null,
    warnings,
  };
}
