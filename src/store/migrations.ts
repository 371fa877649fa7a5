/**
 * The store's schema as numbered migration steps (PRAGMA user_version = the last step applied).
 * Each step runs in its own transaction; a database newer than this code is refused by name.
 * Never edit a released step: add a new one.
 */
import type Database from 'better-sqlite3';
import { InputError } from '../core/errors.ts';

const V1 = `
CREATE TABLE patients (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, sex TEXT CHECK (sex IN ('F','M')),
  height_cm REAL, created_at_utc TEXT NOT NULL);
CREATE TABLE recovery (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, created_at_utc TEXT NOT NULL);
CREATE TABLE timepoints (
  id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), label TEXT NOT NULL,
  weight_kg REAL, diffuse_lung INTEGER NOT NULL DEFAULT 0, tracer_json TEXT, therapy_json TEXT,
  settings_json TEXT, overrides_json TEXT, recovery_id INTEGER REFERENCES recovery(id),
  inputs_rev INTEGER NOT NULL DEFAULT 0, created_at_utc TEXT NOT NULL, UNIQUE (patient_id, label));
CREATE TABLE series (
  id INTEGER PRIMARY KEY, timepoint_id INTEGER NOT NULL REFERENCES timepoints(id),
  series_uid TEXT NOT NULL UNIQUE, study_uid TEXT NOT NULL, frame_of_reference_uid TEXT,
  modality TEXT NOT NULL, description TEXT NOT NULL, acquired_at TEXT, size_json TEXT);
CREATE TABLE instances (
  id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL REFERENCES series(id),
  sop_uid TEXT NOT NULL UNIQUE, path TEXT NOT NULL);
CREATE INDEX instances_series ON instances (series_id);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY, timepoint_id INTEGER NOT NULL REFERENCES timepoints(id),
  label TEXT NOT NULL, pet_series_id INTEGER NOT NULL REFERENCES series(id),
  ct_series_id INTEGER REFERENCES series(id), UNIQUE (timepoint_id, label));
CREATE TABLE lesions (
  id INTEGER PRIMARY KEY, timepoint_id INTEGER NOT NULL REFERENCES timepoints(id),
  label TEXT NOT NULL, site TEXT, volume_ml REAL, UNIQUE (timepoint_id, label));
CREATE TABLE seeds (
  lesion_id INTEGER NOT NULL REFERENCES lesions(id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  x_mm REAL NOT NULL, y_mm REAL NOT NULL, z_mm REAL NOT NULL, PRIMARY KEY (lesion_id, session_id));
CREATE TABLE blood_samples (
  id INTEGER PRIMARY KEY, timepoint_id INTEGER NOT NULL REFERENCES timepoints(id),
  ord INTEGER NOT NULL, at TEXT NOT NULL, conc_bq_per_ml REAL NOT NULL);
CREATE TABLE whole_body_counts (
  id INTEGER PRIMARY KEY, timepoint_id INTEGER NOT NULL REFERENCES timepoints(id),
  ord INTEGER NOT NULL, entry_json TEXT NOT NULL);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,
  timepoint_id INTEGER NOT NULL REFERENCES timepoints(id), inputs_sha256 TEXT NOT NULL,
  inputs_rev INTEGER NOT NULL, settings_json TEXT NOT NULL, manifest_json TEXT NOT NULL,
  version TEXT NOT NULL, results_json TEXT NOT NULL, decision TEXT NOT NULL,
  notes_json TEXT NOT NULL, files_json TEXT NOT NULL, created_at_utc TEXT NOT NULL);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY, at_utc TEXT NOT NULL, client TEXT NOT NULL, action TEXT NOT NULL,
  entity TEXT NOT NULL, entity_id INTEGER, timepoint_id INTEGER, before_json TEXT,
  after_json TEXT);
`;

/** v2: sign-off of runs (one review per run), audit look-up indexes, runs made immutable. */
const V2 = `
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL UNIQUE REFERENCES runs(id),
  by_client TEXT NOT NULL, at_utc TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX audit_entity ON audit (entity, entity_id);
CREATE INDEX audit_timepoint ON audit (timepoint_id);
CREATE TRIGGER runs_no_update BEFORE UPDATE ON runs
  BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER runs_no_delete BEFORE DELETE ON runs
  BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
`;

/**
 * v3: a measurement-level timepoint's `measurements` (manifest `measurements.lesions`, as given);
 * recovery files content-addressed (one row per SHA-256: duplicates folded into the first row),
 * with the name each timepoint uploaded it under; look-up indexes for series and samples.
 */
const V3 = `
ALTER TABLE timepoints ADD COLUMN measurements_json TEXT;
ALTER TABLE timepoints ADD COLUMN recovery_name TEXT;
UPDATE timepoints SET recovery_name = (SELECT name FROM recovery WHERE id = timepoints.recovery_id)
  WHERE recovery_id IS NOT NULL;
UPDATE timepoints SET recovery_id = (
  SELECT MIN(same.id) FROM recovery this JOIN recovery same ON same.sha256 = this.sha256
  WHERE this.id = timepoints.recovery_id) WHERE recovery_id IS NOT NULL;
DELETE FROM recovery WHERE id NOT IN (SELECT MIN(id) FROM recovery GROUP BY sha256);
CREATE UNIQUE INDEX recovery_sha256 ON recovery (sha256);
CREATE INDEX series_timepoint ON series (timepoint_id);
CREATE INDEX blood_timepoint ON blood_samples (timepoint_id, ord);
CREATE INDEX whole_body_timepoint ON whole_body_counts (timepoint_id, ord);
`;

/**
 * v4: a patient's cohort attributes (`attributes_json`, e.g. {"histology": "papillary"}, the
 * cohort file's per-patient fields that `groupBy` names), and the PACS nodes the app knows (name,
 * URL: a DICOMweb root or dicom://AET@host:port, the calling AE title for DIMSE).
 */
const V4 = `
ALTER TABLE patients ADD COLUMN attributes_json TEXT;
CREATE TABLE pacs_nodes (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, url TEXT NOT NULL, calling_aet TEXT,
  created_at_utc TEXT NOT NULL);
`;

/** Step n (1-based) brings a database from user_version n-1 to n. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4];
export const LATEST_VERSION = MIGRATIONS.length;

/** PRAGMA user_version. */
export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a database written by a newer iodose, naming the file and both versions. */
export function checkVersion(db: Database.Database, file: string): number {
  const version = userVersion(db);
  if (version > LATEST_VERSION) {
    throw new InputError(
      { file },
      `the database has schema version ${version}, newer than this iodose knows (${LATEST_VERSION})`,
      'upgrade iodose (npm install -g iodose@latest) or use another --data folder',
    );
  }
  return version;
}

/** Applies the steps after the database's version up to `target`, one transaction each. */
export function migrate(db: Database.Database, file: string, target = LATEST_VERSION): void {
  for (let version = checkVersion(db, file); version < target; version++) {
    const step = MIGRATIONS[version];
    if (step === undefined) throw new Error(`no migration step ${version + 1}`);
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
