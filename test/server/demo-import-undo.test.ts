// The demo import is all or nothing (issue 10): a failure part way (injected into a store call,
// after the demo patient's DICOM import or in the middle of the cohort), a cancel (during the DICOM
// import, and during the cohort) and a damaged copy of a demo file each leave the store as it was:
// every table equal to its state before, bar the user's own patient made while the import ran
// (kept) and one audit row recording the rollback; no DICOM or recovery file left.
import { cpSync, readdirSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../src/app/progress.ts';
import { InputError } from '../../src/core/errors.ts';
import { importDemo, type DemoStore } from '../../src/server/demo-import.ts';
import { DEMO_STORE } from '../../src/server/serve.ts';
import type { StorePort } from '../../src/server/store-port.ts';
import * as storeApi from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
let store: storeApi.Store;

beforeEach(() => {
  dir = tempDir('iodose-demo-undo-');
  store = storeApi.openStore(dir);
});
afterEach(() => storeApi.closeStore(store));

/** Every row of every table (rowid order), the audit log apart. */
function tables(): Record<string, unknown[]> {
  const names = store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'audit'")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    names.map((name) => [name, store.db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]),
  );
}

/** Files below the data folder, the database's own apart. */
function files(): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile() && !e.name.startsWith('iodose.sqlite'))
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const audit = () => storeApi.listAudit(store, { limit: 10000 });

/** DEMO_STORE with `wrap` around its api; `user` makes the user's own patient mid-way. */
function demoStore(
  wrap: (api: StorePort<storeApi.Store>) => Partial<StorePort<storeApi.Store>>,
  extra: Partial<DemoStore<storeApi.Store>> = {},
): DemoStore<storeApi.Store> {
  return { ...DEMO_STORE, api: { ...storeApi, ...wrap(storeApi) }, ...extra };
}

let userPatient: unknown[] = [];
function makeUserPatient(): void {
  storeApi.createPatient(store, { code: 'USER-1', attributes: { histology: 'x' } }, 'user tab');
  userPatient =
    tables()['patients']?.filter((p) => (p as { code: string }).code === 'USER-1') ?? [];
}

/** The store after an undone import: as `before`, plus the user's patient; one rollback row. */
function expectUndone(before: Record<string, unknown[]>, beforeAudit: number, user: boolean): void {
  const after = tables();
  const want = {
    ...before,
    patients: [...(before['patients'] ?? []), ...(user ? userPatient : [])],
  };
  expect(after).toEqual(want);
  const rows = audit();
  expect(rows.length).toBe(beforeAudit + 1 + (user ? 1 : 0));
  expect(rows[0]?.action).toBe('rollback');
  expect(rows.filter((r) => r.client.includes('demo import'))).toEqual([]);
  expect(files()).toEqual([]);
  expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  expect(storeApi.getCohortSettings(store)).toEqual({});
}

describe('the demo import undoes itself', () => {
  it('after a failure once the demo patient DICOM is stored', async () => {
    const before = tables();
    let seenFiles = 0;
    const ds = demoStore(() => ({
      setSessions: () => {
        seenFiles = files().filter((f) => f.startsWith('dicom/')).length;
        makeUserPatient();
        throw new Error('injected failure in setSessions');
      },
    }));
    await expect(importDemo(ds, store, 'test client', {})).rejects.toThrow('injected failure');
    expect(seenFiles).toBeGreaterThan(100); // the DICOM files were there
    expectUndone(before, 0, true);
  }, 120_000);

  it('after a failure in the middle of the cohort (patients with attributes made)', async () => {
    const before = tables();
    let calls = 0;
    let madeWithAttributes = 0;
    const ds = demoStore((api) => ({
      putBlood: (s, tid, samples, client) => {
        calls += 1;
        if (calls === 6) makeUserPatient();
        if (calls === 12) {
          madeWithAttributes = storeApi
            .listPatients(s)
            .filter((p) => p.attributes?.['histology'] !== undefined).length;
          throw new Error('injected failure in putBlood');
        }
        return api.putBlood(s, tid, samples, client);
      },
    }));
    await expect(importDemo(ds, store, 'test client', {})).rejects.toThrow('injected failure');
    expect(madeWithAttributes).toBeGreaterThan(3);
    expectUndone(before, 0, true);
  }, 120_000);

  for (const stage of ['import', 'cohort']) {
    it(`when cancelled during stage ${stage} (the DICOM import, the cohort)`, async () => {
      const before = tables();
      const controller = new AbortController();
      const onProgress = (p: Progress) => {
        if (p.stage === stage && p.done === 1) controller.abort(new Error('cancelled by the test'));
      };
      const ds = demoStore(() => ({}));
      await expect(
        importDemo(ds, store, 'test client', { signal: controller.signal, onProgress }),
      ).rejects.toThrow('cancelled by the test');
      expectUndone(before, 0, false);
    }, 120_000);
  }

  it('refuses a damaged copy of a demo file before storing anything', async () => {
    const copy = tempDir('iodose-demo-copy-');
    cpSync(join(ROOT, 'examples', 'demo-cohort'), copy, { recursive: true });
    writeFileSync(join(copy, 'P05', 'wk6.yaml'), 'iodose: 1\npatient: { id: P05, weightKg: -1 }\n');
    const before = tables();
    const ds = demoStore(() => ({}), { cohortDir: copy });
    const error = await importDemo(ds, store, 'c', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(join('P05', 'wk6.yaml'));
    expect(tables()).toEqual(before);
    expect(audit()).toEqual([]);
    expect(files()).toEqual([]);
  });
});
