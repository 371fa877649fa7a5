// series.json's sessions: PT paired with the CT of its Frame of Reference, in acquisition order,
// scan ids from the hours after administration (hand-computed below).
import { describe, expect, it } from 'vitest';
import { pairSessions, tracerOf, type PulledSeries } from '../../src/app/pacs/series-plan.ts';
import { parsePacsAddress, redactUrl } from '../../src/io/pacs/pacs-url.ts';

const series = (over: Partial<PulledSeries>): PulledSeries => ({
  folder: 'x',
  studyInstanceUid: '1.1',
  seriesInstanceUid: '1.2',
  modality: 'PT',
  seriesDescription: '',
  seriesNumber: 1,
  instances: 10,
  frameOfReferenceUid: null,
  acquiredAt: null,
  administeredAt: null,
  radiopharmaceutical: '',
  tracer: null,
  ...over,
});

describe('pairSessions', () => {
  it('pairs each PET with the CT of its Frame of Reference, ordered by acquisition', () => {
    const admin = '2024-03-04T09:15:00';
    const sessions = pairSessions([
      series({
        folder: 'pt-b',
        frameOfReferenceUid: '9.2',
        acquiredAt: '2024-03-08T21:15:00',
        administeredAt: admin,
      }),
      series({
        folder: 'ct-a',
        modality: 'CT',
        frameOfReferenceUid: '9.1',
        acquiredAt: '2024-03-05T09:10:00',
      }),
      series({
        folder: 'pt-a',
        frameOfReferenceUid: '9.1',
        acquiredAt: '2024-03-05T09:15:00',
        administeredAt: admin,
      }),
      series({
        folder: 'ct-b',
        modality: 'CT',
        frameOfReferenceUid: '9.2',
        acquiredAt: '2024-03-08T21:00:00',
      }),
      series({ folder: 'seg', modality: 'SEG', frameOfReferenceUid: '9.1' }),
    ]);
    // 09:15 on the 4th to 09:15 on the 5th = 24 h; to 21:15 on the 8th = 4 d 12 h = 108 h.
    expect(sessions).toEqual([
      {
        scanId: 'pet24',
        pet: 'pt-a',
        ct: 'ct-a',
        acquiredAt: '2024-03-05T09:15:00',
        hoursAfterAdministration: 24,
        tracer: null,
      },
      {
        scanId: 'pet108',
        pet: 'pt-b',
        ct: 'ct-b',
        acquiredAt: '2024-03-08T21:15:00',
        hoursAfterAdministration: 108,
        tracer: null,
      },
    ]);
  });

  it('takes the nearest CT of a shared Frame of Reference; numbers sessions without times', () => {
    const sessions = pairSessions([
      series({
        folder: 'ct-early',
        modality: 'CT',
        frameOfReferenceUid: '7',
        acquiredAt: '2024-01-01T08:00:00',
      }),
      series({
        folder: 'ct-late',
        modality: 'CT',
        frameOfReferenceUid: '7',
        acquiredAt: '2024-01-01T12:00:00',
      }),
      series({ folder: 'pt', frameOfReferenceUid: '7', acquiredAt: '2024-01-01T11:50:00' }),
      series({ folder: 'pt-alone', frameOfReferenceUid: '8' }),
    ]);
    expect(sessions.map((s) => [s.scanId, s.pet, s.ct])).toEqual([
      ['pet1', 'pt', 'ct-late'],
      ['pet2', 'pt-alone', null],
    ]);
  });

  it('makes repeated scan ids unique', () => {
    const admin = '2024-01-01T08:00:00';
    const sessions = pairSessions([
      series({ folder: 'a', acquiredAt: '2024-01-02T08:00:00', administeredAt: admin }),
      series({ folder: 'b', acquiredAt: '2024-01-02T08:10:00', administeredAt: admin }),
    ]);
    expect(sessions.map((s) => s.scanId)).toEqual(['pet24', 'pet24-2']);
  });

  it('names FDG sessions fdg1, fdg2 apart from the 124I sessions', () => {
    const admin = '2024-01-01T08:00:00';
    const sessions = pairSessions([
      series({ folder: 'i', acquiredAt: '2024-01-02T08:00:00', administeredAt: admin }),
      series({ folder: 'f1', acquiredAt: '2024-01-01T09:00:00', tracer: 'F-18' }),
      series({ folder: 'f2', acquiredAt: '2024-02-01T09:00:00', tracer: 'F-18' }),
    ]);
    expect(sessions.map((s) => [s.scanId, s.pet, s.tracer])).toEqual([
      ['fdg1', 'f1', 'F-18'],
      ['pet24', 'i', null],
      ['fdg2', 'f2', 'F-18'],
    ]);
  });
});

