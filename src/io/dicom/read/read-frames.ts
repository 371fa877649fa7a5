/**
 * The image planes of one file: a classic single-frame image (PS3.3 C.7.6.2 Image Plane,
 * C.11.1 Modality LUT) or each frame of an enhanced multi-frame image, whose geometry and
 * rescale sit in the Shared (5200,9229) and Per-frame (5200,9230) Functional Groups
 * (PS3.3 C.7.6.16: Plane Position, Plane Orientation, Pixel Measures, Pixel Value
 * Transformation, Frame Content).
 */
import { InputError } from '../../../core/errors.ts';
import type { Vec3 } from '../../../core/volume.ts';
import { decodeFrame, isEncapsulated, type PixelFormat, type Samples } from './codecs.ts';
import { dicomDateTimeToIso, dicomDtToIso } from '../dicom-time.ts';
import { checkNativeLength, frameCount, pixelFormat, planeRescale } from './pixel-checks.ts';
import { item, items, num, nums, str, type Dataset, type DicomFile } from './read-file.ts';
import { TAG } from '../tags.ts';
import type { DicomInstance } from './instance.ts';
import { frameViews } from './pixel-frames.ts';

/** One image plane with its geometry, rescale and a lazy pixel decoder. */
export interface FramePlane {
  file: string;
  frameIndex: number;
  positionLps: Vec3;
  /** Image Orientation (Patient): row (i) then column (j) direction cosines. */
  orientation: readonly number[];
  /** Pixel Spacing (0028,0030): [between rows (j), between columns (i)], mm. */
  pixelSpacingMm: readonly [number, number];
  sliceThicknessMm: number | null;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** True when a CT plane had no Rescale Slope/Intercept and the identity was assumed. */
  rescaleAssumed: boolean;
  acquisitionDateTime: string | null;
  decayFactor: number | null;
  format: PixelFormat;
  samples: () => Samples;
}

function pick(
  frame: Dataset | undefined,
  shared: Dataset | undefined,
  seq: string,
): Dataset | undefined {
  return item(frame, seq) ?? item(shared, seq);
}

function acquisitionIso(ds: Dataset, file: string): string | null {
  const dt = str(ds, 'AcquisitionDateTime') ?? str(ds, 'FrameAcquisitionDateTime');
  if (dt !== undefined)
    return dicomDtToIso(dt, { file, field: '(0008,002A) Acquisition DateTime' });
  const da = str(ds, 'AcquisitionDate') ?? str(ds, 'SeriesDate');
  const tm = str(ds, 'AcquisitionTime');
  if (da === undefined || tm === undefined) return null;
  return dicomDateTimeToIso(da, tm, { file, field: TAG.acquisitionTime });
}

function required<T>(value: T | undefined, file: string, field: string, what: string): T {
  if (value === undefined) {
    throw new InputError(
      { file, field },
      `missing ${what}`,
      'the file is not a cross-sectional image (or is damaged)',
    );
  }
  return value;
}

/** The encoded bytes of each frame (PS3.5 A.4 for encapsulated data). */
function frameBytes(file: DicomFile, count: number, format: PixelFormat): Uint8Array[] {
  const located = (file as Partial<DicomInstance>).pixelData;
  if (located !== undefined && located !== null)
    return frameViews(file as DicomInstance, count, format);
  const frameLength = format.rows * format.columns * (format.bitsAllocated / 8);
  const value = file.dataset['PixelData'];
  const parts = (Array.isArray(value) ? value : [value]).flat() as unknown[];
  const buffers = parts
    .filter((p): p is ArrayBuffer => p instanceof ArrayBuffer)
    .map((b) => new Uint8Array(b));
  if (buffers.length === 0) {
    throw new InputError(
      { file: file.path, field: TAG.pixelData },
      'no pixel data',
      'the file is truncated before its image, or holds none: copy or export it again',
    );
  }
  if (!isEncapsulated(file.transferSyntaxUid)) {
    const all = buffers.length === 1 ? (buffers[0] as Uint8Array) : Buffer.concat(buffers);
    checkNativeLength(all.byteLength, format, count, file.path);
    return Array.from({ length: count }, (_, f) =>
      all.subarray(f * frameLength, (f + 1) * frameLength),
    );
  }
  if (buffers.length === count) return buffers;
  if (count === 1) return [Buffer.concat(buffers)];
  throw new InputError(
    { file: file.path, field: TAG.pixelData },
    `${buffers.length} compressed fragments for ${count} frames and no Basic Offset Table`,
    'store the multi-frame image with a Basic Offset Table or one fragment per frame',
  );
}

