// A stand-in for helper "records"' store functions (getTimepoint, setSessions, getSession,
// getLesion), which are not on this branch: plain SQL over the v1 tables, written against the
// signatures of STORE-API.md, so the image routes run over the real store's import and series
// functions. No validation and no audit rows: the real functions are tested by their helper.
import type * as T from '../../src/server/api-types.ts';
import type { ImageStorePort, StorePort } from '../../src/server/store-port.ts';
import {
  getSeries,
  importFolder,
  importUploads,
  NotFoundError,
  seriesOfTimepoint,
  type Store,
} from '../../src/store/index.ts';

const notHere = (name: string) => () => {
  throw new Error(`${name} is not part of this stand-in`);
};

interface SessionRow {
  id: number;
  timepoint_id: number;
  label: string;
  pet_series_id: number;
  ct_series_id: number | null;
}

function sessionOf(row: SessionRow): T.SessionDetail & { timepointId: number } {
  return {
    id: row.id,
    label: row.label,
    petSeriesId: row.pet_series_id,
    ctSeriesId: row.ct_series_id,
    hoursAfterAdministration: null,
    timepointId: row.timepoint_id,
  };
}

export function getTimepoint(store: Store, tid: number): T.TimepointDetail {
  const row = store.db.prepare('SELECT * FROM timepoints WHERE id = ?').get(tid) as
    { id: number; patient_id: number; label: string; tracer_json: string | null } | undefined;
  if (row === undefined) throw new NotFoundError('timepoint', tid);
  const sessions = (
    store.db
      .prepare('SELECT * FROM sessions WHERE timepoint_id = ? ORDER BY id')
      .all(tid) as SessionRow[]
  ).map(sessionOf);
  return {
    id: row.id,
    patientId: row.patient_id,
    patientCode: '',
    label: row.label,
    state: 'empty',
    weightKg: null,
    diffuseLungMetastases: false,
    tracer: row.tracer_json === null ? null : (JSON.parse(row.tracer_json) as T.TracerInput),
    therapy: null,
    settings: null,
    overrides: null,
    recovery: null,
    series: seriesOfTimepoint(store, tid),
    sessions: sessions.map(({ timepointId: _t, ...s }) => s),
    lesions: [],
    blood: [],
    wholeBody: [],
    runs: [],
    missing: [],
  };
}

export function setSessions(store: Store, tid: number, sessions: unknown): T.TimepointDetail {
  store.db.transaction(() => {
    store.db.prepare('DELETE FROM sessions WHERE timepoint_id = ?').run(tid);
    for (const s of sessions as T.SessionInput[]) {
      store.db
        .prepare(
          'INSERT INTO sessions (timepoint_id, label, pet_series_id, ct_series_id) VALUES (?, ?, ?, ?)',
        )
        .run(tid, s.label, s.petSeriesId, s.ctSeriesId ?? null);
    }
  })();
  return getTimepoint(store, tid);
}

export function getSession(store: Store, sid: number): T.SessionDetail & { timepointId: number } {
  const row = store.db.prepare('SELECT * FROM sessions WHERE id = ?').get(sid) as
    SessionRow | undefined;
  if (row === undefined) throw new NotFoundError('session', sid);
  return sessionOf(row);
}

export function getLesion(store: Store, lid: number): T.LesionDetail & { timepointId: number } {
  const row = store.db.prepare('SELECT * FROM lesions WHERE id = ?').get(lid) as
    | { id: number; timepoint_id: number; label: string; site: string | null; volume_ml: null }
    | undefined;
  if (row === undefined) throw new NotFoundError('lesion', lid);
  const seeds = store.db
    .prepare('SELECT session_id, x_mm, y_mm, z_mm FROM seeds WHERE lesion_id = ?')
    .all(lid) as { session_id: number; x_mm: number; y_mm: number; z_mm: number }[];
  return {
    id: row.id,
    label: row.label,
    site: row.site,
    volumeMl: row.volume_ml,
    seeds: seeds.map((s) => ({ sessionId: s.session_id, pointLps: [s.x_mm, s.y_mm, s.z_mm] })),
    timepointId: row.timepoint_id,
  };
}

/** A lesion with a seed in a session, as createLesion + putSeed would store them. */
export function addLesionWithSeed(
  store: Store,
  tid: number,
  label: string,
  seed: { sessionId: number; pointLps: T.PointLps } | null,
): number {
  const lid = Number(
    store.db.prepare('INSERT INTO lesions (timepoint_id, label) VALUES (?, ?)').run(tid, label)
      .lastInsertRowid,
  );
  if (seed !== null) {
    store.db
      .prepare('INSERT INTO seeds (lesion_id, session_id, x_mm, y_mm, z_mm) VALUES (?, ?, ?, ?, ?)')
      .run(lid, seed.sessionId, ...seed.pointLps);
  }
  return lid;
}

export const standInApi = {
  listPatients: notHere('listPatients'),
  createPatient: notHere('createPatient'),
  updatePatient: notHere('updatePatient'),
  createTimepoint: notHere('createTimepoint'),
  getTimepoint,
  patchTimepoint: notHere('patchTimepoint'),
  setSessions: (store: Store, tid: number, sessions: unknown) => setSessions(store, tid, sessions),
  createLesion: notHere('createLesion'),
  updateLesion: notHere('updateLesion'),
  deleteLesion: notHere('deleteLesion'),
  putSeed: notHere('putSeed'),
  deleteSeed: notHere('deleteSeed'),
  putBlood: notHere('putBlood'),
  putWholeBody: notHere('putWholeBody'),
  putRecovery: notHere('putRecovery'),
  getRun: notHere('getRun'),
  runFilePath: notHere('runFilePath'),
  addReview: notHere('addReview'),
  listAudit: notHere('listAudit'),
  timepointManifest: notHere('timepointManifest'),
  beginRunFolder: notHere('beginRunFolder'),
  insertRun: notHere('insertRun'),
  abandonRun: notHere('abandonRun'),
  runManifest: notHere('runManifest'),
  latestRuns: notHere('latestRuns'),
} satisfies StorePort<Store>;

export const imagePort: ImageStorePort<Store> = {
  importFolder,
  importUploads,
  getSeries,
  getSession,
  getLesion,
};
