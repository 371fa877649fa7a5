/**
 * The RT Dose Storage dataset (SOP Class 1.2.840.10008.5.1.4.1.1.481.2; PS3.3 A.18 RT Dose IOD)
 * as a dcmjs naturalised dataset, one multi-frame instance holding the whole grid: Patient,
 * General Study and Patient Study copied from the reference (the PET), RT Series (C.8.8.1),
 * Frame of Reference (C.7.4.1, the PET's), General Equipment (C.7.5.1), General Image (C.7.6.1),
 * Image Plane (C.7.6.2), Image Pixel (C.7.6.3), Multi-frame (C.7.6.6, Frame Increment Pointer ->
 * Grid Frame Offset Vector), RT Dose (C.8.8.3) and SOP Common (C.12.1).
 * Dose Summation Type: see DOSE_SUMMATION_TYPE.
 */
import { InputError } from '../../../core/errors.ts';
import type { Volume } from '../../../core/volume.ts';
import { IODOSE_VERSION } from '../../../core/version.ts';
import { rtDoseGrid } from './rt-dose-geometry.ts';
import { quantiseDose, type QuantisedDose } from './rt-dose-quantise.ts';
import type { RtDoseMeta, RtDoseReference } from './rt-dose-types.ts';
import { patientStudyModules } from './study-target.ts';
import type { NaturalDataset } from './write-file.ts';
import { decimalString, dicomDate, dicomTime, nowLocalIso } from './write-format.ts';
import { newUid } from './write-uid.ts';

export const RT_DOSE_STORAGE = '1.2.840.10008.5.1.4.1.1.481.2';
/** Grid Frame Offset Vector (3004,000C) as an AT value (group << 16 | element). */
const GRID_FRAME_OFFSET_VECTOR_TAG = 0x3004000c;

/**
 * Dose Summation Type (3004,000A), PS3.3 C.8.8.3 (Defined Terms). A radionuclide dose computed
 * from a PET has no RT Plan and no treatment record: every plan-based term (PLAN, MULTI_PLAN,
 * FRACTION, BEAM, BRACHY, *_SESSION, CONTROL_POINT) makes Referenced RT Plan Sequence
 * (300C,0002) Type 1C-required and RECORD requires Referenced Treatment Record Sequence
 * (3008,0030); dciodvfy reports each missing sequence as an error, and inventing a reference to
 * a plan that does not exist would be worse. PLAN_OVERVIEW ("dose calculated with respect to plan
 * overview parameters") is the one standard term that names no RT Plan or record instance;
 * dicom3tools (2022 build) predates it and warns "unrecognized defined term", with no error.
 */
export const DOSE_SUMMATION_TYPE = 'PLAN_OVERVIEW';

function lo(value: string, field: string): string {
  if (value.length > 64 || value.includes('\\')) {
    throw new InputError(
      { field },
      `"${value}" must be at most 64 characters without "\\" (LO, PS3.5 6.2)`,
    );
  }
  return value;
}

/** Referenced Image Sequence (0008,1140) of General Image: the PET images the dose came from. */
function referencedImages(reference: RtDoseReference): NaturalDataset {
  const slices = reference.slices ?? [];
  if (slices.length === 0) return {};
  const seen = new Set<string>();
  const items: NaturalDataset[] = [];
  for (const s of slices) {
    if (seen.has(s.sopInstanceUid)) continue;
    seen.add(s.sopInstanceUid);
    items.push({
      ReferencedSOPClassUID: s.sopClassUid,
      ReferencedSOPInstanceUID: s.sopInstanceUid,
    });
  }
  return { ReferencedImageSequence: items };
}

/** The dataset and its quantised dose; see the file comment. */
export function rtDoseDataset(
  dose: Volume,
  reference: RtDoseReference,
  meta: RtDoseMeta,
): { dataset: NaturalDataset; quantised: QuantisedDose; framesReversed: boolean } {
  const grid = rtDoseGrid(dose);
  const bits = meta.bitsAllocated ?? 16;
  if (bits !== 16 && bits !== 32) {
    throw new InputError({ field: 'bitsAllocated' }, `bitsAllocated must be 16 or 32, got ${bits}`);
  }
  const quantised = quantiseDose(dose, grid.frameSlice, bits);
  const at = meta.contentAt ?? nowLocalIso();
  const description = lo(meta.seriesDescription, 'seriesDescription');
  const thickness = meta.sliceThicknessMm ?? grid.frameSpacingMm;
  const { pixels } = quantised;
  const dataset: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: RT_DOSE_STORAGE,
    SOPInstanceUID: meta.sopInstanceUid ?? newUid(),
    ...patientStudyModules(reference),
    // RT Series (C.8.8.1).
    Modality: 'RTDOSE',
    SeriesInstanceUID: meta.seriesInstanceUid ?? newUid(),
    SeriesNumber: meta.seriesNumber ?? 901,
    SeriesDate: dicomDate(at),
    SeriesTime: dicomTime(at),
    SeriesDescription: description,
    OperatorsName: '',
    // Frame of Reference (C.7.4.1): the PET's, so the grid lies in the PET's patient space.
    FrameOfReferenceUID: reference.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    // General Equipment (C.7.5.1).
    Manufacturer: 'iodose',
    ManufacturerModelName: 'iodose',
    SoftwareVersions: meta.softwareVersions ?? `iodose ${IODOSE_VERSION}`,
    // General Image (C.7.6.1).
    InstanceNumber: 1,
    ContentDate: dicomDate(at),
    ContentTime: dicomTime(at),
    ...referencedImages(reference),
    // Image Plane (C.7.6.2): geometry of the first frame (rt-dose-geometry.ts).
    PixelSpacing: grid.pixelSpacingMm.map(decimalString),
    ImageOrientationPatient: grid.orientation.map(decimalString),
    ImagePositionPatient: grid.imagePositionLps.map(decimalString),
    SliceThickness: decimalString(thickness),
    // Image Pixel (C.7.6.3) as specialised by RT Dose (C.8.8.3.4): unsigned, 16 or 32 bits.
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: grid.rows,
    Columns: grid.columns,
    BitsAllocated: bits,
    BitsStored: bits,
    HighBit: bits - 1,
    PixelRepresentation: 0,
    // Multi-frame (C.7.6.6).
    NumberOfFrames: grid.frameSlice.length,
    FrameIncrementPointer: GRID_FRAME_OFFSET_VECTOR_TAG,
    // RT Dose (C.8.8.3).
    DoseUnits: 'GY',
    DoseType: 'PHYSICAL',
    DoseComment: lo(meta.doseComment ?? description, 'doseComment'),
    DoseSummationType: DOSE_SUMMATION_TYPE,
    GridFrameOffsetVector: grid.frameOffsetsMm.map(decimalString),
    DoseGridScaling: quantised.doseGridScaling,
    ...(meta.tissueHeterogeneityCorrection === undefined
      ? {}
      : { TissueHeterogeneityCorrection: meta.tissueHeterogeneityCorrection }),
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OW' },
  };
  return { dataset, quantised, framesReversed: grid.frameSlice[0] !== 0 };
}
