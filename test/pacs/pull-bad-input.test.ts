// Bad input of `iodose pull` / `iodose push` against a real Orthanc: each failure is one clear
// line, and the --out folder (and its parent) is left exactly as it was: nothing half-imported.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullStudies } from '../../src/app/pacs/pull.ts';
import { isUserError } from '../../src/core/errors.ts';
import { dicomWebClient } from '../../src/io/pacs/dicomweb/client.ts';
import { jsonText, TAG } from '../../src/io/pacs/dicomweb/dicom-json.ts';
import { openPacs } from '../../src/io/pacs/pacs-node.ts';
import { parsePacsAddress } from '../../src/io/pacs/pacs-url.ts';
import { stagedFolder } from '../../src/io/pacs/staged-folder.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { rewriteDicom, writeSmallCt, writeSmallPet } from '../helpers/dicom-corrupt.ts';
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

describe.skipIf(missing !== null)('iodose pull and push: bad input', () => {
  let server: OrthancServer;
  let dir: string;
  let studyUid: string;
  let files: string[];

  beforeAll(async () => {
    server = await startOrthanc();
    dir = tempDir('iodose-pacs-bad-');
    files = [...writeSmallPet(join(dir, 'pet')), ...writeSmallCt(join(dir, 'ct'))];
    for (const file of files) await uploadInstance(server, readFileSync(file));
    const studies = await dicomWebClient(server.dicomWebUrl).searchStudies();
    studyUid = jsonText(studies[0] ?? {}, TAG.studyInstanceUid);
  });
  afterAll(async () => server?.stop());

  /** Runs `iodose pull` into DIR/<name>; checks the failure left the parent folder as it was. */
  async function pullFails(url: string, study: string, name: string): Promise<string> {
    const parent = join(dir, `parent-${name}`);
    mkdirSync(join(parent, 'empty'), { recursive: true });
    const before = readdirSync(parent);
    const run = await runCli(['pull', url, '--study', study, '--out', join(parent, 'empty')]);
    expect(run.status).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(readdirSync(parent)).toEqual(before);
    expect(readdirSync(join(parent, 'empty'))).toEqual([]);
    return run.err[0] ?? '';
  }

  it('a pull from the valid series works (the baseline of the cases below)', async () => {
    const out = join(dir, 'ok');
    const run = await runCli(['pull', server.dicomWebUrl, '--study', studyUid, '--out', out]);
    expect(run.err).toEqual([]);
    expect(run.status).toBe(0);
    expect(readdirSync(out).sort()).toHaveLength(3); // two series folders and series.json
  });

  it('an unreachable PACS: "no answer ... connection refused"', async () => {
    const port = await freePort();
    const message = await pullFails(`http://127.0.0.1:${port}/dicom-web`, studyUid, 'refused');
    expect(message).toMatch(
      new RegExp(`no answer from http://127\\.0\\.0\\.1:${port}/dicom-web/.* connection refused`),
    );
  });

  it('a wrong DICOMweb root: the HTTP status and the URL, without credentials', async () => {
    const url = server.dicomWebUrl
      .replace('http://', 'http://user:secret@')
      .replace('dicom-web', 'nope');
    const message = await pullFails(url, studyUid, 'wrong-root');
    expect(message).toMatch(/answered HTTP 404/);
    expect(message).not.toMatch(/secret|user/);
  });

  it('an unknown study UID: "no study <uid> on <url>"', async () => {
    const message = await pullFails(server.dicomWebUrl, '1.2.3.4.5', 'unknown');
    expect(message).toBe(
      `iodose: --study: no study 1.2.3.4.5 on ${server.dicomWebUrl} (check the Study Instance UID (the PACS search lists the studies))`,
    );
  });

  it('a non-empty --out is refused before the PACS is asked, and left as it was', async () => {
    const out = join(dir, 'full');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep');
    const run = await runCli(['pull', server.dicomWebUrl, '--study', studyUid, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.err[0]).toMatch(/--out: already exists and is not an empty folder/);
    expect(readdirSync(out)).toEqual(['mine.txt']);
  });

  it('a series arriving incomplete is refused and nothing is left', async () => {
    const pacs = openPacs(parsePacsAddress(server.dicomWebUrl));
    const dropping = {
      ...pacs,
      retrieveSeries: async (study: string, series: string) =>
        (await pacs.retrieveSeries(study, series)).slice(1),
    };
    const out = join(dir, 'incomplete');
    const sink = stagedFolder(out);
    const error = await pullStudies({ pacs: dropping, studyUids: [studyUid], sink }).catch(
      (e: unknown) => e,
    );
    sink.abandon();
    expect(isUserError(error)).toBe(true);
    expect(String(error)).toMatch(/arrived incomplete: 3 of the 4 instances it lists arrived/);
    expect(readdirSync(dir).filter((f) => f.includes('incomplete'))).toEqual([]);
  });

  it('a push of a folder with a damaged .dcm sends nothing', async () => {
    const results = join(dir, 'results');
    mkdirSync(results);
    copyFileSync(files[0] ?? '', join(results, 'a.dcm'));
    writeFileSync(join(results, 'b.dcm'), readFileSync(files[1] ?? '').subarray(0, 300));
    const before = (await (await fetch(`${server.httpUrl}/instances`)).json()) as string[];
    const run = await runCli(['push', server.dicomWebUrl, results]);
    expect(run.status).toBe(2);
    expect(run.err[0]).toMatch(/b\.dcm/);
    const after = (await (await fetch(`${server.httpUrl}/instances`)).json()) as string[];
    expect(after.length).toBe(before.length);
  });

  it('a retrieved instance of another patient is refused too (a PACS that serves mixed series)', async () => {
    const pacs = openPacs(parsePacsAddress(server.dicomWebUrl));
    // The first series retrieved comes back with its last instance renamed to another patient.
    const intruder = join(dir, 'served.dcm');
    const mixing = {
      ...pacs,
      retrieveSeries: async (study: string, series: string) => {
        const got = await pacs.retrieveSeries(study, series);
        writeFileSync(intruder, got[3] ?? new Uint8Array());
        rewriteDicom(intruder, (dict) => {
          dict['00100020'] = { vr: 'LO', Value: ['SOMEONE-ELSE'] };
        });
        return [...got.slice(0, 3), readFileSync(intruder)];
      },
    };
    const sink = stagedFolder(join(dir, 'mixed'));
    const error = await pullStudies({ pacs: mixing, studyUids: [studyUid], sink }).catch(
      (e: unknown) => e,
    );
    sink.abandon();
    expect(String(error)).toMatch(
      /holds an instance of another patient \(SOP Instance [0-9.]+: PatientID "SOMEONE-ELSE", the others "C01"\)/,
    );
    expect(readdirSync(dir).filter((f) => f.includes('mixed'))).toEqual([]);
  });

  // Last: it changes what the PACS holds.
  it('a series with an instance of another patient is refused, nothing left', async () => {
    const intruder = join(dir, 'intruder.dcm');
    copyFileSync(files[0] ?? '', intruder);
    rewriteDicom(intruder, (dict) => {
      dict['00100020'] = { vr: 'LO', Value: ['OTHER-PATIENT'] };
      dict['00080018'] = { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.1234.99'] };
    });
    await uploadInstance(server, readFileSync(intruder));
    const message = await pullFails(server.dicomWebUrl, studyUid, 'intruder');
    expect(message).toMatch(
      /hold instances of more than one patient \(PatientID "C01" in series [0-9.]+, "OTHER-PATIENT" in series [0-9.]+\); nothing was imported/,
    );
    expect(message).toMatch(/nothing was imported/);
    expect(existsSync(join(dir, 'parent-intruder', 'empty'))).toBe(true);
  });
});
