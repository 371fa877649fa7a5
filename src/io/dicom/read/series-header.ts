/**
 * The first-slice attributes kept with a loaded series (PS3.6 keywords): identification,
 * timing and PET quantification attributes, as plain JSON-safe values.
 */
import type { Dataset } from './read-file.ts';

const KEPT = [
  'SOPClassUID',
  'Modality',
  'Manufacturer',
  'ManufacturerModelName',
  'StationName',
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'PatientWeight',
  'PatientSize',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'SeriesDescription',
  'SeriesNumber',
  'SeriesDate',
  'SeriesTime',
  'AcquisitionDate',
  'AcquisitionTime',
  'AcquisitionDateTime',
  'BodyPartExamined',
  'SliceThickness',
  'ConvolutionKernel',
  'KVP',
  'RescaleType',
  'Units',
  'DecayCorrection',
  'DecayFactor',
  'CorrectedImage',
  'ReconstructionMethod',
  'FrameReferenceTime',
  'ActualFrameDuration',
  'DecayCorrected',
  'DecayCorrectionDateTime',
  'RadiopharmaceuticalInformationSequence',
  'RealWorldValueMappingSequence',
];

/** GE private (0009,100D) post-injection DateTime, used by calculate-suv for GE scan time. */
const GE_POST_INJECTION = '0009100D';

function plain(value: unknown): unknown {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    const list = value.map(plain).filter((v) => v !== undefined);
    return list.length === 1 && typeof list[0] !== 'object' ? list[0] : list;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith('_') || /^[0-9A-F]{8}$/.test(key)) continue;
      const v = plain(inner);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  return value;
}

/** Selected attributes of a dataset as plain values (multi-valued ones stay arrays). */
export function selectedHeader(ds: Dataset): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  for (const key of KEPT) {
    const value = plain(ds[key]);
    if (value !== undefined && value !== '') header[key] = value;
  }
  // Private tags are not in the dictionary: their value stays as read (a string when the file
  // gives its VR, DT; older datasets carried { vr, Value }).
  const ge = ds[GE_POST_INJECTION];
  const geValue =
    ge !== null && typeof ge === 'object' ? (ge as { Value?: unknown[] }).Value?.[0] : ge;
  if (typeof geValue === 'string' && geValue.trim().length > 0)
    header['GEPostInjectionDateTime'] = geValue.trim();
  return header;
}
