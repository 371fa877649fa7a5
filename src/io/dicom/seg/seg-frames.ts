/**
 * Frames of a BINARY segmentation (PS3.3 C.8.20.2.1): one frame per (segment, slice) that holds
 * at least one voxel of the segment, segments in order, slices ascending. Pixel Data packs 1 bit
 * per pixel with no padding between frames (PS3.5 8.1.1): bit b of the stream is bit (b mod 8),
 * least significant first, of byte floor(b / 8); the stream is padded with zero to an even length.
 */
import type { Vec3 } from '../../../core/volume.ts';

/** One frame: the 1-based segment number and the 0-based slice k of the source grid. */
export interface SegFrame {
  segmentNumber: number;
  sliceIndex: number;
}

/** The frames and the packed Pixel Data (7FE0,0010) of the segments. */
export interface SegFrames {
  frames: SegFrame[];
  pixelData: Uint8Array;
}

/** Frames and bit-packed pixels of segments given as linear indices in a grid of `size`. */
export function packSegmentFrames(
  size: Vec3,
  segments: readonly { label: string; voxelIndices: Int32Array }[],
): SegFrames {
  const plane = size[0] * size[1];
  const total = plane * size[2];
  const frames: SegFrame[] = [];
  const perSegment = segments.map((segment, s) => {
    const slices = new Set<number>();
    for (const index of segment.voxelIndices) {
      if (!Number.isInteger(index) || index < 0 || index >= total) {
        throw new Error(
          `segment "${segment.label}": voxel index ${index} lies outside the ${size.join('x')} grid`,
        );
      }
      slices.add(Math.floor(index / plane));
    }
    if (slices.size === 0) throw new Error(`segment "${segment.label}" holds no voxels`);
    const ordered = [...slices].sort((a, b) => a - b);
    const frameOfSlice = new Map<number, number>();
    for (const k of ordered) {
      frameOfSlice.set(k, frames.length);
      frames.push({ segmentNumber: s + 1, sliceIndex: k });
    }
    return frameOfSlice;
  });
  const bytes = Math.ceil((frames.length * plane) / 8);
  const pixelData = new Uint8Array(bytes + (bytes % 2));
  segments.forEach((segment, s) => {
    const frameOfSlice = perSegment[s] as Map<number, number>;
    for (const index of segment.voxelIndices) {
      const k = Math.floor(index / plane);
      const bit = (frameOfSlice.get(k) as number) * plane + (index - k * plane);
      pixelData[bit >> 3] = (pixelData[bit >> 3] ?? 0) | (1 << (bit & 7));
    }
  });
  return { frames, pixelData };
}
