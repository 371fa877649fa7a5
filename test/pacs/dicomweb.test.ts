// Round trip with a real PACS (Debian's Orthanc with its DICOMweb plugin, on loopback): the demo
// patient's two sessions are uploaded through Orthanc's own REST API, `iodose pull` fetches them
// over DICOMweb (QIDO-RS + WADO-RS), the pulled files equal the originals byte for byte,
// `iodose run` computes the study from the pulled folders, `iodose push` stores its DICOM results
// (STOW-RS: a SEG per session, the RT Dose, the TID 1500 SR and the Encapsulated PDF), QIDO-RS
// lists them in the patient's studies, and pydicom reads the SR fetched back from Orthanc with the
// lesion doses of results.json. Then the same through DIMSE (dcmtk's tools against Orthanc's
// DICOM port): pull by C-FIND + C-GET, push by C-STORE.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SeriesPlan } from '../../src/app/pacs/series-plan.ts';
import { buildPatientPhantom } from '../../src/demo/patient-phantom.ts';
import {
  writePatientPhantom,
  type WrittenPatientPhantom,
} from '../../src/demo/write-patient-phantom.ts';
import { dicomWebClient } from '../../src/io/pacs/dicomweb/client.ts';
import { jsonText, TAG } from '../../src/io/pacs/dicomweb/dicom-json.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { parseInstance } from '../../src/io/dicom/read/parse-instance.ts';
import { hasCommand, hasPydicom, warnMissing } from '../helpers/external-tools.ts';
import { measurementOf, readSrWithPydicom } from '../helpers/sr-readback.ts';
import type { StudyResults } from '../../src/study/results.ts';
import {
  freePort,
  instancesOfModality,
  orthancMissing,
  startOrthanc,
  uploadInstance,
  warnOrthancMissing,
  type OrthancServer,
} from '../helpers/orthanc.ts';

const missing = orthancMissing();
if (missing !== null) warnOrthancMissing(missing);
const dcmtk = ['findscu', 'getscu', 'storescu'].every((tool) => hasCommand(tool));
if (!dcmtk) warnMissing('dcmtk', 'the DIMSE round trip (findscu, getscu, storescu)');
const pydicom = hasPydicom();
if (!pydicom) warnMissing('python3-pydicom', 'reading the SR back from Orthanc');

/** The Study Instance UID of the demo's first session (pet24), from its first PET file. */
function firstSessionStudy(written: WrittenPatientPhantom): string {
  const pet = written.series['pet24']?.pet;
  const bytes = readFileSync(join(pet?.folder ?? '', pet?.files[0] ?? ''));
  return String(parseInstance({ bytes, source: 'pet24' })?.dataset['StudyInstanceUID']);
}

/** The results' DICOM objects by kind, as the run wrote them. */
const RESULT_MODALITIES = 'SEG\\RTDOSE\\SR\\DOC';

/**
 * Fetches the SR stored in Orthanc, reads it with pydicom and checks its lesion doses against
 * results.json (the same doubles) and its study (the first session's).
 */
async function expectSrInOrthanc(
  server: OrthancServer,
  resultsDir: string,
  scratch: string,
  studyUid: string,
): Promise<void> {
  const srs = await instancesOfModality(server, 'SR');
  expect(srs).toHaveLength(1);
  expect(srs[0]?.studyInstanceUid).toBe(studyUid);
  if (!pydicom) return;
  const file = join(scratch, 'from-orthanc.sr.dcm');
  writeFileSync(file, srs[0]?.bytes ?? new Uint8Array());
  const sr = readSrWithPydicom(file);
  const results = JSON.parse(
    readFileSync(join(resultsDir, 'results.json'), 'utf8'),
  ) as StudyResults;
  expect(results.lesions.length).toBeGreaterThan(0);
  for (const lesion of results.lesions) {
    const group = sr.groups.find(
      (g) => g.trackingId === `lesion ${lesion.id}` && g.timePoint === undefined,
    );
    expect(group && measurementOf(group, 'DPA')?.value).toBe(lesion.doseGyPerGBq);
    expect(group && measurementOf(group, '128513')?.value).toBe(lesion.doseAtTherapyGy);
    expect(group && measurementOf(group, '128513')?.sigma).toBe(lesion.doseAtTherapySigmaGy);
  }
}

/** Series sorted by their UID (QIDO and C-FIND list them in no fixed order). */
function sortBy(series: SeriesPlan['series']): SeriesPlan['series'] {
  return [...series].sort((a, b) => a.seriesInstanceUid.localeCompare(b.seriesInstanceUid));
}

/** SOP Instance UID and Pixel Data of a file (C-GET's receiver writes its own meta header). */
function identity(bytes: Uint8Array): string {
  const instance = parseInstance({ bytes, source: 'x' });
  const pixels = instance?.pixelData;
  const data = pixels !== null && pixels !== undefined && !pixels.encapsulated ? pixels.bytes : [];
  return `${String(instance?.dataset['SOPInstanceUID'])}:${Buffer.from(data).toString('base64')}`;
}

