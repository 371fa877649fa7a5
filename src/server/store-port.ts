/**
 * The store functions the routes call (signatures of STORE-API.md). buildServer takes them as a
 * record so the routes are tested over a fake store while src/store is being written; serve()
 * passes the real module.
 */
import type { RunControl } from '../app/progress.ts';
import type * as T from './api-types.ts';
import type { LatestRun, NewRun, RunFolderSink } from '../store/index.ts';

export type Client = string;

/** A timepoint as a study manifest (STORE-API.md timepointManifest; helper "records"). */
export interface TimepointManifest {
  manifest: Record<string, unknown>;
  baseDir: string;
  /** timepoints.inputs_rev when the manifest was made. */
  inputsRev: number;
  /** What a run still needs (empty when it can start). */
  missing: string[];
}

export interface StorePort<S = unknown> {
  listPatients(store: S): T.PatientSummary[];
  createPatient(store: S, input: unknown, client: Client): T.PatientSummary;
  updatePatient(store: S, patientId: number, input: unknown, client: Client): T.PatientSummary;
  createTimepoint(store: S, patientId: number, input: unknown, client: Client): T.TimepointDetail;
  getTimepoint(store: S, timepointId: number): T.TimepointDetail;
  patchTimepoint(store: S, timepointId: number, patch: unknown, client: Client): T.TimepointDetail;
  setSessions(store: S, timepointId: number, sessions: unknown, client: Client): T.TimepointDetail;
  createLesion(store: S, timepointId: number, input: unknown, client: Client): T.TimepointDetail;
  updateLesion(store: S, lesionId: number, input: unknown, client: Client): T.TimepointDetail;
  deleteLesion(store: S, lesionId: number, client: Client): T.TimepointDetail;
  putSeed(
    store: S,
    lesionId: number,
    sessionId: number,
    seed: unknown,
    client: Client,
  ): T.TimepointDetail;
  deleteSeed(store: S, lesionId: number, sessionId: number, client: Client): T.TimepointDetail;
  putBlood(store: S, timepointId: number, samples: unknown, client: Client): T.TimepointDetail;
  putWholeBody(store: S, timepointId: number, counts: unknown, client: Client): T.TimepointDetail;
  putRecovery(store: S, timepointId: number, upload: unknown, client: Client): T.TimepointDetail;
  getRun(store: S, runId: number): T.RunDetail;
  runFilePath(store: S, runId: number, name: string): string;
  addReview(store: S, runId: number, input: unknown, client: Client): T.RunDetail;
  listAudit(store: S, q: { entity?: string; entityId?: number; limit?: number }): T.AuditEntry[];
  timepointManifest(store: S, timepointId: number): TimepointManifest;
  beginRunFolder(store: S): { uuid: string; folder: string; sink: RunFolderSink };
  insertRun(store: S, timepointId: number, run: NewRun, client: Client): T.RunSummary;
  abandonRun(store: S, folder: string): void;
  runManifest(store: S, runId: number): Record<string, unknown>;
  latestRuns(store: S): LatestRun[];
}

/** What an import job reports (the store's FileImportOutcome). */
export interface ImportJobOutcome {
  seriesIds: number[];
  instancesAdded: number;
  instancesAlreadyStored: number;
  skippedFiles: number;
}

/**
 * The store functions of the image routes (import, volumes, VOI preview): helper "images"'
 * (importFolder, importUploads, getSeries) and two of helper "records"' (getSession, getLesion).
 */
export interface ImageStorePort<S = unknown> {
  importFolder(
    store: S,
    timepointId: number,
    folder: string,
    client: Client,
    control: RunControl,
  ): Promise<ImportJobOutcome>;
  importUploads(
    store: S,
    timepointId: number,
    files: readonly { name: string; bytes: Uint8Array }[],
    client: Client,
    control: RunControl,
  ): Promise<ImportJobOutcome>;
  getSeries(store: S, seriesId: number): T.SeriesSummary & { timepointId: number; folder: string };
  getSession(store: S, sessionId: number): T.SessionDetail & { timepointId: number };
  getLesion(store: S, lesionId: number): T.LesionDetail & { timepointId: number };
}

/**
 * The cohort settings' store functions (DIR/cohort-settings.json; helper "cohortattr"). Absent:
 * the cohort view takes the defaults and GET/PUT /api/cohort/settings are not offered.
 */
export interface CohortSettingsPort<S = unknown> {
  getCohortSettings(store: S): T.CohortSettings;
  putCohortSettings(store: S, input: unknown, client: Client): T.CohortSettings;
}
