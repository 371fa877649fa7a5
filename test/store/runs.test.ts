// The store's runs: tmp folder -> rename -> row (with its audit row), immutability, the one
// review, file names refused unless one of the run's files, latest runs, the stored/exported
// manifest paths, and what a kill between rename and commit leaves (removed at the next open).
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  abandonRun,
  addReview,
  beginRunFolder,
  closeStore,
  ConflictError,
  createPatient,
  getRun,
  insertRun,
  latestRuns,
  listAudit,
  NotFoundError,
  openStore,
  runFilePath,
  runManifest,
  runSummaries,
  type NewRun,
  type Store,
} from '../../src/store/index.ts';
import { mapManifestPaths, storedManifest } from '../../src/store/run-manifest.ts';
import { tempDir } from '../helpers/temp.ts';

/** Stand-in for createTimepoint (helper "records"): one timepoint row of a new patient. */
function timepoint(store: Store, code: string, label = 'wk0'): number {
  const patient = createPatient(store, { code }, 'test');
  return Number(
    store.db
      .prepare('INSERT INTO timepoints (patient_id, label, created_at_utc) VALUES (?, ?, ?)')
      .run(patient.id, label, new Date().toISOString()).lastInsertRowid,
  );
}

/** A run of fake artefacts written through the store's sink. */
async function fakeRun(store: Store, decision = 'eligible', value = 1) {
  const { uuid, folder, sink } = beginRunFolder(store);
  const results = { iodoseResults: 1, value, therapy: { decision } };
  await sink.put({ path: 'results.json', text: JSON.stringify(results) });
  await sink.put({ path: 'report.html', text: '<p>report</p>' });
  const run: NewRun = {
    uuid,
    inputsSha256: 'a'.repeat(64),
    inputsRev: 0,
    version: '0.1.0',
    settings: { x: 1 },
    manifest: { iodose: 1, scans: [{ id: 's1', pet: 'dicom/1.2.3' }] },
    results,
    decision,
    notes: ['a note'],
    files: sink.files,
  };
  return { uuid, folder, run };
}

