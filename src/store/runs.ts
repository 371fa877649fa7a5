/**
 * Runs and their review (issue 10). A run is immutable: its folder DIR/runs/<uuid>/ (written
 * through run-folder.ts, fsynced, renamed) and then its row commit together with the audit row;
 * the schema's triggers refuse any UPDATE or DELETE of a run. Re-running makes a new run. Its one
 * review (sign-off) is a row of its own table, also with an audit row.
 */
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { ReviewInput, RunDetail, RunSummary } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { fsyncDir, fsyncTree } from './files.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import { checkRunFileName, runFolder, RUN_UUID, TMP_PREFIX } from './run-folder.ts';
import { runnableManifest, storedManifest } from './run-manifest.ts';

/** What a finished run stores (its files are in DIR/runs/.tmp-<uuid>/ when insertRun is called). */
export interface NewRun {
  uuid: string;
  /** results.provenance.inputsSha256. */
  inputsSha256: string;
  /** timepoints.inputs_rev when the manifest was taken (the run is current while it matches). */
  inputsRev: number;
  version: string;
  settings: unknown;
  /** The manifest as run; its relative paths start at `baseDir` (default the data folder). */
  manifest: unknown;
  baseDir?: string | undefined;
  /** results.json as written (parsed). */
  results: unknown;
  /** results.therapy.decision. */
  decision: string;
  notes: string[];
  /** The names of the files in the run folder, in the order they were made. */
  files: string[];
}

/** The latest run of a timepoint, for the cohort view. */
export interface LatestRun {
  patientCode: string;
  timepointLabel: string;
  timepointId: number;
  runId: number;
  createdAtUtc: string;
  results: unknown;
}

interface RunRow {
  id: number;
  uuid: string;
  timepoint_id: number;
  inputs_sha256: string;
  version: string;
  decision: string;
  created_at_utc: string;
  results_json: string;
  notes_json: string;
  files_json: string;
  manifest_json: string;
}

interface ReviewRow {
  by_client: string;
  at_utc: string;
  note: string;
}

function runRow(store: Store, runId: number): RunRow {
  const row = store.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (row === undefined) throw new NotFoundError('run', runId);
  return row;
}

function reviewRow(store: Store, runId: number): ReviewRow | undefined {
  return store.db
    .prepare('SELECT by_client, at_utc, note FROM reviews WHERE run_id = ?')
    .get(runId) as ReviewRow | undefined;
}

function summaryOf(store: Store, row: RunRow): RunSummary {
  return {
    id: row.id,
    createdAtUtc: row.created_at_utc,
    version: row.version,
    inputsSha256: row.inputs_sha256,
    decision: row.decision,
    reviewed: reviewRow(store, row.id) !== undefined,
  };
}

/** The runs of a timepoint, oldest first (TimepointDetail.runs): one query, results not read. */
export function runSummaries(store: Store, timepointId: number): RunSummary[] {
  const rows = store.db
    .prepare(
      `SELECT r.id, r.created_at_utc, r.version, r.inputs_sha256, r.decision,
         EXISTS (SELECT 1 FROM reviews v WHERE v.run_id = r.id) AS reviewed
       FROM runs r WHERE r.timepoint_id = ? ORDER BY r.id`,
    )
    .all(timepointId) as (Pick<
    RunRow,
    'id' | 'created_at_utc' | 'version' | 'inputs_sha256' | 'decision'
  > & { reviewed: number })[];
  return rows.map((row) => ({
    id: row.id,
    createdAtUtc: row.created_at_utc,
    version: row.version,
    inputsSha256: row.inputs_sha256,
    decision: row.decision,
    reviewed: row.reviewed > 0,
  }));
}

/** Checks that the tmp folder holds exactly `files` (a programming error otherwise). */
function checkFolder(folder: string, files: readonly string[]): void {
  const present = readdirSync(folder).sort();
  const listed = [...files].sort();
  if (present.join('\n') !== listed.join('\n')) {
    throw new Error(`run folder ${folder} holds ${present.join(', ')}, not ${listed.join(', ')}`);
  }
}

/**
 * Commits a run: fsyncs its tmp folder, renames it to runs/<uuid>, fsyncs runs/, then one
 * transaction inserts the run row and its audit row. If the insert fails the renamed folder is
 * removed (a kill between rename and commit leaves a folder without a row: removed at open).
 */
