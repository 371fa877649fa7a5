// The PACS port's echo and study search against a real Orthanc, over DICOMweb (QIDO-RS /studies)
// and DIMSE (C-ECHO, C-FIND at STUDY level through dcmtk): one small PET/CT study whose patient,
// date and description the test writes itself, found by each key and not found by others; an
// unreachable node and a refused association are one clear InputError each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { openPacs } from '../../src/io/pacs/pacs-node.ts';
import type { PacsNode } from '../../src/io/pacs/pacs-port.ts';
import { parsePacsAddress } from '../../src/io/pacs/pacs-url.ts';
import { tempDir } from '../helpers/cli.ts';
import { writeSmallCt, writeSmallPet } from '../helpers/dicom-corrupt.ts';
import { hasCommand, warnMissing } from '../helpers/external-tools.ts';
import {
  freePort,
  orthancMissing,
  startOrthanc,
  uploadInstance,
  warnOrthancMissing,
  type OrthancServer,
} from '../helpers/orthanc.ts';

const missing = orthancMissing();
if (missing !== null) warnOrthancMissing(missing);
const dcmtk = ['echoscu', 'findscu'].every((tool) => hasCommand(tool));
if (!dcmtk) warnMissing('dcmtk', 'the DIMSE echo and study search (echoscu, findscu)');

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe.skipIf(missing !== null)('PACS echo and study search (Orthanc)', () => {
  let server: OrthancServer;
  let studyUid: string;
  const nodes: [string, () => PacsNode][] = [
    ['DICOMweb', () => openPacs(parsePacsAddress(server.dicomWebUrl))],
  ];
  if (dcmtk) {
    nodes.push([
      'DIMSE',
      () =>
        openPacs(parsePacsAddress(`dicom://ORTHANCQ@127.0.0.1:${server.dicomPort}`), {
          callingAet: 'IODOSE',
        }),
    ]);
  }

  beforeAll(async () => {
    server = await startOrthanc({
      dicom: true,
      aet: 'ORTHANCQ',
      modalities: { iodose: { aet: 'IODOSE', host: '127.0.0.1', port: await freePort() } },
    });
    const dir = tempDir('iodose-search-');
    // Patient C01 "Corrupt^Test", study 2024-03-05 "corrupt" (test/helpers/dicom-corrupt.ts).
    const files = [...writeSmallPet(join(dir, 'pet')), ...writeSmallCt(join(dir, 'ct'))];
    for (const file of files) await uploadInstance(server, readFileSync(file));
    const studies = (await (await fetch(`${server.httpUrl}/studies?expand`)).json()) as {
      MainDicomTags: { StudyInstanceUID: string };
    }[];
    studyUid = studies[0]?.MainDicomTags.StudyInstanceUID ?? '';
  });
  afterAll(async () => server?.stop());

  describe.each(nodes)('%s', (_name, node) => {
    it('echoes', async () => {
      await expect(node().echo()).resolves.toBeUndefined();
    });

    it('lists the study with its patient, date, description, modalities and series count', async () => {
      const found = await node().searchStudies({});
      expect(found).toHaveLength(1);
      const study = found[0];
      expect({ ...study, modalitiesInStudy: [...(study?.modalitiesInStudy ?? [])].sort() }).toEqual(
        {
          studyInstanceUid: studyUid,
          patientId: 'C01',
          patientName: 'Corrupt^Test',
          studyDate: '20240305',
          studyDescription: 'corrupt',
          modalitiesInStudy: ['CT', 'PT'],
          seriesCount: 2,
        },
      );
    });

    it('matches by patient ID, name (wildcard) and date range, and finds nothing for others', async () => {
      const count = async (query: Parameters<PacsNode['searchStudies']>[0]) =>
        (await node().searchStudies(query)).length;
      expect(await count({ patientId: 'C01' })).toBe(1);
      expect(await count({ patientId: 'C02' })).toBe(0);
      expect(await count({ patientName: 'Corrupt*' })).toBe(1);
      expect(await count({ patientName: 'Other*' })).toBe(0);
      expect(await count({ studyDate: '20240301-20240310' })).toBe(1);
      expect(await count({ studyDate: '20250101' })).toBe(0);
    });
  });

  it('an unreachable node is one clear error (DICOMweb and DIMSE)', async () => {
    const port = await freePort();
    const web = await rejection(
      openPacs(parsePacsAddress(`http://127.0.0.1:${port}/dicom-web`)).echo(),
    );
    expect(web.message).toMatch(
      /no answer from http:\/\/127\.0\.0\.1:\d+\/dicom-web.*connection refused/,
    );
    if (!dcmtk) return;
    const dimse = await rejection(
      openPacs(parsePacsAddress(`dicom://ORTHANCQ@127.0.0.1:${port}`), { timeoutMs: 5000 }).echo(),
    );
    expect(dimse.message).toMatch(/no answer from dicom:\/\/ORTHANCQ@127\.0\.0\.1/);
  });

  it.skipIf(!dcmtk)(
    'a calling AE title the PACS does not know is refused at association',
    async () => {
      const url = `dicom://ORTHANCQ@127.0.0.1:${server.dicomPort}`;
      const error = await rejection(
        openPacs(parsePacsAddress(url), { callingAet: 'STRANGER' }).echo(),
      );
      expect(error.message).toMatch(/refused the association for C-ECHO/);
      expect(error.hint).toMatch(/STRANGER/);
    },
  );
});
