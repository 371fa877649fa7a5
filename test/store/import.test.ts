// The store's DICOM import (src/store/import.ts, import-files.ts): files under
// dicom/<series>/<sop>.dcm byte for byte, one transaction of rows + one audit row + inputs_rev,
// already stored instances skipped, and the refusals (another patient, a UID with "../", a SOP
// in two series, a series of another timepoint, a cancel) leaving no row and no file behind.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortedError } from '../../src/app/progress.ts';
import { InputError } from '../../src/core/errors.ts';
import {
  closeStore,
  ConflictError,
  getSeries,
  importFolder,
  importInstances,
  listAudit,
  NotFoundError,
  openStore,
  seriesFiles,
  seriesOfTimepoint,
  type Store,
} from '../../src/store/index.ts';
import { writeSeries } from '../fixtures/dicom/make-series.ts';
import { tempDir } from '../helpers/temp.ts';
import {
  count,
  CT_UID,
  ctSpec,
  instancesOf,
  makeTimepoint,
  PT_UID,
  ptSpec,
} from './import-fixtures.ts';

const CLIENT = '127.0.0.1 vitest';

/** Every file below `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

function nothingStored(store: Store): void {
  expect(count(store, 'SELECT COUNT(*) FROM series')).toBe(0);
  expect(count(store, 'SELECT COUNT(*) FROM instances')).toBe(0);
  expect(filesUnder(join(store.dataDir, 'dicom'))).toEqual([]);
  expect(listAudit(store, { entity: 'timepoint' })).toEqual([]);
}

describe('importInstances', () => {
  it('writes each instance byte for byte and commits series, instances, audit and inputs_rev', () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    const pt = instancesOf(ptSpec());
    const ct = instancesOf(ctSpec());
    const { seriesIds } = importInstances(store, tid, [...pt, ...ct], CLIENT);
    expect(seriesIds).toHaveLength(2);
    expect(count(store, 'SELECT COUNT(*) FROM instances')).toBe(11);
    for (const instance of [...pt, ...ct]) {
      const path = join(
        store.dataDir,
        'dicom',
        instance.seriesInstanceUid,
        `${instance.sopInstanceUid}.dcm`,
      );
      expect(Buffer.compare(readFileSync(path), Buffer.from(instance.bytes))).toBe(0);
    }
    const series = seriesOfTimepoint(store, tid);
    // By acquisition time: the CT (08:55) before the PET (09:00).
    expect(series.map((s) => [s.modality, s.instanceCount, s.acquiredAt])).toEqual([
      ['CT', 6, '2024-03-05T08:55:00'],
      ['PT', 5, '2024-03-05T09:00:00'],
    ]);
    const petId = seriesIds[0] as number;
    const pet = getSeries(store, petId);
    expect(pet.seriesInstanceUid).toBe(PT_UID);
    expect(pet.folder).toBe(join(store.dataDir, 'dicom', PT_UID));
    expect(pet.timepointId).toBe(tid);
    expect(pet.frameOfReferenceUid).toBe('1.2.826.0.1.3680043.9.7433.3.1');
    const files = seriesFiles(store, petId);
    expect(files).toHaveLength(5);
    expect([...files].sort()).toEqual(files);
    expect(files.every((f) => f.startsWith(pet.folder))).toBe(true);
    const audit = listAudit(store, { entity: 'timepoint', entityId: tid });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.action).toBe('import');
    expect(audit[0]?.client).toBe(CLIENT);
    // The audit row names series and counts, never the patient's DICOM identity.
    expect(JSON.stringify(audit[0]?.after)).not.toContain('TEST01');
    expect(count(store, 'SELECT inputs_rev FROM timepoints WHERE id = ?', tid)).toBe(1);
    closeStore(store);
  });

  it('skips instances stored already: no new row, no audit row, inputs_rev unchanged', () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    const first = importInstances(store, tid, instancesOf(ptSpec()), CLIENT);
    const again = importInstances(store, tid, instancesOf(ptSpec()), CLIENT);
    expect(again.seriesIds).toEqual(first.seriesIds);
    expect(count(store, 'SELECT COUNT(*) FROM instances')).toBe(5);
    expect(listAudit(store, { entity: 'timepoint' })).toHaveLength(1);
    expect(count(store, 'SELECT inputs_rev FROM timepoints WHERE id = ?', tid)).toBe(1);
    closeStore(store);
  });

  it("refuses another patient's instance in the same import, leaving nothing behind", () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    const mixed = [...instancesOf(ptSpec()), ...instancesOf(ctSpec({ PatientID: 'OTHER' }))];
    const error = (() => {
      try {
        importInstances(store, tid, mixed, CLIENT);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(`series ${CT_UID}: (0010,0020) Patient ID`);
    expect((error as Error).message).not.toContain('OTHER');
    nothingStored(store);
    closeStore(store);
  });

  it("refuses another patient's series in a timepoint that holds a series already", () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    importInstances(store, tid, instancesOf(ptSpec()), CLIENT);
    expect(() =>
      importInstances(store, tid, instancesOf(ctSpec({ PatientID: 'OTHER' })), CLIENT),
    ).toThrow(/differs from that of series .* stored in this timepoint/);
    expect(count(store, 'SELECT COUNT(*) FROM series')).toBe(1);
    expect(filesUnder(join(store.dataDir, 'dicom')).every((f) => f.startsWith(PT_UID))).toBe(true);
    closeStore(store);
  });

  it('refuses a UID that would leave the data folder (../), writing nothing anywhere', () => {
    const root = tempDir();
    const store = openStore(join(root, 'data'));
    const tid = makeTimepoint(store);
    const [one] = instancesOf(ptSpec());
    if (one === undefined) throw new Error('no instance');
    for (const bad of [
      { ...one, sopInstanceUid: '../../../escaped' },
      { ...one, seriesInstanceUid: '../..' },
      { ...one, seriesInstanceUid: '/tmp/x' },
    ]) {
      expect(() => importInstances(store, tid, [bad], CLIENT)).toThrow(InputError);
    }
    expect(filesUnder(root).filter((f) => !f.startsWith('data/iodose.sqlite'))).toEqual([]);
    nothingStored(store);
    closeStore(store);
  });

  it('refuses a SOP Instance UID stored in another series, and a series of another timepoint', () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    const other = makeTimepoint(store, 'P01', 'wk6');
    importInstances(store, tid, instancesOf(ptSpec()), CLIENT);
    const [one] = instancesOf(ptSpec());
    if (one === undefined) throw new Error('no instance');
    expect(() =>
      importInstances(store, tid, [{ ...one, seriesInstanceUid: `${PT_UID}.9` }], CLIENT),
    ).toThrow(ConflictError);
    expect(() => importInstances(store, other, instancesOf(ptSpec()), CLIENT)).toThrow(
      /stored already under another timepoint/,
    );
    expect(() => importInstances(store, 999, [one], CLIENT)).toThrow(NotFoundError);
    expect(count(store, 'SELECT COUNT(*) FROM series')).toBe(1);
    expect(count(store, 'SELECT COUNT(*) FROM instances')).toBe(5);
    closeStore(store);
  });
});

describe('importFolder', () => {
  function folderWithSeries(): string {
    const folder = tempDir('iodose-import-src-');
    writeSeries(join(folder, 'pet'), ptSpec());
    writeSeries(join(folder, 'ct', 'deeper'), ctSpec());
    writeFileSync(join(folder, 'README.txt'), 'not DICOM');
    return folder;
  }

  it('walks the folder, skips what is not DICOM (counted) and measures each series', async () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    const events: string[] = [];
    const outcome = await importFolder(store, tid, folderWithSeries(), CLIENT, {
      onProgress: (p) => events.push(`${p.stage} ${p.done}/${p.total}`),
    });
    expect(outcome.skippedFiles).toBe(1);
    expect(outcome.instancesAdded).toBe(11);
    expect(events).toContain('import 12/12');
    expect(events).toContain('size 2/2');
    const sizes = seriesOfTimepoint(store, tid).map((s) => [s.modality, s.size]);
    expect(sizes).toEqual([
      ['CT', [10, 8, 6]],
      ['PT', [8, 6, 5]],
    ]);
    closeStore(store);
  });

  it('refuses a relative folder and a missing one with field "folder"', async () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    await expect(importFolder(store, tid, 'relative/path', CLIENT)).rejects.toMatchObject({
      field: 'folder',
    });
    await expect(importFolder(store, tid, join(tempDir(), 'absent'), CLIENT)).rejects.toMatchObject(
      { field: 'folder' },
    );
    nothingStored(store);
    closeStore(store);
  });

  it('a cancel half-way commits nothing and removes the files it wrote', async () => {
    const store = openStore(tempDir());
    const tid = makeTimepoint(store);
    const controller = new AbortController();
    const folder = folderWithSeries();
    mkdirSync(join(folder, 'more'));
    await expect(
      importFolder(store, tid, folder, CLIENT, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'import' && p.done >= 4) controller.abort(new Error('test cancel'));
        },
      }),
    ).rejects.toBeInstanceOf(AbortedError);
    nothingStored(store);
    closeStore(store);
  });
});