/** The image planes of a file (one for a classic image, Number of Frames for enhanced ones). */
export function readFramePlanes(file: DicomFile): FramePlane[] {
  const ds = file.dataset;
  const path = file.path;
  const format = pixelFormat(ds, path);
  const modality = str(ds, 'Modality') ?? '';
  if ((num(ds, 'SamplesPerPixel') ?? 1) !== 1) {
    throw new InputError(
      { file: path, field: TAG.samplesPerPixel },
      'expected a greyscale image (1 sample per pixel)',
    );
  }
  const count = frameCount(ds, path);
  const shared = item(ds, 'SharedFunctionalGroupsSequence');
  const perFrame = items(ds, 'PerFrameFunctionalGroupsSequence');
  if (perFrame.length > 0 && perFrame.length !== count) {
    throw new InputError(
      { file: path, field: '(5200,9230) Per-frame Functional Groups Sequence' },
      `${perFrame.length} per-frame items for ${count} frames (Number of Frames)`,
      'the file is damaged: export the series again',
    );
  }
  // Pixel bytes are found when a plane's samples are first asked for (not for header reads).
  let bytes: Uint8Array[] | undefined;
  const frames = (): Uint8Array[] => (bytes ??= frameBytes(file, count, format));
  const planes: FramePlane[] = [];
  for (let f = 0; f < count; f++) {
    const fg = perFrame[f];
    const position = nums(pick(fg, shared, 'PlanePositionSequence') ?? ds, 'ImagePositionPatient');
    const orientation = nums(
      pick(fg, shared, 'PlaneOrientationSequence') ?? ds,
      'ImageOrientationPatient',
    );
    const measures = pick(fg, shared, 'PixelMeasuresSequence') ?? ds;
    const spacing = nums(measures, 'PixelSpacing');
    const transform = pick(fg, shared, 'PixelValueTransformationSequence') ?? ds;
    const content = pick(fg, shared, 'FrameContentSequence');
    const pos = required(
      position?.length === 3 ? position : undefined,
      path,
      TAG.imagePosition,
      'Image Position (Patient)',
    );
    const frameIndex = f;
    planes.push({
      file: path,
      frameIndex,
      positionLps: [pos[0] ?? 0, pos[1] ?? 0, pos[2] ?? 0],
      orientation: required(
        orientation?.length === 6 ? orientation : undefined,
        path,
        TAG.imageOrientation,
        'Image Orientation (Patient)',
      ),
      pixelSpacingMm: (() => {
        const s = required(
          spacing?.length === 2 ? spacing : undefined,
          path,
          TAG.pixelSpacing,
          'Pixel Spacing',
        );
        if (!s.every((v) => v > 0)) {
          throw new InputError(
            { file: path, field: TAG.pixelSpacing },
            `Pixel Spacing ${s.join('\\')}: expected two positive numbers (mm)`,
            'the file is damaged: export the series again',
          );
        }
        return [s[0] ?? 1, s[1] ?? 1] as const;
      })(),
      sliceThicknessMm: num(measures, 'SliceThickness') ?? null,
      ...(() => {
        const r = planeRescale(transform, modality, path);
        return { rescaleSlope: r.slope, rescaleIntercept: r.intercept, rescaleAssumed: r.assumed };
      })(),
      acquisitionDateTime: acquisitionIso(content ?? ds, path) ?? acquisitionIso(ds, path),
      decayFactor: num(ds, 'DecayFactor') ?? null,
      format,
      samples: () => {
        return decodeFrame(
          frames()[frameIndex] as Uint8Array,
          file.transferSyntaxUid,
          format,
          path,
        );
      },
    });
  }
  return planes;
}
