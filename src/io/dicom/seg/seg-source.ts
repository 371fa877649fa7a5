/**
 * The source description a Segmentation needs (PS3.3 C.8.20.3 Derivation Image, C.12.2 Common
 * Instance Reference, C.7.1.1 Patient, C.7.2.1 General Study) of a series read by readSeries.
 * LoadedSeries keeps only the first slice's selected attributes, so the SOP Class and Instance
 * UIDs of every slice (and Patient / Study attributes) are re-read here from the slice files,
 * header only (parsing stops before Pixel Data).
 */
import { InputError } from '../../../core/errors.ts';
import { num, parseDicomFile, str, type Dataset } from '../read/read-file.ts';
import type { LoadedSeries } from '../read/read-series.ts';
import type { SegPatientStudy, SegReferencedSeries, SegSourceSlice } from './seg-types.ts';

const COPIED = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'PatientAge',
  'PatientSize',
  'PatientWeight',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
  'StudyDescription',
] as const;

function header(path: string): Dataset {
  const file = parseDicomFile(path, { headerOnly: true });
  if (file === null) {
    throw new InputError({ file: path }, 'the slice file is no longer a readable DICOM file');
  }
  return file.dataset;
}

function required(ds: Dataset, key: string, path: string): string {
  const value = str(ds, key);
  if (value === undefined) throw new InputError({ file: path, field: key }, `${key} is missing`);
  return value;
}

/** The Segmentation source of a loaded series: geometry, UIDs and each slice's instance. */
export function segSourceFromSeries(
  series: Pick<LoadedSeries, 'volume' | 'slices' | 'seriesInstanceUid' | 'frameOfReferenceUid'>,
): SegReferencedSeries {
  const first = series.slices[0];
  if (first === undefined) throw new Error('the series has no slices');
  const headers = new Map<string, Dataset>();
  const slices: SegSourceSlice[] = series.slices.map((slice) => {
    let ds = headers.get(slice.file);
    if (ds === undefined) {
      ds = header(slice.file);
      headers.set(slice.file, ds);
    }
    const multiFrame = (num(ds, 'NumberOfFrames') ?? 1) > 1;
    return {
      sopClassUid: required(ds, 'SOPClassUID', slice.file),
      sopInstanceUid: required(ds, 'SOPInstanceUID', slice.file),
      ...(multiFrame ? { frameNumber: slice.frameIndex + 1 } : {}),
    };
  });
  const ds = headers.get(first.file) as Dataset;
  const patientStudy: SegPatientStudy = {};
  for (const key of COPIED) {
    const value = str(ds, key);
    if (value !== undefined) patientStudy[key] = value;
  }
  if (series.frameOfReferenceUid === null) {
    throw new InputError(
      { file: first.file, field: '(0020,0052) Frame of Reference UID' },
      'a Segmentation needs the Frame of Reference UID of its source series',
    );
  }
  const thickness = num(ds, 'SliceThickness');
  const { size, spacingMm, originLps, direction } = series.volume;
  return {
    geometry: { size, spacingMm, originLps, direction },
    ...(thickness === undefined || !(thickness > 0) ? {} : { sliceThicknessMm: thickness }),
    studyInstanceUid: required(ds, 'StudyInstanceUID', first.file),
    seriesInstanceUid: series.seriesInstanceUid,
    frameOfReferenceUid: series.frameOfReferenceUid,
    patientStudy,
    slices,
  };
}
