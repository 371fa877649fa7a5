// What a killed writer leaves in the data folder is removed when the store opens again, and
// nothing with a row is touched (src/store/files.ts cleanOrphans; the layout of STORE-API.md).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

describe('orphan cleanup at open', () => {
  it('removes temporary and row-less files and folders, keeps everything with a row', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const now = new Date().toISOString();
    const db = store.db;
    db.prepare("INSERT INTO patients (code, created_at_utc) VALUES ('P1', ?)").run(now);
    db.prepare(
      "INSERT INTO timepoints (patient_id, label, created_at_utc) VALUES (1, 'baseline', ?)",
    ).run(now);
    db.prepare(
      "INSERT INTO series (timepoint_id, series_uid, study_uid, modality, description) VALUES (1, '1.2.9', '1.2', 'PT', 'kept')",
    ).run();
    db.prepare(
      "INSERT INTO instances (series_id, sop_uid, path) VALUES (1, '1.2.9.1', 'dicom/1.2.9/1.2.9.1.dcm')",
    ).run();
    const sha = 'a'.repeat(64);
    db.prepare("INSERT INTO recovery (name, sha256, created_at_utc) VALUES ('r.json', ?, ?)").run(
      sha,
      now,
    );
    closeStore(store);

    const file = (path: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), 'x');
    };
    const kept = ['dicom/1.2.9/1.2.9.1.dcm', `recovery/${sha}.json`];
    const orphans = [
      '.tmp-demo-abc/patient/pet24/x.dcm',
      'runs/.tmp-1234/results.json',
      'runs/0f0e0d0c-0000-4000-8000-000000000000/results.json',
      'dicom/1.2.9/.tmp-5678',
      'dicom/1.2.9/1.2.9.2.dcm',
      'dicom/1.2.7/1.2.7.1.dcm',
      `recovery/${'b'.repeat(64)}.json`,
      'recovery/.tmp-9abc',
    ];
    for (const path of [...kept, ...orphans]) file(path);

    closeStore(openStore(dir));
    for (const path of kept) expect(existsSync(join(dir, path)), path).toBe(true);
    for (const path of orphans) expect(existsSync(join(dir, path)), path).toBe(false);
    // Emptied folders go too; the store's own folders stay.
    expect(existsSync(join(dir, 'dicom/1.2.7'))).toBe(false);
    expect(existsSync(join(dir, '.tmp-demo-abc'))).toBe(false);
    for (const sub of ['dicom', 'recovery', 'runs']) expect(existsSync(join(dir, sub))).toBe(true);
    expect(existsSync(join(dir, 'iodose.sqlite'))).toBe(true);
  });
});
