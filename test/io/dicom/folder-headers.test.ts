/**
 * The folder reader lists series from headers only: with a CT and a PET in one folder, reading
 * the PET reads the CT files' first bytes only (HEADER_BYTES) and decodes no CT pixel: counted
 * with spies on the file reader and on the frame decoder (not by timing).
 */
import { statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type * as DecodeInto from '../../../src/io/dicom/read/decode-into.ts';
import type * as InstanceFiles from '../../../src/io/dicom/read/instance-files.ts';
import { writeSeries } from '../../fixtures/dicom/make-series.ts';
import { tempDir } from '../../helpers/temp.ts';

const calls = vi.hoisted(() => ({
  decoded: [] as string[],
  read: [] as { path: string; limit: number }[],
}));

vi.mock('../../../src/io/dicom/read/decode-into.ts', async (original) => {
  const real = await original<typeof DecodeInto>();
  return {
    ...real,
    decodeFrameInto: (...args: Parameters<typeof real.decodeFrameInto>) => {
      calls.decoded.push(args[6]);
      return real.decodeFrameInto(...args);
    },
  };
});
vi.mock('../../../src/io/dicom/read/instance-files.ts', async (original) => {
  const real = await original<typeof InstanceFiles>();
  const record = (path: string, limit = Infinity) => calls.read.push({ path, limit });
  return {
    ...real,
    readFileSync: (...args: Parameters<typeof real.readFileSync>) => {
      record(args[0], args[1]);
      return real.readFileSync(...args);
    },
    readFileAsync: (...args: Parameters<typeof real.readFileAsync>) => {
      record(args[0], args[1]);
      return real.readFileAsync(...args);
    },
    readKnownAsync: (...args: Parameters<typeof real.readKnownAsync>) => {
      record(args[0]);
      return real.readKnownAsync(...args);
    },
  };
});

const { listSeries, readSeries, readSeriesAsync } =
  await import('../../../src/io/dicom/read/read-series.ts');
const { HEADER_BYTES } = await import('../../../src/io/dicom/read/folder-series.ts');

const dir = tempDir('iodose-folder-headers-');
const spec = {
  columns: 200,
  rows: 200,
  slices: 4,
  pixelSpacingMm: [2, 2] as [number, number],
  orientation: [1, 0, 0, 0, 1, 0] as [number, number, number, number, number, number],
  position: (k: number): [number, number, number] => [0, 0, 2 * k],
};
const ctFiles = writeSeries(dir, { ...spec, modality: 'CT', seriesInstanceUid: '1.2.3.61' });
const petFiles = writeSeries(dir, {
  ...spec,
  modality: 'PT',
  seriesInstanceUid: '1.2.3.62',
  rescaleSlope: () => 2,
});

describe.each([
  ['readSeries', async () => readSeries(dir, { modality: 'PT' })],
  ['readSeriesAsync', () => readSeriesAsync(dir, { modality: 'PT' })],
])('%s of the PET in a folder that also holds a CT', (_name, read) => {
  it('decodes only the PET frames and reads only the first bytes of the CT files', async () => {
    calls.decoded.length = 0;
    calls.read.length = 0;
    const pet = await read();
    expect(pet.modality).toBe('PT');
    expect([...calls.decoded].sort()).toEqual([...petFiles].sort());
    expect(statSync(ctFiles[0] ?? '').size).toBeGreaterThan(HEADER_BYTES);
    const ctReads = calls.read.filter((r) => ctFiles.includes(r.path));
    expect(ctReads).toHaveLength(ctFiles.length);
    expect(ctReads.every((r) => r.limit === HEADER_BYTES)).toBe(true);
  });
});

it('listSeries decodes no pixel at all', () => {
  calls.decoded.length = 0;
  expect(
    listSeries(dir)
      .map((s) => s.modality)
      .sort(),
  ).toEqual(['CT', 'PT']);
  expect(calls.decoded).toEqual([]);
});
