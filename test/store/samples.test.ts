import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocalDateTimeMs } from '../../src/core/time.ts';
import { loadRecoveryFile } from '../../src/io/manifest/load-recovery.ts';
import {
  createTimepoint,
  getTimepoint,
  listAudit,
  NotFoundError,
  putBlood,
  putRecovery,
  putWholeBody,
} from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';
import {
  baseManifest,
  CLIENT,
  cliError,
  errorOf,
  recoveryFile,
  storeWithTimepoint,
} from './records-fixture.ts';

const samples = [
  { at: '2024-03-04T11:00:00', concBqPerMl: 900 },
  { at: '2024-03-05T09:00:00', concBqPerMl: 400 },
  { at: '2024-03-07T09:00:00', concBqPerMl: 80 },
];

describe('blood samples and whole-body counts', () => {
  it('replaces the blood list with one audit row holding the old and new lists', () => {
    const { store, tid } = storeWithTimepoint();
    putBlood(store, tid, samples.slice(0, 1), CLIENT);
    const detail = putBlood(store, tid, samples, CLIENT);
    expect(detail.blood).toEqual(samples);
    const audit = listAudit(store, { entity: 'blood', entityId: tid });
    expect(audit).toHaveLength(2);
    expect(audit[0]?.before).toEqual(samples.slice(0, 1));
    expect(audit[0]?.after).toEqual(samples);
    expect(putBlood(store, tid, [], CLIENT).blood).toEqual([]);
    expect(() => putBlood(store, 999, samples, CLIENT)).toThrow(NotFoundError);
  });

  it('a bad 3rd sample: the CLI field and message, and the old list stays', () => {
    const { store, tid } = storeWithTimepoint();
    putBlood(store, tid, samples.slice(0, 2), CLIENT);
    const bad = [...samples.slice(0, 2), { at: '2024-03-07T09:00:00', concBqPerMl: -3 }];
    const mine = errorOf(() => putBlood(store, tid, bad, CLIENT));
    const cli = cliError({ ...baseManifest(), blood: bad });
    expect(mine.field).toBe('blood[2].concBqPerMl');
    expect(cli.field).toBe('blood[2].concBqPerMl');
    expect(mine.expected).toBe(cli.expected);
    const late = [...samples.slice(0, 2), { at: '2024-02-30T09:00:00', concBqPerMl: 3 }];
    // The schema takes any text; the run refuses an impossible date (core/time.ts): so does the store.
    const lateError = errorOf(() => putBlood(store, tid, late, CLIENT));
    const runError = errorOf(() => parseLocalDateTimeMs('2024-02-30T09:00:00', { field: 'x' }));
    expect(lateError.field).toBe('blood[2].at');
    expect(lateError.expected).toBe(runError.expected);
    expect(errorOf(() => putBlood(store, tid, { at: 'x' }, CLIENT)).expected).toBe(
      cliError({ ...baseManifest(), blood: { at: 'x' } }).expected,
    );
    expect(getTimepoint(store, tid).blood).toEqual(samples.slice(0, 2));
    expect(listAudit(store, { entity: 'blood' })).toHaveLength(1);
  });

  it('a write that fails inside the transaction (3rd insert) rolls back the whole list', () => {
    const { store, tid } = storeWithTimepoint();
    putBlood(store, tid, samples.slice(0, 1), CLIENT);
    const rev = () =>
      store.db.prepare('SELECT inputs_rev FROM timepoints WHERE id = ?').pluck().get(tid);
    const revBefore = rev();
    // A disk-full stand-in: SQLite refuses the third row after the old rows were deleted.
    store.db.exec(`CREATE TEMP TRIGGER fail_third BEFORE INSERT ON blood_samples
      WHEN NEW.ord = 2 BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END`);
    expect(() => putBlood(store, tid, samples, CLIENT)).toThrow(/disk full/);
    store.db.exec('DROP TRIGGER fail_third');
    expect(getTimepoint(store, tid).blood).toEqual(samples.slice(0, 1));
    expect(rev()).toBe(revBefore);
    expect(listAudit(store, { entity: 'blood' })).toHaveLength(1);
  });

  it('stores whole-body counts as given; a bad entry has the CLI field and message', () => {
    const { store, tid } = storeWithTimepoint();
    const counts = [
      { at: '2024-03-04T11:00:00', netCounts: 10000 },
      { at: '2024-03-05T09:00:00', anteriorCounts: 8000, posteriorCounts: 7000 },
    ];
    expect(putWholeBody(store, tid, counts, CLIENT).wholeBody).toEqual(counts);
    const bad = [counts[0], { at: '2024-03-05T09:00:00', anteriorCounts: 8000 }];
    const mine = errorOf(() => putWholeBody(store, tid, bad, CLIENT));
    const cli = cliError({ ...baseManifest(), wholeBody: bad });
    expect(cli.field).toBe('wholeBody[1].posteriorCounts');
    expect(mine.field).toBe(cli.field);
    expect(mine.expected).toBe(cli.expected);
    expect(getTimepoint(store, tid).wholeBody).toEqual(counts);
    expect(listAudit(store, { entity: 'wholeBody', entityId: tid })[0]?.after).toEqual(counts);
  });
});

