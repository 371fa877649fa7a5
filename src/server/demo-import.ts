/**
 * POST /api/demo/import (issue 10: "the demo patient and demo cohort are offered for import on an
 * empty store"). The bundled synthetic data go into the store the way a physicist would enter
 * them, through the same store functions as the forms and the folder import:
 * - the demo patient (PHANTOM-01, timepoint "baseline"): the IEC phantom is written and calibrated
 *   (its recovery file is uploaded), then the patient's two 124I PET/CT sessions are written as
 *   DICOM and imported folder by folder, the sessions assigned (pet24, pet108), the five lesions
 *   created with their seeds per session, the tracer, therapy, blood samples and whole-body
 *   counts entered;
 * - the demo cohort (demo-cohort.ts): 9 patients with their histology, 24 timepoints, and the
 *   cohort settings of cohort.yaml (written last, and only when none were set).
 * All or nothing: the import is many store changes over some seconds (DICOM imports are async,
 * so not one SQLite transaction); it records what it makes (its patients, an audit client naming
 * it, the recovery rows before it) and a failure or a cancel part way removes exactly that, DICOM
 * and recovery files included (store removeImported), then reports the failure. Rows the user
 * made meanwhile stay. Everything is written in a temporary folder inside the data folder and
 * removed afterwards.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCalibration } from '../app/calibrate.ts';
import { stages, type RunControl } from '../app/progress.ts';
import { buildIecPhantom } from '../demo/iec-phantom.ts';
import { buildPatientPhantom } from '../demo/patient-phantom.ts';
import { writeIecPhantom } from '../demo/write-iec-phantom.ts';
import { writePatientPhantom } from '../demo/write-patient-phantom.ts';
import { loadStudyManifest } from '../io/manifest/load-manifest.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import { ConflictError } from '../store/errors.ts';
import type { ImportRecord } from '../store/remove-imported.ts';
import type { TimepointDetail } from './api-types.ts';
import { importDemoCohort, readDemoCohort, type DemoStudy } from './demo-cohort.ts';
import type { Client, CohortSettingsPort, StorePort } from './store-port.ts';

/** The store functions the demo import uses, besides the StorePort's. */
export interface DemoStore<S> {
  api: StorePort<S>;
  isEmpty(store: S): boolean;
  dataDir(store: S): string;
  /** Imports the DICOM files of `folder` into the timepoint (the folder import's function). */
  importFolder(
    store: S,
    timepointId: number,
    folder: string,
    client: Client,
    control: RunControl,
  ): Promise<{ seriesIds: number[] }>;
  /** The cohort settings (written from cohort.yaml when none were set). */
  cohortSettings: CohortSettingsPort<S>;
  /** MAX(recovery.id) now (ImportRecord.recoveryIdBefore). */
  lastRecoveryId(store: S): number;
  /** Removes what an unfinished import made (store removeImported). */
  removeImported(store: S, record: ImportRecord, why: string, client: Client): unknown;
  /** The demo cohort's folder (default src/demo DEMO_COHORT_DIR; tests give a copy). */
  cohortDir?: string | undefined;
}

/** Creates the patient of a manifest, or returns the one made for an earlier timepoint. */
function patientOf<S>(
  ds: DemoStore<S>,
  store: S,
  manifest: StudyManifest,
  attributes: DemoStudy['attributes'],
  client: Client,
  made: Map<string, number>,
): number {
  const known = made.get(manifest.patient.id);
  if (known !== undefined) return known;
  const { id, sex, heightCm } = manifest.patient;
  const patient = ds.api.createPatient(store, { code: id, sex, heightCm, attributes }, client);
  made.set(id, patient.id);
  return patient.id;
}

/** The timepoint fields of a manifest (weight, tracer, therapy, settings, measurements). */
function enterStudyFields<S>(
  ds: DemoStore<S>,
  store: S,
  timepointId: number,
  manifest: StudyManifest,
  client: Client,
): void {
  const { weightKg, diffuseLungMetastases } = manifest.patient;
  ds.api.patchTimepoint(
    store,
    timepointId,
    {
      weightKg,
      diffuseLungMetastases: diffuseLungMetastases ?? false,
      tracer: manifest.tracer,
      therapy: manifest.therapy ?? null,
      settings: manifest.settings ?? null,
      ...(manifest.measurements === undefined ? {} : { measurements: manifest.measurements }),
    },
    client,
  );
  ds.api.putBlood(store, timepointId, manifest.blood, client);
  ds.api.putWholeBody(store, timepointId, manifest.wholeBody, client);
}

