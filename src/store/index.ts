/** The store of `iodose serve` (STORE-API.md). Work in progress: see the module list. */
export { listAudit } from './audit.ts';
export { ConflictError, NotFoundError } from './errors.ts';
export {
  beginImport,
  importInstances,
  type ImportInstance,
  type ImportOutcome,
  type Importer,
} from './import.ts';
export { importFolder, importUploads, type FileImportOutcome } from './import-files.ts';
export { LATEST_VERSION, MIGRATIONS, migrate } from './migrations.ts';
export { closeStore, isEmpty, openStore, schemaVersion, type Client, type Store } from './open.ts';
export { createPatient, getPatient, listPatients, updatePatient } from './patients.ts';
export {
  getSeries,
  measureSeriesSize,
  seriesFiles,
  seriesOfTimepoint,
  setSeriesSize,
} from './series.ts';
export { timepointState, type StateInput } from './state.ts';