describe('tracerOf', () => {
  it('names 124I and 18F from the header half-life (s -> h), within 2%, and nothing else', () => {
    // ICRP-107: 124I 4.1760 d = 100.224 h; 18F 109.77 min. Scanner headers as written in the wild.
    expect(tracerOf(360806 / 3600)).toBe('I-124');
    expect(tracerOf(6586.2 / 3600)).toBe('F-18');
    expect(tracerOf(6588 / 3600)).toBe('F-18');
    // 131I 8.0252 d, 68Ga 67.71 min, 89Zr 78.41 h, 11C 20.36 min: none of them.
    for (const h of [8.0252 * 24, 67.71 / 60, 78.41, 20.36 / 60]) expect(tracerOf(h)).toBeNull();
    expect(tracerOf(null)).toBeNull();
  });
});

describe('parsePacsAddress', () => {
  it('reads DICOMweb roots and dicom://AET@host:port, and hides credentials', () => {
    expect(parsePacsAddress('http://u:p@pacs:8042/dicom-web/')).toEqual({
      kind: 'dicomweb',
      root: 'http://u:p@pacs:8042/dicom-web',
      label: 'http://pacs:8042/dicom-web',
    });
    expect(parsePacsAddress('dicom://ORTHANC@127.0.0.1:4242')).toMatchObject({
      kind: 'dimse',
      calledAet: 'ORTHANC',
      host: '127.0.0.1',
      port: 4242,
    });
    expect(redactUrl('https://a:b@h/x')).toBe('https://h/x');
  });

  it('refuses other schemes, bad AE titles and ports with one clear line', () => {
    expect(() => parsePacsAddress('ftp://h/x')).toThrow(/neither http\(s\):\/\/ nor dicom:\/\//);
    expect(() => parsePacsAddress('dicom://THIS-TITLE-IS-TOO-LONG@h:104')).toThrow(
      /not an AE title/,
    );
    expect(() => parsePacsAddress('dicom://AE@h:70000')).toThrow(/port 70000 is not 1-65535/);
    expect(() => parsePacsAddress('not a url')).toThrow(/is not a PACS address/);
  });
});

describe('iodose --help', () => {
  it('lists pull and push', async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const help = (await runCli(['--help'])).out.join('\n');
    expect(help).toMatch(/pull \[options\] <url>\s+fetch studies from a PACS/);
    expect(help).toMatch(/push \[options\] <url> <results>\s+store the DICOM results/);
    const pull = await runCli(['pull', 'http://127.0.0.1:9/dicom-web', '--out', 'x']);
    expect(pull.status).toBe(2);
    expect(pull.err).toEqual(['iodose: --study: is missing (give --study STUDY_UID (repeatable))']);
    const wild = await runCli(['pull', 'dicom://A@127.0.0.1:9', '--study', '1.2*', '--out', 'x']);
    expect(wild.err).toEqual([
      'iodose: --study: "1.2*" is not a Study Instance UID (digits and dots, at most 64 characters) (copy the Study Instance UID (0020,000D) from the PACS)',
    ]);
  });
});
