// The PACS routes against a real Orthanc (DICOMweb, and DIMSE through dcmtk for the echo): nodes
// added over the API, "test connection", the demo patient's studies found by patient ID, both
// studies imported into one timepoint (the store's series and instance counts equal Orthanc's
// own REST API, a session proposed), the run of the imported images sent back (Orthanc then
// lists its SEG series in the patient's studies, and the send is in the audit log). Bad input:
// an unreachable node, a refused association, an unknown study or series, a study holding
// another patient's instance, a series arriving incomplete, another patient than the
// timepoint's: one clear 4xx ApiError each, and nothing of it stored; a cancel stores nothing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import { buildPatientPhantom } from '../../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../../src/demo/write-patient-phantom.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { openPacs } from '../../src/io/pacs/pacs-node.ts';
import { parsePacsAddress } from '../../src/io/pacs/pacs-url.ts';
import type {
  ApiError,
  JobStatus,
  PacsNodeSummary,
  PacsSeries,
  PacsStudy,
  TimepointDetail,
} from '../../src/server/api-types.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { Jobs } from '../../src/server/jobs.ts';
import type { OpenPacsNode } from '../../src/server/pacs-store-port.ts';
import { openStoredNode } from '../../src/server/routes-pacs.ts';
import * as storeModule from '../../src/store/index.ts';
import { closeStore, openStore, type Store } from '../../src/store/index.ts';
import { writeSmallCt, writeSmallPet, rewriteDicom } from '../helpers/dicom-corrupt.ts';
import { hasCommand } from '../helpers/external-tools.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import {
  freePort,
  orthancMissing,
  startOrthanc,
  uploadInstance,
  warnOrthancMissing,
  type OrthancServer,
} from '../helpers/orthanc.ts';
import { tempDir } from '../helpers/temp.ts';
import { storeApi, imageApi } from './store-ports.ts';

const missing = orthancMissing();
if (missing !== null) warnOrthancMissing(missing);
const dcmtk = hasCommand('echoscu');
const HOST = { host: '127.0.0.1:4100', 'user-agent': 'vitest' };

