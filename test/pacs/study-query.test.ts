// The search form's values as DICOM matching keys (PS3.4 C.2.2.2): a name without a wildcard
// matches as a prefix, dates as YYYYMMDD or ranges (ISO dates accepted), bad values refused with
// the field named.
import { describe, expect, it } from 'vitest';
import { studyQuery } from '../../src/app/pacs/study-search.ts';
import { inputErrorOf } from '../helpers/input-error.ts';

describe('studyQuery', () => {
  it('turns the form values into matching keys', () => {
    expect(studyQuery({})).toEqual({});
    expect(studyQuery({ patientId: ' P01 ', patientName: '', studyDate: undefined })).toEqual({
      patientId: 'P01',
    });
    expect(studyQuery({ patientName: 'DOE' })).toEqual({ patientName: 'DOE*' });
    expect(studyQuery({ patientName: 'DOE^J?NE' })).toEqual({ patientName: 'DOE^J?NE' });
    expect(studyQuery({ studyDate: '2024-03-05' })).toEqual({ studyDate: '20240305' });
    expect(studyQuery({ studyDate: '20240301 - 20240331' })).toEqual({
      studyDate: '20240301-20240331',
    });
    expect(studyQuery({ studyDate: '-20240331' })).toEqual({ studyDate: '-20240331' });
    expect(studyQuery({ studyDate: '20240301-' })).toEqual({ studyDate: '20240301-' });
  });

  it('refuses bad values, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ studyDate: '20240230' }, 'studyDate'],
      [{ studyDate: 'March' }, 'studyDate'],
      [{ studyDate: '-' }, 'studyDate'],
      [{ patientId: 'A\\B' }, 'patientId'],
      [{ patientName: 'x'.repeat(65) }, 'patientName'],
      [{ accession: '1' }, 'accession'],
    ];
    for (const [input, field] of cases) {
      expect(inputErrorOf(() => studyQuery(input)).field, JSON.stringify(input)).toBe(field);
    }
  });
});
