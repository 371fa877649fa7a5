/**
 * One DICOM Part 10 file from a dcmjs "naturalised" dataset (keyword -> value), written as
 * Explicit VR Little Endian (1.2.840.10008.1.2.1) with its File Meta Information (PS3.10 7.1).
 * dcmjs ships no type declarations, so it is loaded through `createRequire` behind the small
 * interface below.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

/** A naturalised dataset: DICOM keywords to values (numbers, strings, arrays, sequences). */
export type NaturalDataset = Record<string, unknown>;

interface DcmjsWriter {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => {
      dict: Record<string, unknown>;
      write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
    };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
    };
  };
  log: { setLevel(level: string): void };
}

const dcmjs = createRequire(import.meta.url)('dcmjs') as DcmjsWriter;
dcmjs.log.setLevel('error');

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Implementation Class UID of iodose-written files (a fixed 2.25 UUID-derived UID). */
export const IODOSE_IMPLEMENTATION_CLASS_UID = '2.25.118712302873461923462391718273659916833';
export const IODOSE_IMPLEMENTATION_VERSION = 'IODOSE_0_1';

/** Bytes of a Part 10 file holding `dataset` (which must carry SOPClassUID and SOPInstanceUID). */
export function encodeDicom(dataset: NaturalDataset): ArrayBuffer {
  const sopClassUid = dataset['SOPClassUID'];
  const sopInstanceUid = dataset['SOPInstanceUID'];
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') {
    throw new Error('a dataset to write needs SOPClassUID and SOPInstanceUID strings');
  }
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IODOSE_IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IODOSE_IMPLEMENTATION_VERSION,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return dict.write();
}

/** Writes `dataset` as a Part 10 file at `path` (see encodeDicom). */
export function writeDicomFile(path: string, dataset: NaturalDataset): void {
  writeFileSync(path, new Uint8Array(encodeDicom(dataset)));
}
