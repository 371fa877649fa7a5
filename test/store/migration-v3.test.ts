import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closeStore,
  getTimepoint,
  LATEST_VERSION,
  migrate,
  openStore,
  patchTimepoint,
  schemaVersion,
} from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';
import { CLIENT, storeWithTimepoint, TRACER } from './records-fixture.ts';

describe('schema v3', () => {
  it('upgrades a v2 database with data: rows intact, measurements column added, recovery deduplicated', () => {
    const dir = tempDir();
    const file = join(dir, 'iodose.sqlite');
    const db = new Database(file);
    migrate(db, file, 2);
    db.exec(`
      INSERT INTO patients (id, code, sex, height_cm, created_at_utc) VALUES (1, 'P1', 'M', 180, 'x');
      INSERT INTO recovery (id, name, sha256, created_at_utc) VALUES (1, 'a.json', 'abc', 'x'),
        (2, 'b.json', 'abc', 'x');
      INSERT INTO timepoints (id, patient_id, label, weight_kg, tracer_json, recovery_id, inputs_rev,
        created_at_utc) VALUES (1, 1, 'baseline', 70, '${JSON.stringify(TRACER)}', 2, 4, 'x');
      INSERT INTO blood_samples (timepoint_id, ord, at, conc_bq_per_ml)
        VALUES (1, 0, '2024-03-04T11:00:00', 900);
    `);
    db.close();
    const store = openStore(dir);
    expect(schemaVersion(store)).toBe(LATEST_VERSION);
    const detail = getTimepoint(store, 1);
    expect(detail).toMatchObject({
      patientCode: 'P1',
      label: 'baseline',
      weightKg: 70,
      tracer: TRACER,
      measurements: null,
      blood: [{ at: '2024-03-04T11:00:00', concBqPerMl: 900 }],
      // Both rows named the same file: the timepoint now points at the first, under its own name.
      recovery: { name: 'b.json', sha256: 'abc' },
    });
    expect(store.db.prepare('SELECT COUNT(*) FROM recovery').pluck().get()).toBe(1);
    expect(store.db.prepare('SELECT inputs_rev FROM timepoints').pluck().get()).toBe(4);
    const measurements = {
      lesions: [{ lesion: 'L1', at: '2024-03-05T09:00:00', meanConcBqPerMl: 10 }],
    };
    expect(patchTimepoint(store, 1, { measurements }, CLIENT).measurements).toEqual(measurements);
    closeStore(store);
  });

  it('shows runs with their reviews; the state is run only while the inputs are unchanged', () => {
    const { store, tid } = storeWithTimepoint();
    const rev = store.db.prepare('SELECT inputs_rev FROM timepoints WHERE id = ?').pluck().get(tid);
    store.db
      .prepare(
        `INSERT INTO runs (uuid, timepoint_id, inputs_sha256, inputs_rev, settings_json,
           manifest_json, version, results_json, decision, notes_json, files_json, created_at_utc)
         VALUES ('u1', ?, 'f00', ?, '{}', '{}', '0.1.0', '{}', 'eligible', '[]', '[]', '2026-12-03T12:00:00Z')`,
      )
      .run(tid, rev);
    let detail = getTimepoint(store, tid);
    expect(detail.runs).toEqual([
      {
        id: 1,
        createdAtUtc: '2026-12-03T12:00:00Z',
        version: '0.1.0',
        inputsSha256: 'f00',
        decision: 'eligible',
        reviewed: false,
      },
    ]);
    expect(detail.state).toBe('run');
    store.db
      .prepare("INSERT INTO reviews (run_id, by_client, at_utc, note) VALUES (1, 'c', 'x', '')")
      .run();
    detail = getTimepoint(store, tid);
    expect(detail.runs[0]?.reviewed).toBe(true);
    expect(detail.state).toBe('reviewed');
    detail = patchTimepoint(store, tid, { weightKg: 71 }, CLIENT);
    expect(detail.state).toBe('empty');
  });
});
