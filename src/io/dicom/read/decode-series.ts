/**
 * The pixels of a planned series (assemble-series.ts) decoded straight into the volume: each
 * frame at the slice the plan gave it, as rescaled values times the plan's value scale
 * (decode-into.ts). A file is decoded from a whole parse of its bytes, or, when its header read
 * located native pixel data ending the file, from those bytes read again without a second
 * parse (the bytes before Pixel Data must equal the first read's).
 */
import { InputError } from '../../../core/errors.ts';
import { voxelCount } from '../../../core/volume.ts';
import type { SeriesPlan } from './assemble-series.ts';
import { isEncapsulated } from './codecs.ts';
import { decodeFrameInto, type VoxelData } from './decode-into.ts';
import type { DicomInstance } from './instance.ts';
import { frameCount } from './pixel-checks.ts';
import { frameViews } from './pixel-frames.ts';
import { FaultedMemory } from './prefault.ts';
import { readFramePlanes, type FramePlane } from './read-frames.ts';
import { volumeMemory } from './rescale16.ts';

/** The volume being filled: `data` may change from Int16 to Float32 during the decoding. */
export interface VoxelTarget {
  data: VoxelData;
  /** The memory of `data` when a worker faults it in (prefault.ts). */
  memory?: FaultedMemory;
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

/** The planned slice of each frame of the file `path`. */
function slicesOf(plan: SeriesPlan, path: string): number[] {
  const slices = plan.sliceOf.get(path);
  if (slices === undefined) throw new Error(`${path} is not in the planned series`);
  return slices;
}

const changed = (file: string): InputError =>
  new InputError(
    { file },
    'the file changed while the series was read (its header differs from the first read)',
    'read the series again once it is completely copied',
  );

/** Decode frame f of the file `path` (frames[f]) into its planned slice, rescaled and scaled. */
function decodeFramesInto(
  plan: SeriesPlan,
  path: string,
  transferSyntaxUid: string,
  frames: readonly Uint8Array[],
  target: VoxelTarget,
): void {
  const slices = slicesOf(plan, path);
  const perSlice = plan.geometry.size[0] * plan.geometry.size[1];
  frames.forEach((frame, f) => {
    const k = slices[f] as number;
    const plane = plan.planes[plan.order[k] as number] as FramePlane;
    const rescale = {
      slope: plane.rescaleSlope * plan.valueScale,
      intercept: plane.rescaleIntercept * plan.valueScale,
    };
    target.memory?.reached(k * perSlice * target.data.BYTES_PER_ELEMENT);
    const decode = () =>
      decodeFrameInto(
        target.data,
        k * perSlice,
        frame,
        transferSyntaxUid,
        plane.format,
        rescale,
        path,
      );
    if (!decode()) {
      target.memory?.done(); // the Int16 memory is dropped: no use faulting it in
      target.data = new Float32Array(target.data);
      decode();
    }
  });
}

/**
 * Decode every frame of `instance` (a whole instance, Pixel Data located) into `target`, at the
 * slices the plan gave its planes; its planes must be the planned ones.
 */
export function decodeInstanceInto(
  plan: SeriesPlan,
  instance: DicomInstance,
  target: VoxelTarget,
): void {
  const slices = slicesOf(plan, instance.path);
  const planes = readFramePlanes(instance);
  planes.forEach((plane, f) => {
    const k = slices[f];
    const planned = k === undefined ? undefined : plan.planes[plan.order[k] as number];
    if (planned === undefined || !samePlane(plane, planned)) throw changed(instance.path);
  });
  if (planes.length !== slices.length) throw changed(instance.path);
  const count = frameCount(instance.dataset, instance.path);
  const frames = frameViews(instance, count, (planes[0] as FramePlane).format);
  decodeFramesInto(plan, instance.path, instance.transferSyntaxUid, frames, target);
}

/**
 * True when the pixels of `header` (a header read) can be taken from the file's bytes read
 * again without parsing them: native pixel data in a data set that is not deflated, ending the
 * file (nothing after it left unchecked).
 */
export function locatesPixels(header: DicomInstance, fileLength: number): boolean {
  return (
    header.pixelDataOffset !== null &&
    header.pixelDataLength !== null &&
    !isEncapsulated(header.transferSyntaxUid) &&
    header.pixelDataOffset + header.pixelDataLength === fileLength
  );
}

/**
 * Decode the native pixels of a file from its whole bytes, read again after its header read
 * (`header`, locatesPixels true, and `prefix` the bytes before Pixel Data of that first read):
 * the frames lie where the first read found them, once the bytes before them are found equal.
 */
export function decodeLocatedInto(
  plan: SeriesPlan,
  header: DicomInstance,
  prefix: Uint8Array,
  bytes: Uint8Array,
  target: VoxelTarget,
): void {
  const offset = header.pixelDataOffset as number;
  const length = header.pixelDataLength as number;
  const same =
    bytes.byteLength === offset + length &&
    Buffer.from(bytes.buffer, bytes.byteOffset, offset).equals(prefix);
  if (!same) throw changed(header.path);
  const slices = slicesOf(plan, header.path);
  const format = (plan.planes[plan.order[slices[0] as number] as number] as FramePlane).format;
  const frameLength = format.rows * format.columns * (format.bitsAllocated / 8);
  const frames = slices.map((_, f) =>
    bytes.subarray(offset + f * frameLength, offset + (f + 1) * frameLength),
  );
  decodeFramesInto(plan, header.path, header.transferSyntaxUid, frames, target);
}

/**
 * An empty volume on the plan's grid (Int16 for a CT that may fit, else Float32); with `fast`,
 * in memory of its own that the 16-bit kernels write straight into (rescale16.ts) and that a
 * worker faults in while it is filled, slices in order (prefault.ts), told when the filling is
 * done by finishVolume.
 */
export function allocateVolume(plan: SeriesPlan, fast = false): VoxelTarget {
  const voxels = voxelCount(plan.geometry.size);
  if (!fast) return { data: plan.int16 ? new Int16Array(voxels) : new Float32Array(voxels) };
  const bytes = voxels * (plan.int16 ? 2 : 4);
  const format = (plan.planes[0] as FramePlane).format;
  const frameBytes = format.rows * format.columns * Math.ceil(format.bitsAllocated / 8);
  const buffer = volumeMemory(bytes, frameBytes) ?? new SharedArrayBuffer(bytes);
  const data = plan.int16 ? new Int16Array(buffer, 0, voxels) : new Float32Array(buffer, 0, voxels);
  return { data, memory: new FaultedMemory(buffer) };
}

/** The filling of `target` is over (its worker, if any, stops). */
export function finishVolume(target: VoxelTarget): void {
  target.memory?.done();
}

/** The plan's files in the order of their first slices (the volume is then filled in order). */
export function filesInSliceOrder(plan: SeriesPlan): DicomInstance[] {
  const byPath = new Map(plan.headers.map((h) => [h.path, h]));
  const ordered: DicomInstance[] = [];
  for (const n of plan.order) {
    const plane = plan.planes[n] as FramePlane;
    const header = byPath.get(plane.file);
    if (header !== undefined) {
      ordered.push(header);
      byPath.delete(plane.file);
    }
  }
  return ordered;
}
