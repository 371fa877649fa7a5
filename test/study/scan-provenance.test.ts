// Patient identity from the DICOM headers: the manifest id against the headers' Patient ID, and
// series that disagree. The warnings name series and attributes but never the identifiers (they
// may be printed; the identifiers belong in results.json and the report).
import { describe, expect, it } from 'vitest';
import type { DicomPatient } from '../../src/io/dicom/read/series-record.ts';
import {
  patientFromHeaders,
  recoveryScannerWarnings,
  type ImagingProvenance,
} from '../../src/study/scan-provenance.ts';

const ALICE: DicomPatient = { name: 'Doe^Alice', id: 'MRN123', birthDate: '1961-07-14', sex: 'F' };

function of(...patients: [string, DicomPatient][]): ImagingProvenance['patients'] {
  return patients.map(([series, patient]) => ({ series, patient }));
}

const identifiers = /Doe|Alice|Bob|MRN123|MRN999|1961|1970|P01/;

describe('patient identity from the headers', () => {
  it('matching headers: the identity, no warning', () => {
    const result = patientFromHeaders('MRN123', of(['pet24 PET', ALICE], ['pet24 CT', ALICE]));
    expect(result.warnings).toEqual([]);
    expect(result.dicom).toEqual({
      ...ALICE,
      matchesManifestId: true,
      consistent: true,
      series: ['pet24 PET', 'pet24 CT'],
    });
  });

  it('a manifest id other than the Patient ID: one warning naming the series, not the ids', () => {
    const result = patientFromHeaders('P01', of(['pet24 PET', ALICE], ['pet108 PET', ALICE]));
    expect(result.dicom?.matchesManifestId).toBe(false);
    expect(result.dicom?.id).toBe('MRN123');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(
      "the manifest's patient id differs from the Patient ID (0010,0020)",
    );
    expect(result.warnings[0]).toContain('pet24 PET, pet108 PET');
    expect(result.warnings.join(' ')).not.toMatch(identifiers);
  });

  it('sessions whose headers disagree: a warning per attribute, grouping the series', () => {
    const bob: DicomPatient = { name: 'Doe^Bob', id: 'MRN999', birthDate: '1970-01-02', sex: 'F' };
    const result = patientFromHeaders(
      'MRN123',
      of(['pet24 PET', ALICE], ['pet24 CT', ALICE], ['pet108 PET', bob]),
    );
    expect(result.dicom?.consistent).toBe(false);
    expect(result.warnings.filter((w) => w.startsWith('the DICOM headers disagree'))).toHaveLength(
      3,
    );
    expect(result.warnings[0]).toContain(
      "Patient's Name (0010,0010) differs between the series (pet24 PET, pet24 CT | pet108 PET)",
    );
    expect(result.warnings.some((w) => w.includes('Patient ID (0010,0020) differs'))).toBe(true);
    expect(result.warnings.some((w) => w.includes('Birth Date (0010,0030) differs'))).toBe(true);
    expect(result.warnings.some((w) => w.includes('Sex'))).toBe(false);
    expect(result.warnings.some((w) => w.includes('header of pet108 PET'))).toBe(true);
    expect(result.warnings.join(' ')).not.toMatch(identifiers);
  });

  it('no images, or headers without a patient: null, no warning', () => {
    expect(patientFromHeaders('P01', [])).toEqual({ dicom: null, warnings: [] });
    const empty: DicomPatient = { name: null, id: null, birthDate: null, sex: null };
    expect(patientFromHeaders('P01', of(['pet24 PET', empty]))).toEqual({
      dicom: null,
      warnings: [],
    });
  });
});

describe('recovery curve scanner', () => {
  const scan = (id: string, manufacturer: string, model: string) => ({
    id,
    pet: { scanner: { manufacturer, model, stationName: null } },
    ct: null,
  });
  const imaging = {
    scans: [scan('pet24', 'ACME', 'Scan 9000'), scan('pet108', 'Other', 'X1')],
    extraCts: [],
    patients: [],
  } as unknown as ImagingProvenance;
  const recovery = (model: string) => ({
    path: './r.json',
    sha256: '0'.repeat(64),
    scanner: { Manufacturer: 'ACME', ManufacturerModelName: model },
  });

  it('warns for the scans from another scanner model than the calibration', () => {
    const warnings = recoveryScannerWarnings(recovery('Scan 9000'), imaging);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'calibrated on ACME Scan 9000, but the PET of scan pet108 is from Other X1',
    );
  });

  it('says nothing without a recovery file, images, or a scanner named in the file', () => {
    expect(recoveryScannerWarnings(null, imaging)).toEqual([]);
    expect(recoveryScannerWarnings(recovery('Scan 9000'), null)).toEqual([]);
    expect(recoveryScannerWarnings({ ...recovery('x'), scanner: {} }, imaging)).toEqual([]);
  });
});
