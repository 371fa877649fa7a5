/**
 * Modality modules: CT Image (PS3.3 C.8.2.1), and for PET the PET Series (C.8.9.1), PET Isotope
 * (C.8.9.2), NM/PET Patient Orientation (C.8.4.6) and PET Image (C.8.9.4) modules, as dcmjs
 * naturalised datasets.
 */
import { I124 } from '../../../physics/nuclides.ts';
import { decimalString, dicomDateTime, dicomTime } from './write-format.ts';
import type { NaturalDataset } from './write-file.ts';
import type { CtSeriesMeta, PetSeriesMeta } from './write-meta.ts';
import type { PetDecayFactors } from './write-pet-decay.ts';

/** ^124^Iodine in CID 4020 (PET Radionuclide), SNOMED CT 40937006 (formerly SRT C-114A5). */
export const I124_CODE = {
  CodeValue: '40937006',
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: '^124^Iodine',
};

/** ^18^Fluorine in CID 4020 (PET Radionuclide), SNOMED CT 77004003 (formerly SRT C-111A1). */
export const F18_CODE = {
  CodeValue: '77004003',
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: '^18^Fluorine',
};

/** 18F half-life, s: 109.77 min (ICRP-107). */
export const F18_HALF_LIFE_S = 6586.2;
/** beta+ yield per decay of 18F (ICRP-107: 0.9673). */
export const F18_POSITRON_FRACTION = 0.9673;

/** Half-life (s) of the meta's radionuclide: 124I (ICRP-107 via nuclides.ts) or 18F. */
export function petHalfLifeS(meta: Pick<PetSeriesMeta, 'radionuclide'>): number {
  return meta.radionuclide === 'F-18' ? F18_HALF_LIFE_S : I124.halfLifeH * 3600;
}

/** CT Image Module (C.8.2.1): HU through Rescale Intercept/Slope, technique attributes. */
export function ctImageModule(meta: CtSeriesMeta, interceptHu: number): NaturalDataset {
  return {
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    RescaleIntercept: decimalString(interceptHu),
    RescaleSlope: '1',
    RescaleType: 'HU',
    KVP: decimalString(meta.kvp ?? 120),
    XRayTubeCurrent: Math.round(meta.tubeCurrentMa ?? 80),
    AcquisitionNumber: 1,
    ConvolutionKernel: meta.convolutionKernel ?? 'STANDARD',
    WindowCenter: '40',
    WindowWidth: '400',
  };
}

/** beta+ yield per decay of 124I from ICRP-107 (Radionuclide Positron Fraction (0018,1076)). */
function positronFraction(): number {
  return (I124.emissions['beta+'] ?? []).reduce((sum, line) => sum + line.yieldPerDecay, 0);
}

/**
 * PET Series, PET Isotope and NM/PET Patient Orientation modules (C.8.9.1, C.8.9.2, C.8.4.6):
 * head-first supine, coded (CID 19-21); Patient Position (0018,5100) is then absent.
 */
export function petSeriesModules(
  meta: PetSeriesMeta,
  numberOfSlices: number,
  halfLifeS: number,
): NaturalDataset {
  const fluorine = meta.radionuclide === 'F-18';
  const corrected = ['NORM', 'DTIM', 'ATTN', 'SCAT', 'RAN'];
  if (meta.decayCorrection !== 'NONE') corrected.push('DECY');
  return {
    Units: 'BQML',
    CountsSource: 'EMISSION',
    SeriesType: ['STATIC', 'IMAGE'],
    NumberOfSlices: numberOfSlices,
    CorrectedImage: corrected,
    DecayCorrection: meta.decayCorrection,
    RandomsCorrectionMethod: 'DLYD',
    AttenuationCorrectionMethod: 'measured, CT-based',
    ScatterCorrectionMethod: 'model-based',
    ReconstructionMethod: meta.reconstructionMethod ?? 'OSEM3D 3i21s',
    ConvolutionKernel: meta.convolutionKernel ?? 'XYZ Gauss 5.0',
    CollimatorType: 'NONE',
    RadiopharmaceuticalInformationSequence: [
      {
        Radiopharmaceutical:
          meta.radiopharmaceutical ??
          (fluorine ? 'Fluorodeoxyglucose F^18^' : 'Sodium iodide I-124'),
        RadiopharmaceuticalStartTime: dicomTime(meta.administeredAt),
        RadiopharmaceuticalStartDateTime: dicomDateTime(meta.administeredAt),
        RadionuclideTotalDose: decimalString(meta.activityBq),
        RadionuclideHalfLife: decimalString(halfLifeS),
        RadionuclidePositronFraction: decimalString(
          fluorine ? F18_POSITRON_FRACTION : positronFraction(),
        ),
        RadionuclideCodeSequence: [fluorine ? F18_CODE : I124_CODE],
      },
    ],
    PatientOrientationCodeSequence: [
      {
        CodeValue: '102538003',
        CodingSchemeDesignator: 'SCT',
        CodeMeaning: 'recumbent',
        PatientOrientationModifierCodeSequence: [
          { CodeValue: '40199007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'supine' },
        ],
      },
    ],
    PatientGantryRelationshipCodeSequence: [
      { CodeValue: '102540008', CodingSchemeDesignator: 'SCT', CodeMeaning: 'headfirst' },
    ],
  };
}

/** PET Image Module (C.8.9.4) attributes common to all slices (slope and index are per slice). */
export function petImageModule(
  meta: PetSeriesMeta,
  factors: PetDecayFactors,
  frameDurationS: number,
): NaturalDataset {
  const dataset: NaturalDataset = {
    ImageType: ['ORIGINAL', 'PRIMARY'],
    RescaleIntercept: '0',
    FrameReferenceTime: decimalString(factors.frameReferenceTimeMs),
    ActualFrameDuration: Math.round(frameDurationS * 1000),
    AcquisitionNumber: 1,
    DoseCalibrationFactor: '1',
  };
  if (factors.decayFactor !== undefined)
    dataset['DecayFactor'] = decimalString(factors.decayFactor);
  return dataset;
}
