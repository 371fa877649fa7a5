/**
 * The Segmentation Storage dataset (SOP Class 1.2.840.10008.5.1.4.1.1.66.4; PS3.3 A.51
 * Segmentation IOD) as a dcmjs naturalised dataset: Patient, General Study and Patient Study
 * copied from the source; General Series, Segmentation Series, Frame of Reference, General and
 * Enhanced General Equipment, General Image, Image Pixel, Segmentation Image (C.8.20.2, BINARY,
 * 1 bit), Multi-frame Functional Groups, Multi-frame Dimension, Common Instance Reference and SOP
 * Common. Frames: one per (segment, slice) holding voxels (seg-frames.ts).
 */
import { MASS, MORPHOLOGICALLY_ALTERED_STRUCTURE } from './seg-codes.ts';
import { rgbToDicomLab, SEGMENT_PALETTE, type Rgb } from './seg-color.ts';
import { packSegmentFrames } from './seg-frames.ts';
import {
  dimensionModule,
  perFrameFunctionalGroups,
  sharedFunctionalGroups,
} from './seg-functional-groups.ts';
import type { SegMeta, SegReferencedSeries, SegSegmentInput } from './seg-types.ts';
import type { NaturalDataset } from '../write/write-file.ts';
import { dicomDate, dicomTime, nowLocalIso } from '../write/write-format.ts';
import { patientStudyModules } from '../write/study-target.ts';
import { newUid } from '../write/write-uid.ts';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
export const DEFAULT_SEGMENT_ALGORITHM = 'background-adapted 50% isocontour';

function check(source: SegReferencedSeries, segments: readonly SegSegmentInput[], meta: SegMeta) {
  const nk = source.geometry.size[2];
  if (source.slices.length !== nk) {
    throw new Error(`the source has ${nk} slices but ${source.slices.length} source images`);
  }
  if (segments.length === 0) throw new Error('a segmentation needs at least one segment');
  for (const s of segments) {
    if (s.label.length === 0 || s.label.length > 64 || s.label.includes('\\')) {
      throw new Error(`segment label "${s.label}" must be 1-64 characters without "\\" (LO)`);
    }
  }
  const label = meta.contentLabel ?? 'VOI';
  if (!/^[A-Z0-9 _]{1,16}$/.test(label)) {
    throw new Error(`content label "${label}" must be 1-16 of A-Z, 0-9, space, "_" (CS)`);
  }
}

/** Segment Sequence (0062,0002) items (C.8.20.2): number, label, algorithm, codes, colour. */
function segmentSequence(segments: readonly SegSegmentInput[], meta: SegMeta): NaturalDataset[] {
  return segments.map((s, n) => ({
    SegmentNumber: n + 1,
    SegmentLabel: s.label,
    ...(s.description === undefined ? {} : { SegmentDescription: s.description }),
    SegmentAlgorithmType: meta.algorithmType ?? 'SEMIAUTOMATIC',
    SegmentAlgorithmName: meta.algorithmName ?? DEFAULT_SEGMENT_ALGORITHM,
    SegmentedPropertyCategoryCodeSequence: [s.category ?? MORPHOLOGICALLY_ALTERED_STRUCTURE],
    SegmentedPropertyTypeCodeSequence: [s.type ?? MASS],
    RecommendedDisplayCIELabValue: rgbToDicomLab(
      s.color ?? (SEGMENT_PALETTE[n % SEGMENT_PALETTE.length] as Rgb),
    ),
  }));
}

/** Referenced Series Sequence (0008,1115) of the Common Instance Reference Module (C.12.2). */
function referencedSeries(source: SegReferencedSeries): NaturalDataset[] {
  const seen = new Set<string>();
  const instances: NaturalDataset[] = [];
  for (const slice of source.slices) {
    if (seen.has(slice.sopInstanceUid)) continue;
    seen.add(slice.sopInstanceUid);
    instances.push({
      ReferencedSOPClassUID: slice.sopClassUid,
      ReferencedSOPInstanceUID: slice.sopInstanceUid,
    });
  }
  return [{ SeriesInstanceUID: source.seriesInstanceUid, ReferencedInstanceSequence: instances }];
}

/** The Segmentation dataset of `segments` drawn on `source` (PS3.3 A.51; see the file comment). */
export function segmentationDataset(
  source: SegReferencedSeries,
  segments: readonly SegSegmentInput[],
  meta: SegMeta,
): NaturalDataset {
  check(source, segments, meta);
  const { geometry } = source;
  const { frames, pixelData } = packSegmentFrames(geometry.size, segments);
  const at = meta.contentAt ?? nowLocalIso();
  const software = meta.softwareVersions ?? 'iodose';
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: meta.sopInstanceUid ?? newUid(),
    // Patient (C.7.1.1), General Study (C.7.2.1), Patient Study (C.7.2.2): from the source.
    ...patientStudyModules(source),
    // General Series (C.7.3.1), Segmentation Series (C.8.20.1), Frame of Reference (C.7.4.1).
    Modality: 'SEG',
    SeriesInstanceUID: meta.seriesInstanceUid ?? newUid(),
    SeriesNumber: meta.seriesNumber ?? 900,
    SeriesDate: dicomDate(at),
    SeriesTime: dicomTime(at),
    SeriesDescription: meta.seriesDescription,
    FrameOfReferenceUID: source.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    // General Equipment (C.7.5.1) and Enhanced General Equipment (C.7.5.2).
    Manufacturer: 'iodose',
    ManufacturerModelName: 'iodose',
    DeviceSerialNumber: '1',
    SoftwareVersions: software,
    // General Image (C.7.6.1), Segmentation Image (C.8.20.2) with Content Identification.
    InstanceNumber: 1,
    ContentDate: dicomDate(at),
    ContentTime: dicomTime(at),
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: meta.contentLabel ?? 'VOI',
    ContentDescription: meta.contentDescription ?? '',
    ContentCreatorName: meta.contentCreator ?? '',
    SegmentationType: 'BINARY',
    LossyImageCompression: '00',
    SegmentSequence: segmentSequence(segments, meta),
    // Multi-frame Functional Groups (C.7.6.16) and Multi-frame Dimension (C.7.6.17).
    NumberOfFrames: frames.length,
    SharedFunctionalGroupsSequence: sharedFunctionalGroups(
      geometry,
      source.sliceThicknessMm ?? geometry.spacingMm[2],
    ),
    PerFrameFunctionalGroupsSequence: perFrameFunctionalGroups(geometry, frames, source.slices),
    ...dimensionModule(newUid()),
    // Common Instance Reference (C.12.2).
    ReferencedSeriesSequence: referencedSeries(source),
    // Image Pixel (C.7.6.3) as constrained by C.8.20.2: 1-bit MONOCHROME2.
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: geometry.size[1],
    Columns: geometry.size[0],
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    PixelData: [
      pixelData.buffer.slice(pixelData.byteOffset, pixelData.byteOffset + pixelData.byteLength),
    ],
    _vrMap: { PixelData: 'OB' },
  };
}
