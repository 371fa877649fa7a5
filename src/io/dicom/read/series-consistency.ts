/**
 * The slices of one series must agree on what the reader takes from the first one: patient and
 * study identity and the frame of reference (PS3.3 C.7.1.1, C.7.2.1, C.7.4.1), and for PET the
 * quantification: Units and Decay Correction (C.8.9.1), the series start time and the
 * radiopharmaceutical's half-life, start time and total dose (C.8.9.2). A disagreement means a
 * folder mixing acquisitions or a damaged file, and is refused naming two files and both values.
 */
import { InputError } from '../../../core/errors.ts';
import type { FramePlane } from './read-frames.ts';
import { item, num, str, type Dataset, type DicomFile } from './read-file.ts';
import { TAG } from '../tags.ts';

interface Attribute {
  label: string;
  value: (ds: Dataset) => string | undefined;
}

const text =
  (key: string) =>
  (ds: Dataset): string | undefined =>
    str(ds, key);
/** Numbers compare as numbers ("37000000" equals "3.7E7"); a non-number keeps its text. */
const numeric =
  (key: string, sequence?: string) =>
  (ds: Dataset): string | undefined => {
    const from = sequence === undefined ? ds : item(ds, sequence);
    if (from === undefined) return undefined;
    const n = num(from, key);
    return n === undefined ? str(from, key) : String(n);
  };
const radio =
  (key: string) =>
  (ds: Dataset): string | undefined => {
    const first = item(ds, 'RadiopharmaceuticalInformationSequence');
    return first === undefined ? undefined : str(first, key);
  };

const COMMON: Attribute[] = [
  { label: TAG.modality, value: text('Modality') },
  { label: '(0010,0020) Patient ID', value: text('PatientID') },
  { label: "(0010,0010) Patient's Name", value: text('PatientName') },
  { label: "(0010,0030) Patient's Birth Date", value: text('PatientBirthDate') },
  { label: '(0020,000D) Study Instance UID', value: text('StudyInstanceUID') },
  { label: TAG.frameOfReference, value: text('FrameOfReferenceUID') },
];

const PET: Attribute[] = [
  { label: TAG.units, value: text('Units') },
  { label: TAG.decayCorrection, value: text('DecayCorrection') },
  { label: '(0008,0021) Series Date', value: text('SeriesDate') },
  { label: TAG.seriesTime, value: text('SeriesTime') },
  {
    label: TAG.radionuclideHalfLife,
    value: numeric('RadionuclideHalfLife', 'RadiopharmaceuticalInformationSequence'),
  },
  {
    label: '(0018,1074) Radionuclide Total Dose',
    value: numeric('RadionuclideTotalDose', 'RadiopharmaceuticalInformationSequence'),
  },
  { label: TAG.radiopharmaceuticalStart, value: radio('RadiopharmaceuticalStartDateTime') },
  {
    label: '(0018,1072) Radiopharmaceutical Start Time',
    value: radio('RadiopharmaceuticalStartTime'),
  },
];

const shown = (value: string | undefined): string =>
  value === undefined ? '(absent)' : JSON.stringify(value);

/** Throws when two files of the series disagree on an attribute read from the first only. */
export function checkSeriesConsistency(files: readonly DicomFile[], modality: string): void {
  const first = files[0];
  if (first === undefined) return;
  const attributes = modality === 'PT' ? [...COMMON, ...PET] : COMMON;
  for (const attribute of attributes) {
    const reference = attribute.value(first.dataset);
    for (const file of files) {
      const value = attribute.value(file.dataset);
      if (value === reference) continue;
      throw new InputError(
        { file: file.path, field: attribute.label },
        `${shown(value)} here but ${shown(reference)} in ${first.path}: the slices of one series must agree`,
        'the folder mixes acquisitions or a file is damaged; export the series again',
      );
    }
  }
}

/** Image size and pixel spacing must be the same in every plane (the grid uses the first). */
export function checkPlanesAgree(planes: readonly FramePlane[], first: FramePlane): void {
  for (const p of planes) {
    if (p.format.rows !== first.format.rows || p.format.columns !== first.format.columns) {
      throw new InputError(
        { file: p.file, field: TAG.rows },
        `image size ${p.format.columns}x${p.format.rows} differs from ${first.format.columns}x${first.format.rows} in the same series`,
      );
    }
    const [a, b] = p.pixelSpacingMm;
    const [c, d] = first.pixelSpacingMm;
    // 1e-4 relative: DS values written with different rounding still agree (our choice).
    if (Math.abs(a - c) > 1e-4 * c || Math.abs(b - d) > 1e-4 * d) {
      throw new InputError(
        { file: p.file, field: TAG.pixelSpacing },
        `Pixel Spacing ${a}\\${b} here but ${c}\\${d} in ${first.file}: the slices of one series must agree`,
        'the folder mixes acquisitions or a file is damaged; export the series again',
      );
    }
  }
}