describe.skipIf(missing !== null)('PACS routes with Orthanc', () => {
  let orthanc: OrthancServer;
  let app: FastifyInstance;
  let store: Store;
  let jobs: Jobs;
  let manifest: StudyManifest;
  let demoStudies: string[];
  let otherStudy: string;
  let web: PacsNodeSummary;
  let tid: number;
  /** How the server opens a node; a test may wrap it (a PACS that drops an instance). */
  let open: OpenPacsNode = openStoredNode;

  const call = async (method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: HOST,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const job = async (url: string, payload: unknown): Promise<JobStatus> => {
    const answer = await call('POST', url, payload);
    expect(answer.statusCode, answer.body).toBe(200);
    return (await jobs.settled(answer.json<JobStatus>().id)) as JobStatus;
  };
  const storedFiles = (): number =>
    readdirSync(join(store.dataDir, 'dicom'), { recursive: true }).filter((f) =>
      String(f).endsWith('.dcm'),
    ).length;

  beforeAll(async () => {
    orthanc = await startOrthanc({
      dicom: true,
      aet: 'ORTHANCSRV',
      modalities: { iodose: { aet: 'IODOSE', host: '127.0.0.1', port: await freePort() } },
    });
    const dir = tempDir('iodose-pacs-server-');
    const written = writePatientPhantom(join(dir, 'patient'), buildPatientPhantom());
    manifest = parse(readFileSync(written.manifestPath, 'utf8')) as StudyManifest;
    for (const session of Object.values(written.series)) {
      for (const series of [session.pet, session.ct]) {
        for (const file of series.files) {
          await uploadInstance(orthanc, readFileSync(join(series.folder, file)));
        }
      }
    }
    // Another patient's study (C01) whose CT holds one instance renamed to patient C02.
    const files = [...writeSmallPet(join(dir, 'pet')), ...writeSmallCt(join(dir, 'ct'))];
    rewriteDicom(files[files.length - 1] ?? '', (dict) => {
      dict['00100020'] = { vr: 'LO', Value: ['C02'] };
    });
    for (const file of files) await uploadInstance(orthanc, readFileSync(file));
    // A one-instance study of a third patient (C03): clean, but not the timepoint's patient.
    const lone = join(dir, 'lone.dcm');
    writeFileSync(lone, readFileSync(files[0] ?? ''));
    rewriteDicom(lone, (dict) => {
      dict['00100020'] = { vr: 'LO', Value: ['C03'] };
      dict['0020000D'] = { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.1'] };
      dict['0020000E'] = { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.2'] };
      dict['00080018'] = { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.3'] };
    });
    await uploadInstance(orthanc, readFileSync(lone));
    store = openStore(tempDir('iodose-pacs-store-'));
    jobs = new Jobs();
    app = await buildServer({
      store,
      api: storeApi,
      images: imageApi,
      pacs: { store: storeModule, open: (c) => open(c) },
      version: '0.1.0',
      webRoot: null,
      address: { host: '127.0.0.1', port: 4100 },
      jobs,
    });
    const patient = storeModule.createPatient(store, { code: 'PHANTOM-01' }, 'test');
    tid = storeModule.createTimepoint(store, patient.id, { label: 'baseline' }, 'test').id;
  });
  afterAll(async () => {
    await app?.close();
    if (store !== undefined) closeStore(store);
    await orthanc?.stop();
  });

  it('adds nodes, tests the connection (DICOMweb and DIMSE), refuses a bad node', async () => {
    const added = await call('POST', '/api/pacs-nodes', {
      name: 'Orthanc',
      url: orthanc.dicomWebUrl,
    });
    expect(added.statusCode, added.body).toBe(200);
    web = added.json<PacsNodeSummary>();
    expect(web).toMatchObject({ name: 'Orthanc', url: orthanc.dicomWebUrl, kind: 'dicomweb' });
    const echo = await call('POST', `/api/pacs-nodes/${web.id}/echo`);
    expect(echo.statusCode, echo.body).toBe(200);
    expect(echo.json()).toMatchObject({ ok: true, label: orthanc.dicomWebUrl });
    const bad = await call('POST', '/api/pacs-nodes', { name: 'Bad', url: 'dicom://A@h:0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiError>().field).toBe('url');
    if (dcmtk) {
      const url = `dicom://ORTHANCSRV@127.0.0.1:${orthanc.dicomPort}`;
      const dimse = (
        await call('POST', '/api/pacs-nodes', { name: 'DIMSE', url })
      ).json<PacsNodeSummary>();
      expect((await call('POST', `/api/pacs-nodes/${dimse.id}/echo`)).statusCode).toBe(200);
      const stranger = await call('PATCH', `/api/pacs-nodes/${dimse.id}`, {
        callingAet: 'STRANGER',
      });
      expect(stranger.statusCode).toBe(200);
      const refused = await call('POST', `/api/pacs-nodes/${dimse.id}/echo`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json<ApiError>().error).toMatch(/refused the association/);
      expect((await call('DELETE', `/api/pacs-nodes/${dimse.id}`)).statusCode).toBe(200);
    }
    const listed = (await call('GET', '/api/pacs-nodes')).json<PacsNodeSummary[]>();
    expect(listed.map((n) => n.name)).toEqual(['Orthanc']);
  });

  it('finds the demo patient by ID: two studies of two series of 100 instances', async () => {
    const answer = await call('GET', `/api/pacs-nodes/${web.id}/studies?patientId=PHANTOM-01`);
    expect(answer.statusCode, answer.body).toBe(200);
    const studies = answer.json<PacsStudy[]>();
    expect(studies).toHaveLength(2);
    for (const s of studies) {
      expect(s).toMatchObject({ patientId: 'PHANTOM-01', seriesCount: 2 });
      expect([...s.modalitiesInStudy].sort()).toEqual(['CT', 'PT']);
    }
    demoStudies = studies.map((s) => s.studyInstanceUid);
    const all = (await call('GET', `/api/pacs-nodes/${web.id}/studies`)).json<PacsStudy[]>();
    otherStudy = all.find((s) => s.patientId === 'C01')?.studyInstanceUid ?? '';
    const series = (
      await call('GET', `/api/pacs-nodes/${web.id}/studies/${demoStudies[0]}/series`)
    ).json<PacsSeries[]>();
    expect(series.map((s) => s.instances)).toEqual([100, 100]);
    const badDate = await call('GET', `/api/pacs-nodes/${web.id}/studies?studyDate=2024-13-01`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json<ApiError>().field).toBe('studyDate');
  });

  it('imports both studies into the timepoint: counts equal Orthanc, a session per study', async () => {
    const started = performance.now();
    // The PET of the first study alone, then the whole study: its PET is skipped as stored.
    const listed = (
      await call('GET', `/api/pacs-nodes/${web.id}/studies/${demoStudies[0]}/series`)
    ).json<PacsSeries[]>();
    const pet = listed.find((s) => s.modality === 'PT')?.seriesInstanceUid;
    const petOnly = await job(`/api/timepoints/${tid}/pacs-import`, {
      nodeId: web.id,
      studyUid: demoStudies[0],
      seriesUids: [pet],
    });
    expect(petOnly.state, JSON.stringify(petOnly.error)).toBe('done');
    expect(petOnly.result).toMatchObject({ instancesAdded: 100, sessionsAssigned: true });
    const first = await job(`/api/timepoints/${tid}/pacs-import`, {
      nodeId: web.id,
      studyUid: demoStudies[0],
    });
    expect(first.state, JSON.stringify(first.error)).toBe('done');
    expect(first.result).toMatchObject({ instancesAdded: 100, instancesAlreadyStored: 100 });
    const second = await job(`/api/timepoints/${tid}/pacs-import`, {
      nodeId: web.id,
      studyUid: demoStudies[1],
    });
    expect(second.state, JSON.stringify(second.error)).toBe('done');
    console.log(
      `PACS import of the demo patient (2 studies, 400 instances, 100 of them twice) into the store: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const detail = (await call('GET', `/api/timepoints/${tid}`)).json<TimepointDetail>();
    // What Orthanc has, through its own REST API (not DICOMweb).
    const orthancSeries = new Map<string, number>();
    for (const uid of demoStudies) {
      const found = await fetch(`${orthanc.httpUrl}/tools/find`, {
        method: 'POST',
        body: JSON.stringify({ Level: 'Series', Query: { StudyInstanceUID: uid }, Expand: true }),
      });
      for (const s of (await found.json()) as {
        MainDicomTags: { SeriesInstanceUID: string };
        Instances: string[];
      }[]) {
        orthancSeries.set(s.MainDicomTags.SeriesInstanceUID, s.Instances.length);
      }
    }
    expect(orthancSeries.size).toBe(4);
    expect(new Map(detail.series.map((s) => [s.seriesInstanceUid, s.instanceCount]))).toEqual(
      orthancSeries,
    );
    expect(storedFiles()).toBe(400);
    // A session from the first study's PET (imported alone, so without a CT: kept as it was),
    // and one more for the second study's PET/CT (labels by order: no tracer time yet).
    const second108 = detail.series.find(
      (s) => s.modality === 'CT' && s.studyInstanceUid === demoStudies[1],
    );
    expect(detail.sessions.map((s) => [s.label, s.ctSeriesId])).toEqual([
      ['pet1', null],
      ['pet2', second108?.id],
    ]);
  });

  it('refuses bad imports with one clear message each, storing nothing', async () => {
    const before = storedFiles();
    const refuse = async (
      payload: unknown,
      status: number,
      field: string | undefined,
      message: RegExp,
    ) => {
      const answer = await call('POST', `/api/timepoints/${tid}/pacs-import`, payload);
      expect(answer.statusCode, answer.body).toBe(status);
      expect(answer.json<ApiError>().field).toBe(field);
      expect(answer.json<ApiError>().error).toMatch(message);
    };
    await refuse(
      { nodeId: web.id, studyUid: '1.2.3.999' },
      400,
      'studyUid',
      /no study 1\.2\.3\.999/,
    );
    await refuse({ nodeId: web.id, studyUid: 'x*' }, 400, 'studyUid', /Study Instance UID/);
    await refuse(
      { nodeId: web.id, studyUid: demoStudies[0], seriesUids: ['1.2.3'] },
      400,
      'seriesUids',
      /has no series 1\.2\.3/,
    );
    const gone = (
      await call('POST', '/api/pacs-nodes', {
        name: 'Gone',
        url: `http://127.0.0.1:${await freePort()}/dicom-web`,
      })
    ).json<PacsNodeSummary>();
    await refuse({ nodeId: gone.id, studyUid: demoStudies[0] }, 400, 'nodeId', /no answer from/);
    const echo = await call('POST', `/api/pacs-nodes/${gone.id}/echo`);
    expect(echo.statusCode).toBe(400);
    expect(echo.json<ApiError>().error).toMatch(/connection refused/);
    await refuse({ nodeId: 999, studyUid: demoStudies[0] }, 404, undefined, /no PACS node/);

    // Jobs that fail after the retrieve started: nothing stored either.
    const failed = async (payload: unknown, message: RegExp) => {
      const end = await job(`/api/timepoints/${tid}/pacs-import`, payload);
      expect(end.state).toBe('failed');
      expect(end.error?.error, JSON.stringify(payload)).toMatch(message);
      expect(storedFiles()).toBe(before);
    };
    await failed({ nodeId: web.id, studyUid: otherStudy }, /more than one patient/);
    open = (c) => {
      const pacs = openStoredNode(c);
      return {
        ...pacs,
        retrieveSeries: async (study, series) =>
          (await pacs.retrieveSeries(study, series)).slice(1),
      };
    };
    try {
      await failed({ nodeId: web.id, studyUid: demoStudies[0] }, /arrived incomplete/);
    } finally {
      open = openStoredNode;
    }
    // A cancel while the series arrive: the job ends cancelled, nothing stored.
    open = (c) => {
      const pacs = openStoredNode(c);
      return {
        ...pacs,
        retrieveSeries: async (study, series) => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          return pacs.retrieveSeries(study, series);
        },
      };
    };
    try {
      const answer = await call('POST', `/api/timepoints/${tid}/pacs-import`, {
        nodeId: web.id,
        studyUid: demoStudies[0],
      });
      const id = answer.json<JobStatus>().id;
      await expect.poll(() => jobs.get(id)?.progress?.stage).toBe('retrieve');
      const cancelled = (await call('DELETE', `/api/jobs/${id}`)).json<JobStatus>();
      expect(cancelled.state).toBe('cancelled');
      expect(storedFiles()).toBe(before);
    } finally {
      open = openStoredNode;
    }
    // A clean study of patient C03: one patient, but not the timepoint's.
    await failed({ nodeId: web.id, studyUid: '1.2.826.0.1.3680043.8.498.1' }, /Patient ID differs/);
    const detail = (await call('GET', `/api/timepoints/${tid}`)).json<TimepointDetail>();
    expect(detail.series).toHaveLength(4);
  });

  it("sends the run's DICOM results: Orthanc lists them in the patient's studies, audited", async () => {
    // The run of the imported images, committed as the run job does (app/study/compute-study.ts).
    const detail = storeModule.getTimepoint(store, tid);
    const uid = (modality: string, study: string) =>
      detail.series.find((s) => s.modality === modality && s.studyInstanceUid === study)
        ?.seriesInstanceUid ?? '';
    // The sessions in acquisition order (the manifest's pet24, pet108).
    const ordered = detail.series
      .filter((s) => s.modality === 'PT')
      .sort((a, b) => (a.acquiredAt ?? '').localeCompare(b.acquiredAt ?? ''))
      .map((s) => s.studyInstanceUid);
    const runManifest = withFewMonteCarloSamples({
      ...manifest,
      scans: (manifest.scans ?? []).map((scan, i) => ({
        id: scan.id,
        pet: `dicom/${uid('PT', ordered[i] ?? '')}`,
        ct: `dicom/${uid('CT', ordered[i] ?? '')}`,
      })),
    });
    const { uuid, folder, sink } = storeModule.beginRunFolder(store);
    const run = await computeStudy(
      { manifest: runManifest, baseDir: store.dataDir, name: 'the test manifest' },
      { sink, pdf: false },
    );
    const summary = storeModule.insertRun(
      store,
      tid,
      {
        uuid,
        inputsSha256: run.results.provenance.inputsSha256,
        inputsRev: 0,
        version: run.results.provenance.version,
        settings: run.results.provenance.settings,
        manifest: runManifest as unknown as Record<string, unknown>,
        baseDir: store.dataDir,
        results: JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as unknown,
        decision: run.results.therapy.decision,
        notes: run.notes,
        files: [...sink.files],
      },
      'test',
    );
    const dcm = [...sink.files].filter((f) => f.endsWith('.dcm'));
    expect(dcm.filter((f) => f.includes('seg'))).toHaveLength(2);
    const started = performance.now();
    const end = await job(`/api/runs/${summary.id}/send`, { nodeId: web.id });
    console.log(
      `send of the run's ${dcm.length} DICOM results to Orthanc: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(end.state, JSON.stringify(end.error)).toBe('done');
    expect(end.result?.sent).toBe(dcm.length);
    expect(end.result?.sentByModality?.['SEG']).toBe(2);
    const client = openPacs(parsePacsAddress(orthanc.dicomWebUrl));
    const modalities: string[] = [];
    for (const study of demoStudies) {
      modalities.push(...(await client.studySeries(study)).map((s) => s.modality));
    }
    expect(modalities.filter((m) => m === 'SEG')).toHaveLength(2);
    const audit = storeModule.listAudit(store, { entity: 'run', entityId: summary.id });
    expect(audit[0]).toMatchObject({
      action: 'send',
      after: { node: 'Orthanc', stored: dcm.length },
    });
    const none = await call('POST', `/api/runs/${summary.id}/send`, { nodeId: 999 });
    expect(none.statusCode).toBe(404);
  });
});