describe('recovery file', () => {
  it('writes DIR/recovery/<sha256 of the bytes>.json; the same content twice is one row', () => {
    const { store, tid, patientId } = storeWithTimepoint();
    const content = recoveryFile();
    const detail = putRecovery(store, tid, { name: 'scanner-a.json', content }, CLIENT);
    const sha = detail.recovery?.sha256 ?? '';
    const path = join(store.dataDir, 'recovery', `${sha}.json`);
    const bytes = readFileSync(path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(content);
    // The CLI reads it back with the same hash.
    expect(loadRecoveryFile('m.yaml', `recovery/${sha}.json`, store.dataDir).sha256).toBe(sha);
    expect(detail.recovery).toEqual({ name: 'scanner-a.json', sha256: sha });
    const other = createTimepoint(store, patientId, { label: 'wk6' }, CLIENT);
    const again = putRecovery(
      store,
      other.id,
      { name: 'again.json', content: recoveryFile() },
      CLIENT,
    );
    expect(again.recovery).toEqual({ name: 'again.json', sha256: sha });
    expect(getTimepoint(store, tid).recovery?.name).toBe('scanner-a.json');
    expect(store.db.prepare('SELECT COUNT(*) FROM recovery').pluck().get()).toBe(1);
    expect(readdirSync(join(store.dataDir, 'recovery'))).toEqual([`${sha}.json`]);
    const changed = putRecovery(store, tid, { name: 'b.json', content: recoveryFile(0.8) }, CLIENT);
    expect(changed.recovery?.sha256).not.toBe(sha);
    const audit = listAudit(store, { entity: 'recovery', timepointId: tid });
    expect(audit[0]?.before).toEqual({ name: 'scanner-a.json', sha256: sha });
    expect(audit[0]?.after).toEqual(changed.recovery);
    expect(() => putRecovery(store, 999, { name: 'x', content }, CLIENT)).toThrow(NotFoundError);
  });

  it('refuses content the CLI refuses, with its message, writing nothing', () => {
    const { store, tid } = storeWithTimepoint();
    for (const content of [
      { ...recoveryFile(), iodoseRecovery: 2 },
      recoveryFile(-1),
      { ...recoveryFile(), curve: { model: 'linear' } },
      'not a mapping',
    ]) {
      const mine = errorOf(() => putRecovery(store, tid, { name: 'r.json', content }, CLIENT));
      const dir = tempDir();
      writeFileSync(join(dir, 'r.json'), JSON.stringify(content));
      const cli = errorOf(() => loadRecoveryFile(join(dir, 'm.yaml'), 'r.json'));
      expect(mine.field).toBe(cli.field === undefined ? 'content' : `content.${cli.field}`);
      if (typeof content !== 'string') expect(mine.expected).toBe(cli.expected);
    }
    expect(readdirSync(join(store.dataDir, 'recovery'))).toEqual([]);
    expect(existsSync(join(store.dataDir, 'recovery'))).toBe(true);
    expect(getTimepoint(store, tid).recovery).toBeNull();
  });
});
