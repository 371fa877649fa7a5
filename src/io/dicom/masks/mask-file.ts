/**
 * A lesion mask file of any supported kind: NIfTI-1 (.nii, .nii.gz), DICOM SEG or DICOM RTSTRUCT
 * (told apart by (0008,0060) Modality). RTSTRUCT contours are rasterised on `grid` (the CT).
 */
import { InputError } from '../../../core/errors.ts';
import type { Volume } from '../../../core/volume.ts';
import { readRtstructMask } from './mask-rtstruct.ts';
import { readSegMask } from './mask-seg.ts';
import { readNiftiMask } from '../../nifti/nifti-mask.ts';
import { parseDicomFile, str } from '../read/read-file.ts';

/** Which part of the file is the lesion: SEG segment / RTSTRUCT ROI / NIfTI label. */
export interface MaskChoice {
  /** SEG segment label or RTSTRUCT ROI name. */
  name?: string;
  /** SEG segment number, RTSTRUCT ROI number or NIfTI label value. */
  number?: number;
}

/** A binary mask with its geometry and where it came from. */
export interface LesionMask {
  mask: Volume<Uint8Array>;
  kind: 'NIfTI' | 'SEG' | 'RTSTRUCT';
  frameOfReferenceUid: string | null;
  warnings: string[];
}

/** Reads the lesion mask in `path`; `grid` is needed for RTSTRUCT only. */
export function readLesionMask(
  path: string,
  choice: MaskChoice,
  grid: Omit<Volume, 'data'> | null,
): LesionMask {
  if (/\.nii(\.gz)?$/i.test(path)) {
    const nifti = readNiftiMask(path, choice.number);
    return { mask: nifti.mask, kind: 'NIfTI', frameOfReferenceUid: null, warnings: nifti.warnings };
  }
  const header = parseDicomFile(path, { headerOnly: true });
  const modality = header === null ? undefined : str(header.dataset, 'Modality');
  if (modality === 'SEG') {
    const seg = readSegMask(path, {
      ...(choice.number === undefined ? {} : { number: choice.number }),
      ...(choice.name === undefined ? {} : { label: choice.name }),
    });
    return {
      mask: seg.mask,
      kind: 'SEG',
      frameOfReferenceUid: seg.frameOfReferenceUid,
      warnings: seg.warnings,
    };
  }
  if (modality === 'RTSTRUCT') {
    if (grid === null) {
      throw new InputError(
        { file: path },
        'an RTSTRUCT needs an image grid to rasterise its contours on',
        'give the CT of the same session (the mask `scan`)',
      );
    }
    const rt = readRtstructMask(
      path,
      {
        ...(choice.number === undefined ? {} : { number: choice.number }),
        ...(choice.name === undefined ? {} : { name: choice.name }),
      },
      grid,
    );
    return {
      mask: rt.mask,
      kind: 'RTSTRUCT',
      frameOfReferenceUid: rt.frameOfReferenceUid,
      warnings: rt.warnings,
    };
  }
  throw new InputError(
    { file: path },
    `expected a NIfTI file (.nii, .nii.gz), a DICOM SEG or a DICOM RTSTRUCT, got ${modality === undefined ? 'no DICOM' : `DICOM modality ${modality}`}`,
  );
}