/** The lesions of a manifest, with their seeds on the timepoint's sessions (by label). */
function enterLesions<S>(
  ds: DemoStore<S>,
  store: S,
  timepointId: number,
  manifest: StudyManifest,
  client: Client,
): TimepointDetail {
  let detail = ds.api.getTimepoint(store, timepointId);
  for (const lesion of manifest.lesions) {
    detail = ds.api.createLesion(
      store,
      timepointId,
      { label: lesion.id, site: lesion.site ?? null, volumeMl: lesion.volumeMl ?? null },
      client,
    );
    const lesionId = detail.lesions.find((l) => l.label === lesion.id)?.id;
    if (lesionId === undefined) throw new Error(`lesion ${lesion.id} was not stored`);
    for (const [scanId, pointLps] of Object.entries(lesion.seedsLps ?? {})) {
      const session = detail.sessions.find((s) => s.label === scanId);
      if (session === undefined) throw new Error(`demo session ${scanId} was not stored`);
      detail = ds.api.putSeed(store, lesionId, session.id, { pointLps }, client);
    }
  }
  return detail;
}

/** The demo patient: calibration, DICOM import, sessions, lesions and seeds, samples. */
async function importDemoPatient<S>(
  ds: DemoStore<S>,
  store: S,
  folder: string,
  client: Client,
  control: RunControl,
  made: Map<string, number>,
): Promise<void> {
  const run = stages(control, 'demo import');
  const phantom = await run.run('write', () =>
    writeIecPhantom(join(folder, 'iec-phantom'), buildIecPhantom()),
  );
  const recovery = await run.run('calibrate', () =>
    runCalibration(phantom.manifestPath, new Date().toISOString()),
  );
  const written = await run.run('write', () =>
    writePatientPhantom(join(folder, 'patient'), buildPatientPhantom(), {
      recovery: '../recovery.json',
    }),
  );
  const { manifest } = loadStudyManifest(written.manifestPath);
  const patientId = patientOf(ds, store, manifest, {}, client, made);
  const timepoint = ds.api.createTimepoint(store, patientId, { label: 'baseline' }, client);
  enterStudyFields(ds, store, timepoint.id, manifest, client);
  ds.api.putRecovery(store, timepoint.id, { name: 'recovery.json', content: recovery }, client);
  const scans = manifest.scans ?? [];
  const sessions = await run.each('import', scans, async (scan) => {
    const pet = await ds.importFolder(
      store,
      timepoint.id,
      join(folder, 'patient', scan.pet),
      client,
      {
        signal: control.signal,
      },
    );
    const ct =
      scan.ct === undefined
        ? { seriesIds: [] }
        : await ds.importFolder(store, timepoint.id, join(folder, 'patient', scan.ct), client, {
            signal: control.signal,
          });
    const [petSeriesId] = pet.seriesIds;
    if (petSeriesId === undefined) throw new Error(`demo PET ${scan.pet} imported no series`);
    return { label: scan.id, petSeriesId, ctSeriesId: ct.seriesIds[0] ?? null };
  });
  ds.api.setSessions(store, timepoint.id, sessions, client);
  enterLesions(ds, store, timepoint.id, manifest, client);
}

/** Imports the demo patient and the demo cohort into an empty store; the new patients' ids. */
export async function importDemo<S>(
  ds: DemoStore<S>,
  store: S,
  client: Client,
  control: RunControl,
): Promise<{ patientIds: number[] }> {
  if (!ds.isEmpty(store)) {
    throw new ConflictError(
      'store',
      'the demo is imported only into an empty store',
      'start iodose serve with another --data folder to try the demo',
    );
  }
  // Every bundled file is read and validated before anything is stored.
  const cohort = readDemoCohort(ds.cohortDir);
  const folder = mkdtempSync(join(ds.dataDir(store), '.tmp-demo-'));
  // Every audit row of this import names it, so an undo can tell its rows from the user's.
  const tagged = `${client} [demo import ${randomUUID()}]`;
  const made = new Map<string, number>();
  const recoveryIdBefore = ds.lastRecoveryId(store);
  try {
    await importDemoPatient(ds, store, folder, tagged, control, made);
    await importDemoCohort(ds.api, store, cohort.studies, tagged, control, {
      patientOf: (manifest, attributes) => patientOf(ds, store, manifest, attributes, tagged, made),
      study: (s, timepointId, manifest, c) => {
        enterStudyFields(ds, s, timepointId, manifest, c);
        enterLesions(ds, s, timepointId, manifest, c);
      },
    });
    // Last: nothing can fail after it. The user's own settings are kept.
    const settings = ds.cohortSettings;
    if (Object.keys(settings.getCohortSettings(store)).length === 0) {
      settings.putCohortSettings(store, cohort.settings, tagged);
    }
    return { patientIds: [...made.values()] };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const record = { patientIds: [...made.values()], auditClient: tagged, recoveryIdBefore };
    try {
      ds.removeImported(store, record, `demo import failed: ${why}`, client);
    } catch (undo) {
      const undoWhy = undo instanceof Error ? undo.message : String(undo);
      throw new Error(`the demo import failed (${why}) and could not be undone: ${undoWhy}`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
