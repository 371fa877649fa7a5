// DIMSE with a real PACS: Orthanc's DICOM port on loopback, reached through dcmtk's tools
// (C-ECHO, C-FIND, C-GET, C-STORE). The calling AE title of the tests is the one modality
// Orthanc knows (by host too); another title is refused at association.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesPlan } from '../../src/app/pacs/series-plan.ts';
import { parseInstance } from '../../src/io/dicom/read/parse-instance.ts';
import { dimseEcho } from '../../src/io/pacs/dimse/dimse-node.ts';
import { hasCommand, warnMissing } from '../helpers/external-tools.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { writeSmallCt, writeSmallPet } from '../helpers/dicom-corrupt.ts';
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
const dcmtk = ['echoscu', 'findscu', 'getscu', 'storescu'].every((tool) => hasCommand(tool));
if (!dcmtk) warnMissing('dcmtk', 'DIMSE tests (echoscu, findscu, getscu, storescu)');

/** Pixel Data and SOP Instance UID of a file, for comparing instances across transfers. */
function identity(bytes: Uint8Array): string {
  const instance = parseInstance({ bytes, source: 'x' });
  const pixels = instance?.pixelData;
  const data = pixels !== null && pixels !== undefined && !pixels.encapsulated ? pixels.bytes : [];
  return `${String(instance?.dataset['SOPInstanceUID'])}:${Buffer.from(data).toString('base64')}`;
}

describe.skipIf(missing !== null || !dcmtk)('DIMSE pull and push with Orthanc (dcmtk)', () => {
  let server: OrthancServer;
  let dir: string;
  let files: string[];
  let url: string;
  let studyUid: string;

  beforeAll(async () => {
    const port = await freePort();
    server = await startOrthanc({
      dicom: true,
      aet: 'ORTHANCTEST',
      modalities: { iodose: { aet: 'IODOSE', host: '127.0.0.1', port } },
    });
    url = `dicom://ORTHANCTEST@127.0.0.1:${server.dicomPort}`;
    dir = tempDir('iodose-dimse-');
    files = [...writeSmallPet(join(dir, 'pet')), ...writeSmallCt(join(dir, 'ct'))];
    for (const file of files) await uploadInstance(server, readFileSync(file));
    const studies = (await (await fetch(`${server.httpUrl}/studies?expand`)).json()) as {
      MainDicomTags: { StudyInstanceUID: string };
    }[];
    studyUid = studies[0]?.MainDicomTags.StudyInstanceUID ?? '';
  });
  afterAll(async () => server?.stop());

  const target = () => ({
    host: '127.0.0.1',
    port: server.dicomPort,
    calledAet: 'ORTHANCTEST',
    callingAet: 'IODOSE',
    label: url,
    timeoutMs: 10_000,
  });

  it('C-ECHO answers for the known title and is refused for another', async () => {
    await expect(dimseEcho(target())).resolves.toBeUndefined();
    await expect(dimseEcho({ ...target(), callingAet: 'STRANGER' })).rejects.toThrow(
      /refused the association for C-ECHO \(Calling AE Title Not Recognized\)/,
    );
  });

  it('pulls the study by C-FIND + C-GET: same instances and pixels, series.json pairs PET and CT', async () => {
    const out = join(dir, 'pulled');
    const run = await runCli(['pull', url, '--study', studyUid, '--out', out, '--aet', 'IODOSE']);
    expect(run.err).toEqual([]);
    expect(run.status).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, 'series.json'), 'utf8')) as SeriesPlan;
    expect(plan.series.map((s) => s.modality).sort()).toEqual(['CT', 'PT']);
    expect(plan.sessions).toHaveLength(1);
    expect(plan.sessions[0]?.ct).toBe(plan.series.find((s) => s.modality === 'CT')?.folder);
    const pulled = plan.series.flatMap((s) =>
      readdirSync(join(out, s.folder)).map((f) => identity(readFileSync(join(out, s.folder, f)))),
    );
    expect(pulled.sort()).toEqual(files.map((f) => identity(readFileSync(f))).sort());
  });

  it('a refused association and an unknown study: one line each, --out untouched', async () => {
    const out = join(dir, 'refused');
    const refused = await runCli([
      'pull',
      url,
      '--study',
      studyUid,
      '--out',
      out,
      '--aet',
      'NOBODY',
    ]);
    expect(refused.status).toBe(2);
    expect(refused.err).toEqual([
      expect.stringMatching(
        /refused the association for C-FIND \(SERIES\) \(Calling AE Title Not Recognized\)/,
      ),
    ]);
    const unknown = await runCli([
      'pull',
      url,
      '--study',
      '1.2.3.4',
      '--out',
      out,
      '--aet',
      'IODOSE',
    ]);
    expect(unknown.err).toEqual([
      `iodose: --study: no study 1.2.3.4 on ${url} (check the Study Instance UID (the PACS search lists the studies))`,
    ]);
    const port = await freePort();
    const nobody = await runCli([
      'pull',
      `dicom://X@127.0.0.1:${port}`,
      '--study',
      studyUid,
      '--out',
      out,
    ]);
    expect(nobody.err[0]).toMatch(
      /no answer from dicom:\/\/X@127\.0\.0\.1:\d+ \(C-FIND \(SERIES\)\)/,
    );
    expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual([]);
  });

  it('pushes new instances by C-STORE', async () => {
    const results = join(dir, 'results');
    writeSmallPet(join(results, 'more'));
    const before = ((await (await fetch(`${server.httpUrl}/instances`)).json()) as string[]).length;
    const run = await runCli(['push', url, results, '--aet', 'IODOSE']);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toMatch(/^stored 4 instances \(4 PT;/);
    const after = ((await (await fetch(`${server.httpUrl}/instances`)).json()) as string[]).length;
    expect(after).toBe(before + 4);
  });
});
