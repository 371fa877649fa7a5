// The series record and patient identity of a written PET and CT, against pydicom's reading of
// the same files: UIDs, description, scanner, reconstruction, and the Pixel Spacing order
// (between rows, between columns: the volume spacing is 2.5 mm along i and 3 mm along j, so the
// file says [3, 2.5]). Skipped, loudly, without pydicom.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, type Volume } from '../../../src/core/volume.ts';
import { readSeries } from '../../../src/io/dicom/read/read-series.ts';
import { dicomPatient, seriesRecord } from '../../../src/io/dicom/read/series-record.ts';
import { newSessionUids } from '../../../src/io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../../../src/io/dicom/write/write-series.ts';
import { hasPydicom, readWithPydicom, warnMissing } from '../../helpers/external-tools.ts';

const root = mkdtempSync(join(tmpdir(), 'iodose-series-record-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pydicom = hasPydicom();
if (!pydicom) warnMissing('python3-pydicom', 'series record against pydicom');

const session = newSessionUids();
const base = {
  patient: { id: 'R01', name: 'Record^Test', sex: 'M' as const, birthDate: '1961-07-14' },
  study: {
    instanceUid: session.studyInstanceUid,
    id: 'S1',
    description: 'record',
    at: '2024-03-05T09:00:00',
  },
  frameOfReferenceUid: session.frameOfReferenceUid,
  seriesNumber: 3,
  acquiredAt: '2024-03-05T09:15:00',
  equipment: { manufacturer: 'ACME', manufacturerModelName: 'Scan 9000', stationName: 'PETCT2' },
};
const volume: Volume = {
  size: [10, 7, 5],
  spacingMm: [2.5, 3, 4],
  originLps: [-12.5, 30, -40],
  direction: IDENTITY_DIRECTION,
  data: new Float32Array(350).fill(5),
};
writePetSeries(volume, join(root, 'pet'), {
  ...base,
  seriesDescription: 'PET record test',
  administeredAt: '2024-03-04T09:15:00',
  activityBq: 37e6,
  decayCorrection: 'START',
  frameDurationS: 600,
  reconstructionMethod: 'OSEM 4i16s PSF',
  convolutionKernel: 'Gauss 4.0',
});
writeCtSeries(volume, join(root, 'ct'), {
  ...base,
  seriesDescription: 'CT record test',
  convolutionKernel: 'B30f',
});

/** Patient's Name, Birth Date, Sex and Station Name of one file, as pydicom reads them. */
function pydicomIdentity(folder: string): string[] {
  const file = join(folder, readdirSync(folder)[0] ?? '');
  const script =
    'import json, sys, pydicom; d = pydicom.dcmread(sys.argv[1]); ' +
    'print(json.dumps([str(d.PatientName), d.PatientBirthDate, d.PatientSex, d.StationName]))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file]).toString()) as string[];
}

describe.skipIf(!pydicom).each(['pet', 'ct'])('series record of the written %s', (name) => {
  const folder = join(root, name);
  // Read in the tests, not while collecting them (pydicom may be missing).
  const load = () => {
    const series = readSeries(folder);
    return { series, record: seriesRecord(series), reference: readWithPydicom(folder) };
  };

  it('has the UIDs, description, scanner and grid pydicom reads', () => {
    const { record, reference } = load();
    expect(record.seriesInstanceUid).toBe(reference.seriesInstanceUids[0]);
    expect(record.studyInstanceUid).toBe(reference.studyInstanceUid);
    expect(record.frameOfReferenceUid).toBe(reference.frameOfReferenceUid);
    expect(record.modality).toBe(reference.modality);
    expect(record.scanner.model).toBe(reference.manufacturerModelName);
    expect(record.reconstruction.method).toBe(reference.reconstructionMethod);
    expect(record.reconstruction.convolutionKernel).toBe(reference.convolutionKernel);
    expect(record.reconstruction.sliceThicknessMm).toBe(reference.sliceThickness);
    expect(record.reconstruction.pixelSpacingMm).toEqual(reference.pixelSpacing);
    expect(record.reconstruction.pixelSpacingMm).toEqual([3, 2.5]);
    expect(record.reconstruction.matrix).toEqual({
      columns: reference.columns,
      rows: reference.rows,
      slices: reference.count,
    });
    expect(record.seriesDescription).toBe(name === 'pet' ? 'PET record test' : 'CT record test');
  });

  it('gives the patient identity and station pydicom reads', () => {
    const { series, record, reference } = load();
    const [patientName, birthDate, sex, station] = pydicomIdentity(folder);
    const patient = dicomPatient(series);
    expect(patient).toEqual({
      name: patientName,
      id: reference.patientId,
      birthDate: `${birthDate?.slice(0, 4)}-${birthDate?.slice(4, 6)}-${birthDate?.slice(6, 8)}`,
      sex,
    });
    expect(patient.birthDate).toBe('1961-07-14');
    expect(record.scanner).toEqual({
      manufacturer: 'ACME',
      model: 'Scan 9000',
      stationName: station,
    });
  });
});
