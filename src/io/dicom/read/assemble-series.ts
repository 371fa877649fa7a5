/**
 * A series from its instances: planes from the headers, sorted along the slice normal into the
 * volume grid (geometry.ts), then each instance's frames decoded straight into the volume as
 * rescaled values (PS3.3 C.11.1: stored x Rescale Slope + Intercept, per slice; CT in HU). The
 * volume is Float32, except a CT whose rescaled values are all integers within Int16 (integer
 * slopes and intercepts, values checked as decoded): it is held as Int16, the same numbers in
 * half the memory. A CT frame found not to fit turns the volume into Float32 (exact: Int16
 * values are Float32 values) and is decoded again. The headers may come from a first, header-only read (folder-series.ts) and the
 * pixels from a second read of the whole file; the planes of both must then agree.
 */
import { InputError } from '../../../core/errors.ts';
import { voxelCount, type Volume } from '../../../core/volume.ts';
import { seriesGeometry } from './geometry.ts';
import { readFramePlanes, type FramePlane } from './read-frames.ts';
import { num, str, type Dataset } from './read-file.ts';
import { isEncapsulated, type PixelFormat } from './codecs.ts';
import { checkNativeLength, frameCount } from './pixel-checks.ts';
import { TAG } from '../tags.ts';
import { checkPlanesAgree, checkSeriesConsistency } from './series-consistency.ts';
import { selectedHeader } from './series-header.ts';
import { decodeFrameInto, type VoxelData } from './decode-into.ts';
import type { DicomInstance } from './instance.ts';
import { frameViews } from './pixel-frames.ts';
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
  warnings: string[];
}

/** The volume being filled: `data` may change from Int16 to Float32 during the decoding. */
export interface VoxelTarget {
  data: VoxelData;
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
    warnings,
  };
}

const samePlane = (a: FramePlane, b: FramePlane): boolean =>
  a.positionLps.every((v, i) => v === b.positionLps[i]) &&
  a.rescaleSlope === b.rescaleSlope &&
  a.rescaleIntercept === b.rescaleIntercept &&
  a.format.rows === b.format.rows &&
  a.format.columns === b.format.columns &&
  a.format.bitsAllocated === b.format.bitsAllocated &&
  a.format.bitsStored === b.format.bitsStored &&
  a.format.pixelRepresentation === b.format.pixelRepresentation;

/**
 * Decode every frame of `instance` (a whole instance, Pixel Data located) into `target`, at the
 * slices the plan gave its planes.
 */
export function decodeInstanceInto(
  plan: SeriesPlan,
  instance: DicomInstance,
  target: VoxelTarget,
): void {
  const slices = plan.sliceOf.get(instance.path);
  if (slices === undefined) throw new Error(`${instance.path} is not in the planned series`);
  const planes = readFramePlanes(instance);
  const perSlice = plan.geometry.size[0] * plan.geometry.size[1];
  const first = planes[0] as FramePlane;
  const frames = frameViews(instance, frameCount(instance.dataset, instance.path), first.format);
  planes.forEach((plane, f) => {
    const k = slices[f];
    const planned = k === undefined ? undefined : plan.planes[plan.order[k] as number];
    if (k === undefined || planned === undefined || !samePlane(plane, planned)) {
      throw new InputError(
        { file: instance.path },
        'the file changed while the series was read (its header differs from the first read)',
        'read the series again once it is completely copied',
      );
    }
    const frame = frames[f] as Uint8Array;
    const rescale = { slope: plane.rescaleSlope, intercept: plane.rescaleIntercept };
    const decode = () =>
      decodeFrameInto(
        target.data,
        k * perSlice,
        frame,
        instance.transferSyntaxUid,
        plane.format,
        rescale,
        instance.path,
      );
    if (!decode()) {
      target.data = new Float32Array(target.data);
      decode();
    }
  });
}

/** An empty volume on the plan's grid (Int16 for a CT that may fit, else Float32). */
export function allocateVolume(plan: SeriesPlan): VoxelTarget {
  const voxels = voxelCount(plan.geometry.size);
  return { data: plan.int16 ? new Int16Array(voxels) : new Float32Array(voxels) };
}

/** The loaded series once every instance is decoded into `target`; `sha256` per header path. */
export function loadedSeries(
  plan: SeriesPlan,
  target: VoxelTarget,
  sha256: ReadonlyMap<string, string>,
  skippedFiles: SkippedFile[],
  extraWarnings: string[],
): LoadedSeries {
  const firstDs = (plan.headers[0] as DicomInstance).dataset;
  const warnings = [...extraWarnings, ...plan.warnings];
  if (plan.modality === 'CT') checkHounsfield(firstDs, plan.label, warnings);
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
  return {
    volume: { ...plan.geometry, data: target.data },
    modality: plan.modality,
    seriesInstanceUid: plan.seriesInstanceUid,
    frameOfReferenceUid: str(firstDs, 'FrameOfReferenceUID') ?? null,
    files: plan.headers.map((f) => f.path),
    filesSha256: plan.headers.map((f) => sha256.get(f.path) ?? f.sha256),
    header: selectedHeader(firstDs),
    slices,
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
