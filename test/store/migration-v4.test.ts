import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closeStore,
  getTimepoint,
  migrate,
  openStore,
  schemaVersion,
} from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

describe('schema v4', () => {
  it('upgrades a v3 database with data: rows intact, patient attributes and PACS nodes added', () => {
    const dir = tempDir();
    const file = join(dir, 'iodose.sqlite');
    const db = new Database(file);
    migrate(db, file, 3);
    db.exec(`
      INSERT INTO patients (id, code, sex, height_cm, created_at_utc) VALUES (1, 'P1', 'F', 165, 'x');
      INSERT INTO timepoints (id, patient_id, label, weight_kg, inputs_rev, created_at_utc)
        VALUES (1, 1, 'wk0', 61, 2, 'x');
    `);
    db.close();
    const store = openStore(dir);
    expect(schemaVersion(store)).toBe(4);
    expect(getTimepoint(store, 1)).toMatchObject({ patientCode: 'P1', label: 'wk0', weightKg: 61 });
    const columns = store.db.prepare('PRAGMA table_info(patients)').all() as { name: string }[];
    expect(columns.map((c) => c.name)).toContain('attributes_json');
    expect(store.db.prepare('SELECT attributes_json FROM patients').pluck().get()).toBeNull();
    store.db
      .prepare("INSERT INTO pacs_nodes (name, url, created_at_utc) VALUES ('a', 'http://x/', 'x')")
      .run();
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO pacs_nodes (name, url, created_at_utc) VALUES ('a', 'http://y/', 'x')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    closeStore(store);
  });
});
