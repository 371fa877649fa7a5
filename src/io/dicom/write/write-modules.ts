/**
 * Modules shared by the CT and PET Image IODs (PS3.3 A.3, A.21) as dcmjs naturalised datasets:
 * Patient, General Study, Patient Study, General Series, Frame of Reference, General Equipment,
 * General Image, Image Plane, Image Pixel and SOP Common. One function per slice-independent group
 * and one for the slice geometry, so the CT and PET writers only add their own modules.
 */
import type { Vec3, Volume } from '../../../core/volume.ts';
import { ijkToLps } from '../../../core/volume.ts';
import { decimalString, dicomDate, dicomTime } from './write-format.ts';
import type { NaturalDataset } from './write-file.ts';
import type { SeriesMetaBase } from './write-meta.ts';

/** Patient, General Study, Patient Study and General Equipment attributes (C.7.1.1, C.7.2.x, C.7.5.1). */
export function patientStudyEquipment(meta: SeriesMetaBase): NaturalDataset {
  const { patient, study } = meta;
  const equipment = meta.equipment ?? { manufacturer: 'iodose', manufacturerModelName: 'phantom' };
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    PatientName: patient.name,
    PatientID: patient.id,
    PatientBirthDate: patient.birthDate === undefined ? '' : patient.birthDate.replace(/-/g, ''),
    PatientSex: patient.sex ?? '',
    PatientWeight: patient.weightKg === undefined ? '' : decimalString(patient.weightKg),
    PatientSize: patient.heightCm === undefined ? '' : decimalString(patient.heightCm / 100),
    StudyInstanceUID: study.instanceUid,
    StudyDate: dicomDate(study.at),
    StudyTime: dicomTime(study.at),
    ReferringPhysicianName: '',
    StudyID: study.id,
    AccessionNumber: study.accessionNumber ?? '',
    StudyDescription: study.description,
    Manufacturer: equipment.manufacturer,
    ManufacturerModelName: equipment.manufacturerModelName,
    InstitutionName: equipment.institutionName ?? '',
    StationName: equipment.stationName ?? '',
    SoftwareVersions: equipment.softwareVersions ?? 'iodose phantom writer',
    DeviceSerialNumber: equipment.deviceSerialNumber ?? '',
  };
}

/** General Series and Frame of Reference attributes (C.7.3.1, C.7.4.1). */
export function seriesAndFrame(
  meta: SeriesMetaBase,
  modality: 'CT' | 'PT',
  seriesInstanceUid: string,
  seriesAt: string,
): NaturalDataset {
  return {
    Modality: modality,
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: meta.seriesNumber,
    SeriesDate: dicomDate(seriesAt),
    SeriesTime: dicomTime(seriesAt),
    SeriesDescription: meta.seriesDescription,
    BodyPartExamined: meta.bodyPartExamined ?? 'WHOLEBODY',
    ...(modality === 'CT' ? { PatientPosition: 'HFS' } : {}),
    FrameOfReferenceUID: meta.frameOfReferenceUid,
    PositionReferenceIndicator: '',
  };
}

/** Unit normal of the slices: row direction x column direction (PS3.3 C.7.6.2.1.1). */
export function sliceNormal(volume: Pick<Volume, 'direction'>): Vec3 {
  const d = volume.direction;
  const r: Vec3 = [d[0], d[3], d[6]];
  const c: Vec3 = [d[1], d[4], d[7]];
  return [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]];
}

/**
 * Image Plane (C.7.6.2) and General Image (C.7.6.1) attributes of slice k: the LPS position of
 * voxel (0, 0, k), the row (i) and column (j) directions, Pixel Spacing = [row spacing (along j),
 * column spacing (along i)], Slice Location = position along the slice normal.
 */
export function slicePlane(volume: Omit<Volume, 'data'>, k: number): NaturalDataset {
  const d = volume.direction;
  const position = ijkToLps(volume, [0, 0, k]);
  const normal = sliceNormal(volume);
  const location = position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2];
  return {
    InstanceNumber: k + 1,
    PatientOrientation: '',
    ImagePositionPatient: position.map(decimalString),
    ImageOrientationPatient: [d[0], d[3], d[6], d[1], d[4], d[7]].map(decimalString),
    PixelSpacing: [decimalString(volume.spacingMm[1]), decimalString(volume.spacingMm[0])],
    SliceThickness: decimalString(volume.spacingMm[2]),
    SpacingBetweenSlices: decimalString(volume.spacingMm[2]),
    SliceLocation: decimalString(location),
  };
}

/** Image Pixel Module (C.7.6.3) for signed 16-bit monochrome slices of this size. */
export function imagePixel(volume: Omit<Volume, 'data'>, pixels: Int16Array): NaturalDataset {
  let min = 0;
  let max = 0;
  for (const v of pixels) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: volume.size[1],
    Columns: volume.size[0],
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    SmallestImagePixelValue: min,
    LargestImagePixelValue: max,
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OW', SmallestImagePixelValue: 'SS', LargestImagePixelValue: 'SS' },
  };
}

/** A volume whose voxel values a series writer can read. */
export type WritableVolume = Volume<Float32Array | Int16Array | Uint8Array>;

/** Slice k of a volume's data (a view, row-major with i fastest). */
export function sliceValues(volume: WritableVolume, k: number): ArrayLike<number> {
  const n = volume.size[0] * volume.size[1];
  return volume.data.subarray(k * n, (k + 1) * n);
}
