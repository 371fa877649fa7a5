/** The store of `iodose serve` (STORE-API.md). */
export { listAudit } from './audit.ts';
export { ConflictError, NotFoundError } from './errors.ts';
export { lastRecoveryId, removeImported, type ImportRecord } from './remove-imported.ts';
export { COHORT_SETTINGS_FILE, getCohortSettings, putCohortSettings } from './cohort-settings.ts';
export {
  createLesion,
  deleteLesion,
  deleteSeed,
  getLesion,
  putSeed,
  updateLesion,
} from './lesions.ts';
export {
  beginImport,
  importInstances,
  type ImportInstance,
  type ImportOutcome,
  type Importer,
} from './import.ts';
export { importFolder, importUploads, type FileImportOutcome } from './import-files.ts';
export { manifestOfTimepoint, timepointManifest } from './manifest.ts';
export { LATEST_VERSION, MIGRATIONS, migrate } from './migrations.ts';
export { missingInputs } from './missing.ts';
export { closeStore, isEmpty, openStore, schemaVersion, type Client, type Store } from './open.ts';
export { createPatient, getPatient, listPatients, updatePatient } from './patients.ts';
export { putRecovery, recoveryPath } from './recovery.ts';
export { putBlood, putWholeBody } from './samples.ts';
export { getSession, setSessions } from './sessions.ts';
export {
  getSeries,
  measureSeriesSize,
  seriesFiles,
  seriesOfTimepoint,
  setSeriesSize,
} from './series.ts';
export { timepointState, type StateInput } from './state.ts';
export { abandonRun, beginRunFolder, type RunFolderSink } from './run-folder.ts';
export {
  addReview,
  getRun,
  insertRun,
  latestRuns,
  runFilePath,
  runManifest,
  runSummaries,
  type LatestRun,
  type NewRun,
} from './runs.ts';
export { getTimepoint } from './timepoint-detail.ts';
export { createTimepoint, patchTimepoint } from './timepoints.ts';
export {
  createPacsNode,
  deletePacsNode,
  getPacsNode,
  listPacsNodes,
  pacsNodeConnection,
  recordPacsSend,
  updatePacsNode,
  type PacsNodeConnection,
  type PacsSendRecord,
} from './pacs-nodes.ts';
