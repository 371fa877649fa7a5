/**
 * The Segmentation dataset without files: 1-bit frame packing across byte boundaries (PS3.5
 * 8.1.1), the CIELab display colour (PS3.3 C.10.7.1.1), the per-frame references to single- and
 * multi-frame sources, and the precise messages for inputs that cannot make a valid object.
 */
import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION } from '../../../src/core/volume.ts';
import { rgbToDicomLab } from '../../../src/io/dicom/seg/seg-color.ts';
import { segmentationDataset } from '../../../src/io/dicom/seg/seg-dataset.ts';
import { packSegmentFrames } from '../../../src/io/dicom/seg/seg-frames.ts';
import type { SegReferencedSeries } from '../../../src/io/dicom/seg/seg-types.ts';

const PET_CLASS = '1.2.840.10008.5.1.4.1.1.128';

/** A 3 x 3 x 2 source grid (9-pixel frames) with anisotropic spacing. */
function source(slices = 2, multiFrame = false): SegReferencedSeries {
  return {
    geometry: {
      size: [3, 3, 2],
      spacingMm: [2, 3, 5],
      originLps: [10, 20, 30],
      direction: IDENTITY_DIRECTION,
    },
    studyInstanceUid: '1.2.3',
    seriesInstanceUid: '1.2.3.4',
    frameOfReferenceUid: '1.2.3.5',
    patientStudy: { PatientID: 'P1' },
    slices: Array.from({ length: slices }, (_, k) => ({
      sopClassUid: PET_CLASS,
      sopInstanceUid: multiFrame ? '1.2.3.9' : `1.2.3.9.${k}`,
      ...(multiFrame ? { frameNumber: 2 - k } : {}),
    })),
  };
}

const a = { label: 'A', voxelIndices: Int32Array.from([0, 4, 8, 10]) };
const b = { label: 'B', voxelIndices: Int32Array.from([17]) };
const meta = { seriesDescription: 'VOIs', contentAt: '2024-03-05T10:00:00' };

describe('packSegmentFrames', () => {
  it('gives one frame per (segment, slice) with voxels and packs bits LSB first across bytes', () => {
    const packed = packSegmentFrames([3, 3, 2], [a, b]);
    expect(packed.frames).toEqual([
      { segmentNumber: 1, sliceIndex: 0 },
      { segmentNumber: 1, sliceIndex: 1 },
      { segmentNumber: 2, sliceIndex: 1 },
    ]);
    // Bits 0, 4, 8 (frame 0), 9 + 1 (frame 1), 18 + 8 (frame 2): 27 bits in 4 bytes.
    expect(Array.from(packed.pixelData)).toEqual([0x11, 0x05, 0x00, 0x04]);
  });

  it('pads Pixel Data to an even number of bytes', () => {
    const packed = packSegmentFrames([3, 3, 2], [{ label: 'C', voxelIndices: Int32Array.of(1) }]);
    expect(Array.from(packed.pixelData)).toEqual([0x02, 0x00]);
  });

  it('rejects voxels outside the grid and segments without voxels, naming the segment', () => {
    expect(() =>
      packSegmentFrames([3, 3, 2], [{ label: 'X', voxelIndices: Int32Array.of(18) }]),
    ).toThrow('segment "X": voxel index 18 lies outside the 3x3x2 grid');
    expect(() =>
      packSegmentFrames([3, 3, 2], [{ label: 'E', voxelIndices: new Int32Array(0) }]),
    ).toThrow('segment "E" holds no voxels');
  });
});

describe('rgbToDicomLab (D50 CIELab scaled to 0-65535)', () => {
  const unscale = ([l, aa, bb]: number[]) => [
    ((l ?? 0) * 100) / 65535,
    ((aa ?? 0) * 255) / 65535 - 128,
    ((bb ?? 0) * 255) / 65535 - 128,
  ];

  it('maps white and black to L* 100 and 0 with a* = b* = 0', () => {
    expect(rgbToDicomLab([255, 255, 255])).toEqual([65535, 32896, 32896]);
    expect(rgbToDicomLab([0, 0, 0])).toEqual([0, 32896, 32896]);
  });

  it('maps sRGB red to L* 54.29, a* 80.81, b* 69.89 (Lindbloom, Bradford D50) within 0.05', () => {
    const [l, aa, bb] = unscale(rgbToDicomLab([255, 0, 0]));
    expect(l).toBeCloseTo(54.29, 1);
    expect(aa).toBeCloseTo(80.81, 1);
    expect(bb).toBeCloseTo(69.89, 1);
  });
});

describe('segmentationDataset', () => {
  it('indexes frames by (segment number, slice k + 1) at the LPS position of slice k', () => {
    const ds = segmentationDataset(source(), [a, b], meta);
    const frames = ds['PerFrameFunctionalGroupsSequence'] as Record<string, unknown>[];
    const dims = frames.map(
      (f) =>
        (f['FrameContentSequence'] as { DimensionIndexValues: number[] }[])[0]
          ?.DimensionIndexValues,
    );
    expect(dims).toEqual([
      [1, 1],
      [1, 2],
      [2, 2],
    ]);
    const positions = frames.map(
      (f) =>
        (f['PlanePositionSequence'] as { ImagePositionPatient: string[] }[])[0]
          ?.ImagePositionPatient,
    );
    expect(positions).toEqual([
      ['10', '20', '30'],
      ['10', '20', '35'],
      ['10', '20', '35'],
    ]);
    expect(ds['NumberOfFrames']).toBe(3);
    const shared = (ds['SharedFunctionalGroupsSequence'] as Record<string, unknown>[])[0] ?? {};
    expect(shared['PixelMeasuresSequence']).toEqual([
      { PixelSpacing: ['3', '2'], SliceThickness: '5', SpacingBetweenSlices: '5' },
    ]);
  });

  it('references frame n of a multi-frame source once in the Referenced Series Sequence', () => {
    const ds = segmentationDataset(source(2, true), [b], meta);
    const frame = (ds['PerFrameFunctionalGroupsSequence'] as Record<string, unknown>[])[0] ?? {};
    const derivation = (frame['DerivationImageSequence'] as Record<string, unknown>[])[0] ?? {};
    const sourceImage = (derivation['SourceImageSequence'] as Record<string, unknown>[])[0];
    expect(sourceImage).toMatchObject({
      ReferencedSOPInstanceUID: '1.2.3.9',
      ReferencedFrameNumber: 1,
    });
    const series = (ds['ReferencedSeriesSequence'] as Record<string, unknown>[])[0] ?? {};
    expect(series['ReferencedInstanceSequence']).toEqual([
      { ReferencedSOPClassUID: PET_CLASS, ReferencedSOPInstanceUID: '1.2.3.9' },
    ]);
  });

  it('rejects inputs that cannot make a valid Segmentation, saying why', () => {
    expect(() => segmentationDataset(source(1), [a], meta)).toThrow(
      'the source has 2 slices but 1 source images',
    );
    expect(() => segmentationDataset(source(), [], meta)).toThrow('at least one segment');
    expect(() => segmentationDataset(source(), [{ ...a, label: 'x'.repeat(65) }], meta)).toThrow(
      'must be 1-64 characters',
    );
    expect(() => segmentationDataset(source(), [a], { ...meta, contentLabel: 'voi' })).toThrow(
      'content label "voi" must be 1-16 of A-Z',
    );
  });
});