export function insertRun(
  store: Store,
  timepointId: number,
  run: NewRun,
  client: Client,
): RunSummary {
  if (!RUN_UUID.test(run.uuid)) throw new Error(`run uuid ${run.uuid} is not a uuid`);
  const runsDir = join(store.dataDir, 'runs');
  const tmp = join(runsDir, `${TMP_PREFIX}${run.uuid}`);
  checkFolder(tmp, run.files);
  const manifest = storedManifest(run.manifest, run.baseDir ?? store.dataDir, store.dataDir);
  fsyncTree(tmp);
  const folder = runFolder(store, run.uuid);
  renameSync(tmp, folder);
  fsyncDir(runsDir);
  try {
    return inTransaction(store, () => {
      const timepoint = store.db.prepare('SELECT id FROM timepoints WHERE id = ?').get(timepointId);
      if (timepoint === undefined) throw new NotFoundError('timepoint', timepointId);
      const id = Number(
        store.db
          .prepare(
            `INSERT INTO runs (uuid, timepoint_id, inputs_sha256, inputs_rev, settings_json,
               manifest_json, version, results_json, decision, notes_json, files_json, created_at_utc)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            run.uuid,
            timepointId,
            run.inputsSha256,
            run.inputsRev,
            JSON.stringify(run.settings ?? null),
            JSON.stringify(manifest),
            run.version,
            JSON.stringify(run.results),
            run.decision,
            JSON.stringify(run.notes),
            JSON.stringify(run.files),
            new Date().toISOString(),
          ).lastInsertRowid,
      );
      const after = {
        uuid: run.uuid,
        inputsSha256: run.inputsSha256,
        version: run.version,
        decision: run.decision,
        files: run.files,
      };
      writeAudit(
        store,
        { action: 'run', entity: 'run', entityId: id, timepointId, before: null, after },
        client,
      );
      return summaryOf(store, runRow(store, id));
    });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** A run with its results, files, notes and review. */
export function getRun(store: Store, runId: number): RunDetail {
  const row = runRow(store, runId);
  const review = reviewRow(store, runId);
  return {
    ...summaryOf(store, row),
    timepointId: row.timepoint_id,
    results: JSON.parse(row.results_json) as unknown,
    files: JSON.parse(row.files_json) as string[],
    notes: JSON.parse(row.notes_json) as string[],
    review:
      review === undefined
        ? null
        : { byClient: review.by_client, atUtc: review.at_utc, note: review.note },
  };
}

/** The absolute path of one of the run's files; any other name is refused (400 or 404). */
export function runFilePath(store: Store, runId: number, name: string): string {
  const row = runRow(store, runId);
  const files = JSON.parse(row.files_json) as string[];
  checkRunFileName(name, files);
  if (!files.includes(name)) throw new NotFoundError(`file of run ${runId}`, name);
  return join(runFolder(store, row.uuid), name);
}

/** The manifest the run used, every path absolute (GET /runs/:rid/manifest.yaml). */
export function runManifest(store: Store, runId: number): Record<string, unknown> {
  return runnableManifest(JSON.parse(runRow(store, runId).manifest_json), store.dataDir);
}

/** Longest review note kept (characters). */
export const REVIEW_NOTE_MAX = 4000;

function validReview(input: unknown): { note: string } {
  const body = input ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError({}, 'expected a review as an object { note?: text }');
  }
  const unknown = Object.keys(body).filter((key) => key !== 'note');
  if (unknown.length > 0) {
    throw new InputError({ field: unknown[0] }, 'unknown key in a review (expected only note)');
  }
  const note = (body as ReviewInput).note ?? '';
  if (typeof note !== 'string' || note.length > REVIEW_NOTE_MAX) {
    throw new InputError(
      { field: 'note' },
      `expected a note as text of at most ${REVIEW_NOTE_MAX} characters`,
    );
  }
  return { note };
}

/** Signs a run off (one review per run: a second is a ConflictError); with its audit row. */
export function addReview(store: Store, runId: number, input: unknown, client: Client): RunDetail {
  const { note } = validReview(input);
  return inTransaction(store, () => {
    const row = runRow(store, runId);
    const earlier = reviewRow(store, runId);
    if (earlier !== undefined) {
      throw new ConflictError(
        'review',
        `run ${runId} was signed off already (${earlier.at_utc} by ${earlier.by_client})`,
        'a run is reviewed once; run again to review new results',
      );
    }
    const atUtc = new Date().toISOString();
    store.db
      .prepare('INSERT INTO reviews (run_id, by_client, at_utc, note) VALUES (?, ?, ?, ?)')
      .run(runId, client, atUtc, note);
    writeAudit(
      store,
      {
        action: 'review',
        entity: 'run',
        entityId: runId,
        timepointId: row.timepoint_id,
        before: null,
        after: { note },
      },
      client,
    );
    return getRun(store, runId);
  });
}

/**
 * The latest run of every timepoint that has one, patients in the order they were entered (the
 * trial's enrolment order, which the cohort's stopping rule counts in), then by timepoint id.
 */
export function latestRuns(store: Store): LatestRun[] {
  const rows = store.db
    .prepare(
      `SELECT p.code, t.label, t.id AS timepoint_id, r.id, r.created_at_utc, r.results_json
       FROM runs r JOIN timepoints t ON t.id = r.timepoint_id JOIN patients p ON p.id = t.patient_id
       WHERE r.id = (SELECT MAX(id) FROM runs WHERE timepoint_id = t.id)
       ORDER BY p.id, t.id`,
    )
    .all() as {
    code: string;
    label: string;
    timepoint_id: number;
    id: number;
    created_at_utc: string;
    results_json: string;
  }[];
  return rows.map((row) => ({
    patientCode: row.code,
    timepointLabel: row.label,
    timepointId: row.timepoint_id,
    runId: row.id,
    createdAtUtc: row.created_at_utc,
    results: JSON.parse(row.results_json) as unknown,
  }));
}
