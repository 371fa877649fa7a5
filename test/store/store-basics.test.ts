import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { loadStudyManifest } from '../../src/io/manifest/load-manifest.ts';
import { writeFileSync } from 'node:fs';
import {
  closeStore,
  ConflictError,
  createPatient,
  LATEST_VERSION,
  listAudit,
  listPatients,
  migrate,
  openStore,
  schemaVersion,
  updatePatient,
} from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

describe('store basics', () => {
  it('migrates an empty database to the latest version in WAL mode', () => {
    const store = openStore(tempDir());
    expect(schemaVersion(store)).toBe(LATEST_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    closeStore(store);
  });

  it('upgrades a v1 database with data in it, data intact', () => {
    const dir = tempDir();
    const file = join(dir, 'iodose.sqlite');
    const db = new Database(file);
    migrate(db, file, 1);
    db.prepare(
      "INSERT INTO patients (code, sex, height_cm, created_at_utc) VALUES ('P1', 'F', 170, 'x')",
    ).run();
    db.close();
    const store = openStore(dir);
    expect(schemaVersion(store)).toBe(LATEST_VERSION);
    expect(listPatients(store).map((p) => [p.code, p.sex, p.heightCm])).toEqual([['P1', 'F', 170]]);
    closeStore(store);
  });

  it('refuses a database newer than the code, naming the file and versions', () => {
    const dir = tempDir();
    const file = join(dir, 'iodose.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openStore(dir)).toThrow(
      /iodose\.sqlite: the database has schema version 99.*upgrade iodose/,
    );
  });

  it('creates and updates patients with audit rows; duplicates conflict', () => {
    const store = openStore(tempDir());
    const p = createPatient(store, { code: 'P1', sex: 'M' }, 'test client');
    expect(() => createPatient(store, { code: 'P1' }, 'c')).toThrow(ConflictError);
    updatePatient(store, p.id, { code: 'P1', heightCm: 180 }, 'c2');
    const audit = listAudit(store, { entity: 'patient', entityId: p.id });
    expect(audit.map((a) => a.action)).toEqual(['update', 'create']);
    expect(audit[0]?.before).toEqual({ code: 'P1', sex: 'M', heightCm: null });
    expect(audit[0]?.after).toEqual({ code: 'P1', sex: null, heightCm: 180 });
    closeStore(store);
  });

  it('refuses a bad height with the CLI message for patient.heightCm', () => {
    const dir = tempDir();
    const store = openStore(dir);
    let storeError: unknown;
    try {
      createPatient(store, { code: 'P2', heightCm: -3 }, 'c');
    } catch (error) {
      storeError = error;
    }
    closeStore(store);
    const path = join(dir, 'm.json');
    writeFileSync(
      path,
      JSON.stringify({
        iodose: 1,
        patient: { id: 'P2', weightKg: 70, heightCm: -3 },
        tracer: { nuclide: 'I-124', activityMBq: 37, administeredAt: '2024-03-04T09:15:00' },
      }),
    );
    let cliError: unknown;
    try {
      loadStudyManifest(path);
    } catch (error) {
      cliError = error;
    }
    expect(storeError).toBeInstanceOf(InputError);
    expect(cliError).toBeInstanceOf(InputError);
    expect((storeError as InputError).field).toBe('heightCm');
    expect((cliError as InputError).field).toBe('patient.heightCm');
    expect((storeError as InputError).expected).toBe((cliError as InputError).expected);
  });
});
