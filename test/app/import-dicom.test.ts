// The import use case's pure parts (src/app/import-dicom.ts): the header fields the store records
// (read back from dcmjs-written files) and the sessions proposed from a timepoint's series.
import { describe, expect, it } from 'vitest';
import {
  instanceHeader,
  proposeSessions,
  type ProposalSeries,
} from '../../src/app/import-dicom.ts';
import { InputError } from '../../src/core/errors.ts';
import { seriesInstances } from '../fixtures/dicom/make-series.ts';
import { ctSpec, PT_UID, ptSpec } from '../store/import-fixtures.ts';

describe('instanceHeader', () => {
  it('reads UIDs, modality, description, series time and Patient ID from the header', () => {
    const [first] = seriesInstances(ptSpec());
    const parsed = instanceHeader(first?.bytes ?? new Uint8Array(), 'pt.dcm');
    expect(parsed).toEqual({
      header: {
        sopInstanceUid: expect.stringMatching(
          new RegExp(`^${PT_UID.replace(/\./g, '\\.')}\\.\\d$`),
        ),
        seriesInstanceUid: PT_UID,
        studyInstanceUid: '1.2.826.0.1.3680043.9.7433.2.1',
        frameOfReferenceUid: '1.2.826.0.1.3680043.9.7433.3.1',
        modality: 'PT',
        description: 'PT test',
        acquiredAt: '2024-03-05T09:00:00',
        patientId: 'TEST01',
      },
    });
  });

  it('falls back to the acquisition time, and skips what is not DICOM', () => {
    const spec = ctSpec({ SeriesDate: undefined, SeriesTime: undefined });
    const withAcquisition = {
      ...spec,
      extra: { ...spec.extra, AcquisitionDate: '20240306', AcquisitionTime: '101500' },
    };
    const [ct] = seriesInstances(withAcquisition);
    const parsed = instanceHeader(ct?.bytes ?? new Uint8Array(), 'ct.dcm');
    expect('header' in parsed && parsed.header.acquiredAt).toBe('2024-03-06T10:15:00');
    expect(instanceHeader(new TextEncoder().encode('hello'), 'a.txt')).toEqual({
      skipped: expect.stringMatching(/not a DICOM file/),
    });
  });

  it('refuses damaged DICOM with an InputError naming the source', () => {
    const [first] = seriesInstances(ptSpec());
    const cut = (first?.bytes ?? new Uint8Array()).slice(0, 400);
    expect(() => instanceHeader(cut, 'cut.dcm')).toThrow(InputError);
    expect(() => instanceHeader(cut, 'cut.dcm')).toThrow(/cut\.dcm/);
  });
});

const series = (
  id: number,
  modality: string,
  acquiredAt: string | null,
  study = 'S1',
  frame: string | null = 'F1',
): ProposalSeries => ({
  id,
  modality,
  acquiredAt,
  studyInstanceUid: study,
  frameOfReferenceUid: frame,
});

describe('proposeSessions', () => {
  const list = [
    series(1, 'CT', '2024-03-09T21:00:00', 'S2', 'F2'),
    series(2, 'PT', '2024-03-09T21:10:00', 'S2', 'F2'),
    series(3, 'PT', '2024-03-05T09:00:00', 'S1', 'F1'),
    series(4, 'CT', '2024-03-05T08:55:00', 'S1', 'F1'),
    series(5, 'SEG', '2024-03-05T10:00:00', 'S1', 'F1'),
  ];

  it('labels by whole hours after the administration, PETs in acquisition order', () => {
    // 2024-03-04 09:15 -> 03-05 09:00 is 23.75 h; -> 03-09 21:10 is 131.92 h.
    expect(proposeSessions(list, '2024-03-04T09:15:00')).toEqual([
      { label: 'pet24', petSeriesId: 3, ctSeriesId: 4 },
      { label: 'pet132', petSeriesId: 2, ctSeriesId: 1 },
    ]);
  });

  it('labels by order without the tracer, and pairs by study when the frame differs', () => {
    const noFrame = [
      series(7, 'PT', '2024-03-05T09:00:00', 'S1', null),
      series(8, 'CT', null, 'S1', 'X'),
    ];
    expect(proposeSessions([...list, ...noFrame], null).map((s) => s.label)).toEqual([
      'pet1',
      'pet2',
      'pet3',
    ]);
    expect(proposeSessions(noFrame, null)).toEqual([
      { label: 'pet1', petSeriesId: 7, ctSeriesId: 8 },
    ]);
    expect(proposeSessions([series(9, 'PT', null, 'S9', 'F9')], null)).toEqual([
      { label: 'pet1', petSeriesId: 9, ctSeriesId: null },
    ]);
  });

  it('gives two PETs of the same hour distinct labels', () => {
    const twice = [series(1, 'PT', '2024-03-05T09:00:00'), series(2, 'PT', '2024-03-05T09:20:00')];
    const labels = proposeSessions(twice, '2024-03-04T09:15:00').map((s) => s.label);
    expect(labels).toEqual(['pet24', 'pet2']);
  });
});
