/** The store of `iodose serve` (STORE-API.md). Work in progress: see the module list. */
export { listAudit } from './audit.ts';
export { ConflictError, NotFoundError } from './errors.ts';
export { LATEST_VERSION, MIGRATIONS, migrate } from './migrations.ts';
export { closeStore, isEmpty, openStore, schemaVersion, type Client, type Store } from './open.ts';
export { createPatient, getPatient, listPatients, updatePatient } from './patients.ts';
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
