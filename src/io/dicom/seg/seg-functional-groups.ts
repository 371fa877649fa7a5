/**
 * Multi-frame Functional Groups (PS3.3 C.7.6.16) and Multi-frame Dimension (C.7.6.17) of a
 * Segmentation (A.51.5): shared Pixel Measures and Plane Orientation; per frame Frame Content
 * (Dimension Index Values = segment number, slice number k + 1), Plane Position (Patient),
 * Derivation Image (the source PET slice) and Segment Identification.
 */
import { ijkToLps, type Volume } from '../../../core/volume.ts';
import { SEGMENTATION_DERIVATION, SOURCE_IMAGE_FOR_PROCESSING } from './seg-codes.ts';
import type { SegFrame } from './seg-frames.ts';
import type { SegSourceSlice } from './seg-types.ts';
import type { NaturalDataset } from '../write/write-file.ts';
import { decimalString } from '../write/write-format.ts';

/** (0062,000B) Referenced Segment Number, in (0062,000A) Segment Identification Sequence. */
const REFERENCED_SEGMENT_NUMBER = 0x0062000b;
const SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000a;
/** (0020,0032) Image Position (Patient), in (0020,9113) Plane Position Sequence. */
const IMAGE_POSITION_PATIENT = 0x00200032;
const PLANE_POSITION_SEQUENCE = 0x00209113;

/** Shared Functional Groups Sequence (5200,9229): Pixel Measures, Plane Orientation (C.7.6.16.2). */
export function sharedFunctionalGroups(
  geometry: Omit<Volume, 'data'>,
  sliceThicknessMm: number,
): NaturalDataset[] {
  const d = geometry.direction;
  return [
    {
      PixelMeasuresSequence: [
        {
          PixelSpacing: [
            decimalString(geometry.spacingMm[1]),
            decimalString(geometry.spacingMm[0]),
          ],
          SliceThickness: decimalString(sliceThicknessMm),
          SpacingBetweenSlices: decimalString(geometry.spacingMm[2]),
        },
      ],
      PlaneOrientationSequence: [
        { ImageOrientationPatient: [d[0], d[3], d[6], d[1], d[4], d[7]].map(decimalString) },
      ],
    },
  ];
}

/** Per-frame Functional Groups Sequence (5200,9230), one item per frame (C.8.20.3). */
export function perFrameFunctionalGroups(
  geometry: Omit<Volume, 'data'>,
  frames: readonly SegFrame[],
  slices: readonly SegSourceSlice[],
): NaturalDataset[] {
  return frames.map(({ segmentNumber, sliceIndex }) => {
    const source = slices[sliceIndex];
    if (source === undefined) throw new Error(`no source image for slice ${sliceIndex}`);
    const reference: NaturalDataset = {
      ReferencedSOPClassUID: source.sopClassUid,
      ReferencedSOPInstanceUID: source.sopInstanceUid,
      ...(source.frameNumber === undefined ? {} : { ReferencedFrameNumber: source.frameNumber }),
      PurposeOfReferenceCodeSequence: [SOURCE_IMAGE_FOR_PROCESSING],
    };
    return {
      DerivationImageSequence: [
        {
          DerivationCodeSequence: [SEGMENTATION_DERIVATION],
          SourceImageSequence: [reference],
        },
      ],
      FrameContentSequence: [{ DimensionIndexValues: [segmentNumber, sliceIndex + 1] }],
      PlanePositionSequence: [
        { ImagePositionPatient: ijkToLps(geometry, [0, 0, sliceIndex]).map(decimalString) },
      ],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segmentNumber }],
    };
  });
}

/** Dimension Organization and Dimension Index Sequences (C.7.6.17): segment, then position. */
export function dimensionModule(dimensionOrganizationUid: string): NaturalDataset {
  const index = (pointer: number, group: number, label: string): NaturalDataset => ({
    DimensionOrganizationUID: dimensionOrganizationUid,
    DimensionIndexPointer: pointer,
    FunctionalGroupPointer: group,
    DimensionDescriptionLabel: label,
  });
  return {
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionIndexSequence: [
      index(REFERENCED_SEGMENT_NUMBER, SEGMENT_IDENTIFICATION_SEQUENCE, 'ReferencedSegmentNumber'),
      index(IMAGE_POSITION_PATIENT, PLANE_POSITION_SEQUENCE, 'ImagePositionPatient'),
    ],
  };
}
