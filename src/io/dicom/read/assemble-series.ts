/**
 * A series from its instances' headers: planes checked and sorted along the slice normal into
 * the volume grid (geometry.ts), each file's frames given their slices (decode-series.ts then
 * decodes the pixels into the volume as rescaled values, PS3.3 C.11.1: stored x Rescale Slope +
 * Intercept, per slice; CT in HU), and the loaded series once decoded. The volume is Float32,
 * except a CT whose rescaled values are all integers within Int16 (integer slopes and
 * intercepts, values checked as decoded): it is held as Int16, the same numbers in half the
 * memory. A CT frame found not to fit turns the volume into Float32 (exact: Int16 values are
 * Float32 values) and is decoded again.
 */
import { InputError } from '../../../core/errors.ts';
import type { Volume } from '../../../core/volume.ts';
import { seriesGeometry } from './geometry.ts';
import { readFramePlanes, type FramePlane } from './read-frames.ts';
import { num, str, type Dataset } from './read-file.ts';
import { isEncapsulated, type PixelFormat } from './codecs.ts';
import { checkNativeLength, frameCount } from './pixel-checks.ts';
import { TAG } from '../tags.ts';
import { checkPlanesAgree, checkSeriesConsistency } from './series-consistency.ts';
import { selectedHeader } from './series-header.ts';
import type { VoxelData } from './decode-into.ts';
import type { DicomInstance } from './instance.ts';
import type { LoadedSeries, SkippedFile, SliceSource } from './series-types.ts';

/** The grid of a series and where each instance's frames go in it. */
export interface SeriesPlan {
  label: string;
  seriesInstanceUid: string;
  modality: string;
  headers: DicomInstance[];
  geometry: Omit<Volume, 'data'>;
  /** planes[order[k]] is slice k. */
  planes: FramePlane[];
  order: number[];
  /** Slice index of frame f of a file: sliceOf.get(path)[f]. */
  sliceOf: Map<string, number[]>;
  /** A CT with integer slopes and intercepts and at most 16 bits allocated: try Int16. */
  int16: boolean;
  /**
   * Factor applied to every rescaled value as it is decoded (1 unless set after planning, e.g.
   * PET units to Bq/mL: read-pet-series.ts), folded into slope and intercept: no second pass.
   */
  valueScale: number;
  warnings: string[];
}

/** Check the headers of one series and lay its planes out on the volume grid. */
export function planSeries(
  label: string,
  seriesInstanceUid: string,
  headers: DicomInstance[],
): SeriesPlan {
  const firstDs = (headers[0] as DicomInstance).dataset;
  const modality = str(firstDs, 'Modality') ?? '';
  checkSeriesConsistency(headers, modality);
  const planes = headers.flatMap((f) => {
    const filePlanes = readFramePlanes(f);
    checkPixelDataLength(f, (filePlanes[0] as FramePlane).format);
    return filePlanes;
  });
  const first = planes[0] as FramePlane;
  checkPlanesAgree(planes, first);
  const warnings: string[] = [];
  const assumed = planes.filter((p) => p.rescaleAssumed);
  if (assumed.length > 0) {
    warnings.push(
      `${assumed.length} CT slice(s) without Rescale Slope and Intercept (e.g. ${(assumed[0] as FramePlane).file}): stored values taken as Hounsfield units (slope 1, intercept 0)`,
    );
  }
  const tilt = Math.max(...headers.map((f) => Math.abs(num(f.dataset, 'GantryDetectorTilt') ?? 0)));
  const { order, geometry } = seriesGeometry(
    planes,
    [first.format.columns, first.format.rows],
    label,
    tilt,
  );
  const sliceOf = new Map<string, number[]>();
  order.forEach((n, k) => {
    const plane = planes[n] as FramePlane;
    const list = sliceOf.get(plane.file) ?? [];
    list[plane.frameIndex] = k;
    sliceOf.set(plane.file, list);
  });
  return {
    label,
    seriesInstanceUid,
    modality,
    headers,
    geometry,
    planes,
    order,
    sliceOf,
    int16:
      modality === 'CT' &&
      planes.every(
        (p) =>
          p.format.bitsAllocated <= 16 &&
          Number.isInteger(p.rescaleSlope) &&
          Number.isInteger(p.rescaleIntercept),
      ),
    valueScale: 1,
    warnings,
  };
}

/** What a series is before its pixels are decoded: enough to choose a value scale (PET units). */
export type SeriesDescription = Pick<LoadedSeries, 'modality' | 'header' | 'slices'>;

/** The description of a planned series (the first slice's header, each slice's source). */
export function describeSeries(plan: SeriesPlan): SeriesDescription {
  const firstDs = (plan.headers[0] as DicomInstance).dataset;
  const slices: SliceSource[] = plan.order.map((n) => {
    const p = plan.planes[n] as FramePlane;
    return {
      file: p.file,
      frameIndex: p.frameIndex,
      rescaleSlope: p.rescaleSlope,
      rescaleIntercept: p.rescaleIntercept,
      acquisitionDateTime: p.acquisitionDateTime,
    };
  });
  return { modality: plan.modality, header: selectedHeader(firstDs), slices };
}

/** The loaded series once every instance is decoded into `data`; `sha256` per header path. */
export function loadedSeries(
  plan: SeriesPlan,
  data: VoxelData,
  sha256: ReadonlyMap<string, string>,
  skippedFiles: SkippedFile[],
  extraWarnings: string[],
): LoadedSeries {
  const firstDs = (plan.headers[0] as DicomInstance).dataset;
  const warnings = [...extraWarnings, ...plan.warnings];
  if (plan.modality === 'CT') checkHounsfield(firstDs, plan.label, warnings);
  const filesSha256 = plan.headers.map((f) => {
    const hash = sha256.get(f.path) ?? f.sha256;
    // Every file read was hashed (hash-ring.ts, or parseInstance for instances in memory).
    if (hash === '') throw new Error(`internal: no SHA-256 for ${f.path}`);
    return hash;
  });
  return {
    ...describeSeries(plan),
    volume: { ...plan.geometry, data },
    seriesInstanceUid: plan.seriesInstanceUid,
    frameOfReferenceUid: str(firstDs, 'FrameOfReferenceUID') ?? null,
    files: plan.headers.map((f) => f.path),
    filesSha256,
    skippedFiles,
    warnings,
  };
}

/** CT values are HU when (0028,1054) Rescale Type is absent or HU (PS3.3 C.11.1.1.2). */
function checkHounsfield(ds: Dataset, label: string, warnings: string[]): void {
  const type = str(ds, 'RescaleType');
  if (type !== undefined && type !== 'HU') {
    warnings.push(
      `${label}: CT (0028,1054) Rescale Type is ${type}, not HU; values used as they are`,
    );
  }
}

/**
 * Before any pixel is read: the file has Pixel Data, and native Pixel Data has the length its
 * Rows, Columns, Bits Allocated and Number of Frames need (pixel-checks.ts).
 */
function checkPixelDataLength(file: DicomInstance, format: PixelFormat): void {
  if (!file.hasPixelData) {
    throw new InputError(
      { file: file.path, field: TAG.pixelData },
      'no pixel data',
      'the file is truncated before its image, or holds none: copy or export it again',
    );
  }
  if (file.pixelDataLength !== null && !isEncapsulated(file.transferSyntaxUid))
    checkNativeLength(file.pixelDataLength, format, frameCount(file.dataset, file.path), file.path);
}