describe('store runs', () => {
  it('commits a run: folder renamed, row and audit row; files only by their names', async () => {
    const store = openStore(tempDir());
    const tid = timepoint(store, 'P1');
    const { uuid, folder, run } = await fakeRun(store);
    expect(folder).toBe(join(store.dataDir, 'runs', `.tmp-${uuid}`));
    const summary = insertRun(store, tid, run, '127.0.0.1 test');
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(join(store.dataDir, 'runs'))).toEqual([uuid]);
    const detail = getRun(store, summary.id);
    expect(detail).toMatchObject({
      id: summary.id,
      timepointId: tid,
      decision: 'eligible',
      reviewed: false,
      review: null,
      files: ['results.json', 'report.html'],
      notes: ['a note'],
      results: run.results,
    });
    expect(runSummaries(store, tid)).toEqual([summary]);
    const path = runFilePath(store, summary.id, 'results.json');
    expect(path).toBe(join(store.dataDir, 'runs', uuid, 'results.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(run.results);
    for (const bad of ['../x', '..', '.hidden', 'a/b', 'a\\b', '', '../iodose.sqlite']) {
      expect(() => runFilePath(store, summary.id, bad)).toThrow(InputError);
    }
    expect(() => runFilePath(store, summary.id, 'other.json')).toThrow(NotFoundError);
    expect(() => runFilePath(store, 999, 'results.json')).toThrow(NotFoundError);
    const audit = listAudit(store, { entity: 'run', entityId: summary.id });
    expect(audit.map((a) => [a.action, a.client])).toEqual([['run', '127.0.0.1 test']]);
    expect(() => store.db.prepare("UPDATE runs SET decision = 'x'").run()).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM runs').run()).toThrow(/immutable/);
    closeStore(store);
  });

  it('an insert that fails leaves no folder; abandonRun removes only tmp run folders', async () => {
    const store = openStore(tempDir());
    const { folder, run } = await fakeRun(store);
    expect(() => insertRun(store, 42, run, 'c')).toThrow(NotFoundError);
    expect(readdirSync(join(store.dataDir, 'runs'))).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    const second = beginRunFolder(store);
    abandonRun(store, second.folder);
    expect(existsSync(second.folder)).toBe(false);
    expect(() => abandonRun(store, store.dataDir)).toThrow(/not a tmp run folder/);
    expect(() => abandonRun(store, join(store.dataDir, 'runs', '.tmp-../../x'))).toThrow();
    expect(existsSync(join(store.dataDir, 'iodose.sqlite'))).toBe(true);
    closeStore(store);
  });

  it('one review per run (a second is a conflict), in the audit log', async () => {
    const store = openStore(tempDir());
    const tid = timepoint(store, 'P1');
    const { id } = insertRun(store, tid, (await fakeRun(store)).run, 'c1');
    expect(() => addReview(store, id, { note: 5 }, 'c')).toThrow(/note: expected a note as text/);
    expect(() => addReview(store, id, { nope: 1 }, 'c')).toThrow(/nope/);
    expect(() => addReview(store, 77, {}, 'c')).toThrow(NotFoundError);
    const reviewed = addReview(store, id, { note: 'checked VOIs' }, '10.0.0.1 firefox');
    expect(reviewed.reviewed).toBe(true);
    expect(reviewed.review).toMatchObject({ byClient: '10.0.0.1 firefox', note: 'checked VOIs' });
    expect(() => addReview(store, id, {}, 'c2')).toThrow(ConflictError);
    expect(getRun(store, id).review?.note).toBe('checked VOIs');
    const audit = listAudit(store, { timepointId: tid });
    expect(audit.map((a) => a.action)).toEqual(['review', 'run']);
    closeStore(store);
  });

  it('latestRuns gives the newest run of each timepoint; older runs stay readable', async () => {
    const store = openStore(tempDir());
    const t1 = timepoint(store, 'P2', 'wk0');
    const t2 = timepoint(store, 'P1', 'wk0');
    const first = insertRun(store, t1, (await fakeRun(store, 'eligible', 1)).run, 'c');
    const second = insertRun(store, t1, (await fakeRun(store, 'not eligible', 2)).run, 'c');
    const other = insertRun(store, t2, (await fakeRun(store, 'not assessable', 3)).run, 'c');
    const latest = latestRuns(store);
    // In the order the patients were entered (P2 first), not by code.
    expect(latest.map((l) => [l.patientCode, l.timepointLabel, l.runId])).toEqual([
      ['P2', 'wk0', second.id],
      ['P1', 'wk0', other.id],
    ]);
    expect((latest[0]?.results as { value: number }).value).toBe(2);
    expect((getRun(store, first.id).results as { value: number }).value).toBe(1);
    closeStore(store);
  });

  it('a folder renamed but not committed (a kill), and tmp folders, are removed at open', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const tid = timepoint(store, 'P1');
    const kept = insertRun(store, tid, (await fakeRun(store)).run, 'c');
    const renamed = await fakeRun(store);
    renameSync(renamed.folder, join(dir, 'runs', renamed.uuid));
    const tmp = await fakeRun(store);
    closeStore(store);
    const again = openStore(dir);
    const keptUuid = again.db.prepare('SELECT uuid FROM runs').pluck().get() as string;
    expect(readdirSync(join(dir, 'runs'))).toEqual([keptUuid]);
    expect(existsSync(tmp.folder)).toBe(false);
    expect(getRun(again, kept.id).files).toEqual(['results.json', 'report.html']);
    closeStore(again);
  });

  it('stores paths inside the data folder relative to it and exports them absolute', async () => {
    const dir = tempDir();
    const outside = tempDir();
    const manifest = {
      iodose: 1,
      recovery: 'recovery/abc.json',
      scans: [
        { id: 'a', pet: 'dicom/1.2', ct: join(outside, 'ct') },
        { id: 'b', pet: '../elsewhere/pet' },
      ],
      extraCts: [{ id: 'x', ct: 'dicom/9.9' }],
      lesions: [{ id: 'L1', ctMasks: [{ path: 'masks/L1.nii' }] }, { id: 'L2' }],
      tracer: { administeredAt: '2024-01-01T00:00:00' },
    };
    const elsewhere = resolve(dir, '..', 'elsewhere', 'pet');
    const stored = storedManifest(manifest, dir, dir);
    // Inside the data folder: kept relative; outside it: made absolute.
    expect(stored).toEqual({
      ...manifest,
      scans: [manifest.scans[0], { id: 'b', pet: elsewhere }],
    });
    const fromElsewhere = storedManifest(
      { iodose: 1, scans: [{ id: 'a', pet: 'p' }] },
      outside,
      dir,
    );
    expect(fromElsewhere).toEqual({ iodose: 1, scans: [{ id: 'a', pet: join(outside, 'p') }] });
    const store = openStore(dir);
    const tid = timepoint(store, 'P1');
    const { run } = await fakeRun(store);
    const { id } = insertRun(store, tid, { ...run, manifest }, 'c');
    const exported = runManifest(store, id);
    expect(exported).toEqual({
      ...manifest,
      recovery: join(dir, 'recovery/abc.json'),
      scans: [
        { id: 'a', pet: join(dir, 'dicom/1.2'), ct: join(outside, 'ct') },
        { id: 'b', pet: elsewhere },
      ],
      extraCts: [{ id: 'x', ct: join(dir, 'dicom/9.9') }],
      lesions: [{ id: 'L1', ctMasks: [{ path: join(dir, 'masks/L1.nii') }] }, { id: 'L2' }],
    });
    expect(mapManifestPaths({ iodose: 1 }, () => 'x')).toEqual({ iodose: 1 });
    closeStore(store);
  });

  it('a run file written twice or with a folder name is refused by the sink', async () => {
    const store = openStore(tempDir());
    const { folder, sink } = beginRunFolder(store);
    await sink.put({ path: 'a.json', text: '{}' });
    expect(() => sink.put({ path: 'a.json', text: '{}' })).toThrow(/not a new plain file name/);
    expect(() => sink.put({ path: 'sub/b.json', text: '{}' })).toThrow(/plain file name/);
    expect(readdirSync(folder)).toEqual(['a.json']);
    closeStore(store);
  });
});
