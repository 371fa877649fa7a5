/**
 * DICOM attribute labels used in user-facing messages: tag and keyword as in PS3.6, so a user
 * can find the value with `dcmdump` or any viewer.
 */
export const TAG = {
  transferSyntax: '(0002,0010) Transfer Syntax UID',
  sopClass: '(0008,0016) SOP Class UID',
  modality: '(0008,0060) Modality',
  seriesInstanceUid: '(0020,000E) Series Instance UID',
  frameOfReference: '(0020,0052) Frame of Reference UID',
  imagePosition: '(0020,0032) Image Position (Patient)',
  imageOrientation: '(0020,0037) Image Orientation (Patient)',
  pixelSpacing: '(0028,0030) Pixel Spacing',
  gantryTilt: '(0018,1120) Gantry/Detector Tilt',
  rows: '(0028,0010) Rows',
  columns: '(0028,0011) Columns',
  bitsAllocated: '(0028,0100) Bits Allocated',
  samplesPerPixel: '(0028,0002) Samples per Pixel',
  pixelData: '(7FE0,0010) Pixel Data',
  numberOfFrames: '(0028,0008) Number of Frames',
  rescaleSlope: '(0028,1053) Rescale Slope',
  units: '(0054,1001) Units',
  decayCorrection: '(0054,1102) Decay Correction',
  decayFactor: '(0054,1321) Decay Factor',
  seriesTime: '(0008,0031) Series Time',
  acquisitionTime: '(0008,0032) Acquisition Time',
  radionuclideHalfLife: '(0018,1075) Radionuclide Half Life',
  radiopharmaceuticalStart: '(0018,1078) Radiopharmaceutical Start DateTime',
} as const;

/** Transfer Syntax UIDs (PS3.5 Section 10 and Annex A). */
export const TS = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSv1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  htj2kLossless: '1.2.840.10008.1.2.4.201',
  htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  htj2k: '1.2.840.10008.1.2.4.203',
  rle: '1.2.840.10008.1.2.5',
} as const;

/** SOP Class UIDs of the image objects read here (PS3.4 Annex B.5). */
export const SOP_CLASS = {
  ctImage: '1.2.840.10008.5.1.4.1.1.2',
  enhancedCtImage: '1.2.840.10008.5.1.4.1.1.2.1',
  petImage: '1.2.840.10008.5.1.4.1.1.128',
  enhancedPetImage: '1.2.840.10008.5.1.4.1.1.130',
} as const;