describe.skipIf(missing !== null)('DICOMweb round trip with Orthanc', () => {
  let server: OrthancServer;
  let dir: string;
  let written: WrittenPatientPhantom;
  let studyUids: string[];
  const pulled = (): string => join(dir, 'pulled');

  beforeAll(async () => {
    server = await startOrthanc({
      dicom: true,
      aet: 'ORTHANCRT',
      modalities: { iodose: { aet: 'IODOSE', host: '127.0.0.1', port: await freePort() } },
    });
    dir = tempDir('iodose-pacs-');
    written = writePatientPhantom(join(dir, 'patient'), buildPatientPhantom());
    const started = performance.now();
    for (const session of Object.values(written.series)) {
      for (const series of [session.pet, session.ct]) {
        for (const file of series.files) {
          await uploadInstance(server, readFileSync(join(series.folder, file)));
        }
      }
    }
    console.log(
      `uploaded 4 series to Orthanc in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const studies = await dicomWebClient(server.dicomWebUrl).searchStudies();
    studyUids = studies.map((s) => jsonText(s, TAG.studyInstanceUid)).sort();
  });
  afterAll(async () => server?.stop());

  it('pulls both sessions: one folder per series, series.json pairs each PET with its CT', async () => {
    expect(studyUids).toHaveLength(2);
    const args = ['pull', server.dicomWebUrl, '--out', pulled()];
    for (const uid of studyUids) args.push('--study', uid);
    const started = performance.now();
    const run = await runCli(args);
    console.log(`pull: ${((performance.now() - started) / 1000).toFixed(1)} s; ${run.out[0]}`);
    expect(run.err).toEqual([]);
    expect(run.status).toBe(0);
    const plan = JSON.parse(readFileSync(join(pulled(), 'series.json'), 'utf8')) as SeriesPlan;
    expect(plan.patientId).toBe('PHANTOM-01');
    expect(plan.studies).toEqual(studyUids);
    expect(plan.series).toHaveLength(4);
    const folderOf = (uid: string): string =>
      plan.series.find((s) => s.seriesInstanceUid === uid)?.folder ?? '(missing)';
    // The demo's sessions are 24 h and 108 h after administration (src/demo/patient-phantom.ts).
    expect(plan.sessions.map((s) => s.scanId)).toEqual(['pet24', 'pet108']);
    for (const session of plan.sessions) {
      const truth = written.series[session.scanId];
      expect(session.pet).toBe(folderOf(truth?.pet.seriesInstanceUid ?? ''));
      expect(session.ct).toBe(folderOf(truth?.ct.seriesInstanceUid ?? ''));
    }
    for (const s of plan.series) {
      expect(s.instances).toBe(100);
      expect(readdirSync(join(pulled(), s.folder))).toHaveLength(100);
      expect(s.modality).toBe(s.folder.startsWith('pt-') ? 'PT' : 'CT');
    }
  });

  it('pulled files equal the originals byte for byte', () => {
    const plan = JSON.parse(readFileSync(join(pulled(), 'series.json'), 'utf8')) as SeriesPlan;
    let compared = 0;
    for (const session of Object.values(written.series)) {
      for (const series of [session.pet, session.ct]) {
        const folder = plan.series.find((s) => s.seriesInstanceUid === series.seriesInstanceUid);
        const pulledFiles = readdirSync(join(pulled(), folder?.folder ?? ''));
        const byContent = new Set(
          pulledFiles.map((f) =>
            readFileSync(join(pulled(), folder?.folder ?? '', f)).toString('base64'),
          ),
        );
        for (const file of series.files) {
          expect(byContent.has(readFileSync(join(series.folder, file)).toString('base64'))).toBe(
            true,
          );
          compared += 1;
        }
      }
    }
    expect(compared).toBe(400);
  });

  it('runs the study from the pulled folders and pushes its SEG, RT Dose, SR and PDF into the patient studies', async () => {
    const plan = JSON.parse(readFileSync(join(pulled(), 'series.json'), 'utf8')) as SeriesPlan;
    const { parse } = await import('yaml');
    const manifest = parse(readFileSync(written.manifestPath, 'utf8')) as {
      scans: { id: string; pet: string; ct?: string }[];
    };
    manifest.scans = plan.sessions.map((s) => ({
      id: s.scanId,
      pet: join(pulled(), s.pet),
      ct: join(pulled(), s.ct ?? ''),
    }));
    const path = join(dir, 'pulled.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, stringify(withFewMonteCarloSamples(manifest)));
    const out = join(dir, 'results');
    const run = await runCli(['run', path, '--out', out]);
    expect(run.status).toBe(0);
    // The run's DICOM results: a SEG per session, the voxel dosimetry's RT Dose, the SR and,
    // when Chromium printed report.pdf, its Encapsulated PDF.
    const printed = existsSync(join(out, 'report.pdf'));
    if (!printed)
      console.warn(`\n*** SKIPPED: the PDF instance (no report.pdf): ${run.err.join(' ')} ***\n`);
    const dcm = readdirSync(out).filter((f) => f.endsWith('.dcm'));
    const segs = dcm.filter((f) => f.includes('seg'));
    expect(segs).toHaveLength(2);
    expect(dcm).toContain('report.sr.dcm');
    expect(dcm.includes('report.pdf.dcm')).toBe(printed);
    const started = performance.now();
    const push = await runCli(['push', server.dicomWebUrl, out]);
    console.log(`push: ${((performance.now() - started) / 1000).toFixed(1)} s; ${push.out[0]}`);
    expect(push.err).toEqual([]);
    expect(push.status).toBe(0);
    expect(push.out[0]).toMatch(new RegExp(`^stored ${dcm.length} instances \\(`));
    for (const part of ['2 SEG', '1 RTDOSE', '1 SR', ...(printed ? ['1 DOC'] : [])]) {
      expect(push.out[0]).toContain(part);
    }
    const client = dicomWebClient(server.dicomWebUrl);
    const modalities: string[] = [];
    for (const uid of studyUids) {
      const series = (await client.searchSeries(uid)) ?? [];
      modalities.push(...series.map((s) => jsonText(s, TAG.modality)));
    }
    expect(modalities.filter((m) => m === 'SEG')).toHaveLength(2);
    expect(modalities.filter((m) => m === 'RTDOSE')).toHaveLength(1);
    // The SR and the PDF join the first session's study (the RT Dose's), a new series each.
    const firstStudy = firstSessionStudy(written);
    const inFirst = ((await client.searchSeries(firstStudy)) ?? []).map((s) =>
      jsonText(s, TAG.modality),
    );
    expect(inFirst.filter((m) => m === 'SR')).toHaveLength(1);
    expect(inFirst.filter((m) => m === 'DOC')).toHaveLength(printed ? 1 : 0);
    expect(modalities.filter((m) => m === 'SR' || m === 'DOC')).toHaveLength(printed ? 2 : 1);
    await expectSrInOrthanc(server, out, dir, firstStudy);
  });

  it.skipIf(!dcmtk)(
    'the same through DIMSE: pull by C-GET, push the results by C-STORE',
    async () => {
      const url = `dicom://ORTHANCRT@127.0.0.1:${server.dicomPort}`;
      const out = join(dir, 'pulled-dimse');
      const args = ['pull', url, '--aet', 'IODOSE', '--out', out];
      for (const uid of studyUids) args.push('--study', uid);
      const started = performance.now();
      const run = await runCli(args);
      console.log(
        `DIMSE pull: ${((performance.now() - started) / 1000).toFixed(1)} s; ${run.out[0]}`,
      );
      expect(run.err).toEqual([]);
      const plan = JSON.parse(readFileSync(join(out, 'series.json'), 'utf8')) as SeriesPlan;
      const web = JSON.parse(readFileSync(join(pulled(), 'series.json'), 'utf8')) as SeriesPlan;
      expect(plan.sessions).toEqual(web.sessions);
      // The DIMSE pull also brings the SEG and RT Dose series the DICOMweb push stored.
      const images = plan.series.filter((s) => s.modality === 'PT' || s.modality === 'CT');
      expect(sortBy(images)).toEqual(sortBy(web.series));
      for (const s of web.series) {
        const mine = readdirSync(join(out, s.folder)).map((f) =>
          identity(readFileSync(join(out, s.folder, f))),
        );
        const theirs = readdirSync(join(pulled(), s.folder)).map((f) =>
          identity(readFileSync(join(pulled(), s.folder, f))),
        );
        expect(mine.sort()).toEqual(theirs.sort());
      }
      // Remove the results the DICOMweb push stored, then store them again by C-STORE.
      const found = (await (
        await fetch(`${server.httpUrl}/tools/find`, {
          method: 'POST',
          body: JSON.stringify({ Level: 'Series', Query: { Modality: RESULT_MODALITIES } }),
        })
      ).json()) as string[];
      expect(found.length).toBeGreaterThan(0);
      for (const id of found) await fetch(`${server.httpUrl}/series/${id}`, { method: 'DELETE' });
      const pushStarted = performance.now();
      const push = await runCli(['push', url, join(dir, 'results'), '--aet', 'IODOSE']);
      console.log(
        `DIMSE push: ${((performance.now() - pushStarted) / 1000).toFixed(1)} s; ${push.out[0]}`,
      );
      expect(push.err).toEqual([]);
      const client = dicomWebClient(server.dicomWebUrl);
      const modalities: string[] = [];
      for (const uid of studyUids) {
        modalities.push(
          ...((await client.searchSeries(uid)) ?? []).map((m) => jsonText(m, TAG.modality)),
        );
      }
      const results = ['SEG', 'RTDOSE', 'SR', 'DOC'];
      expect(modalities.filter((m) => results.includes(m))).toHaveLength(found.length);
      expect(found.length).toBe(
        readdirSync(join(dir, 'results')).filter((f) => f.endsWith('.dcm')).length,
      );
      await expectSrInOrthanc(server, join(dir, 'results'), dir, firstSessionStudy(written));
    },
  );
});
