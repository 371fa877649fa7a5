// The fast header path (fast-header.ts, lazy data sets) against the general parse
// (parseInstance): the same instance and data set, value for value, on series written by the
// project's writer and by dcmjs, on the two third-party fixtures (implicit VR, UN and private
// elements, sequences), and on files it must leave to
// the general path; then whole series read by the folder reader (fast path) against the same
// bytes assembled by assembleSeries (general path), voxel for voxel, and against pydicom.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, type Volume } from '../../../src/core/volume.ts';
import { assembleSeries } from '../../../src/io/dicom/read/assemble-instances.ts';
import { fastHeader } from '../../../src/io/dicom/read/fast-header.ts';
import type { DicomInstance } from '../../../src/io/dicom/read/instance.ts';
import { parseInstance } from '../../../src/io/dicom/read/parse-instance.ts';
import { readPetSeries } from '../../../src/io/dicom/read/read-pet-series.ts';
import { readSeries, type LoadedSeries } from '../../../src/io/dicom/read/read-series.ts';
import { newSessionUids } from '../../../src/io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../../../src/io/dicom/write/write-series.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import { writeSeries } from '../../fixtures/dicom/make-series.ts';
import { hasPydicom, readWithPydicom, warnMissing } from '../../helpers/external-tools.ts';
import { tempDir } from '../../helpers/temp.ts';

const root = tempDir('iodose-fast-header-');
const FIXTURES = join(import.meta.dirname, '../../fixtures/dicom');
const session = newSessionUids();
const base = {
  patient: { id: 'F01', name: 'Fast^Path', sex: 'F' as const, birthDate: '1970-01-02' },
  study: {
    instanceUid: session.studyInstanceUid,
    id: 'S1',
    description: 'fast',
    at: '2024-03-05T09:00:00',
  },
  frameOfReferenceUid: session.frameOfReferenceUid,
  seriesNumber: 4,
  acquiredAt: '2024-03-05T09:15:00',
};
const grid = { size: [9, 7, 6] as const, spacingMm: [2.5, 3, 4] as const };
const volume = (value: (n: number) => number): Volume => ({
  size: [...grid.size],
  spacingMm: [...grid.spacingMm],
  originLps: [-10, 20, -30],
  direction: IDENTITY_DIRECTION,
  data: Float32Array.from({ length: 9 * 7 * 6 }, (_, n) => value(n)),
});
const pet = { administeredAt: '2024-03-04T09:15:00', halfLifeH: I124.halfLifeH };
writePetSeries(
  volume((n) => 100 + ((n * 37) % 500) * 3.7),
  join(root, 'pet'),
  {
    ...base,
    seriesDescription: 'PET fast path',
    administeredAt: pet.administeredAt,
    activityBq: 37e6,
    decayCorrection: 'START',
  },
);
writeCtSeries(
  volume((n) => ((n * 53) % 2000) - 1000),
  join(root, 'ct'),
  {
    ...base,
    seriesDescription: 'CT fast path',
  },
);
writeSeries(join(root, 'dcmjs'), {
  modality: 'PT',
  seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.3.77',
  columns: 5,
  rows: 4,
  slices: 3,
  pixelSpacingMm: [2, 2],
  orientation: [1, 0, 0, 0, 1, 0],
  position: (k) => [0, 0, 3 * k],
  rescaleSlope: (k) => 0.5 + 0.25 * k,
});

const files = (folder: string): string[] =>
  readdirSync(join(root, folder)).map((name) => join(root, folder, name));
const written = [...files('pet'), ...files('ct'), ...files('dcmjs')];
const fixtures = ['dicomweb-client-ge-mr-sagittal.dcm', 'dicomweb-client-siemens-pet.dcm'].map(
  (name) => join(FIXTURES, name),
);

function general(bytes: Uint8Array, path: string): DicomInstance {
  const header = parseInstance(
    { bytes, source: path },
    { headerOnly: true, fileLength: bytes.length },
  );
  if (header === null) throw new Error(`${path} is not DICOM`);
  return header;
}

/** The fast path's data set as a plain object, read through the Proxy (keys in its order). */
const plain = (ds: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.keys(ds).map((key) => [key, ds[key]]));

describe('fast header path', () => {
  it.each([...written, ...fixtures])(
    '%s: same instance and data set as the general parse',
    (path) => {
      const bytes = readFileSync(path);
      const slow = general(bytes, path);
      const fast = fastHeader(bytes, path, bytes.length);
      if (fast === undefined) throw new Error(`${path}: the fast path did not take it`);
      const { dataset, ...rest } = fast.header;
      const { dataset: slowDataset, ...slowRest } = slow;
      expect(rest).toEqual(slowRest);
      expect(Object.keys(dataset)).toEqual(Object.keys(slowDataset));
      expect(plain(dataset)).toEqual(slowDataset);
      for (const key of Object.keys(slowDataset)) expect(Object.hasOwn(dataset, key)).toBe(true);
      expect(fast.prefix).toEqual(new Uint8Array(bytes.subarray(0, slow.pixelDataOffset ?? 0)));
    },
  );

  it('reads values from its own copy: the read buffer may be reused for the next file', () => {
    const [a, b] = files('ct') as [string, string];
    const buffer = Buffer.from(readFileSync(a));
    const first = fastHeader(buffer, a, buffer.length);
    readFileSync(b).copy(buffer);
    expect(first).toBeDefined();
    expect(plain(first?.header.dataset ?? {})).toEqual(general(readFileSync(a), a).dataset);
  });

  it('leaves to the general path: cut before Pixel Data, big endian, a bad number, no DICM', () => {
    const path = files('pet')[0] as string;
    const bytes = readFileSync(path);
    const at = general(bytes, path).pixelDataOffset as number;
    expect(fastHeader(bytes.subarray(0, at - 40), path, bytes.length)).toBeUndefined();
    const bigEndian = Buffer.from(bytes);
    const syntax = bigEndian.indexOf('1.2.840.10008.1.2.1');
    bigEndian.write('1.2.840.10008.1.2.2', syntax, 'latin1');
    expect(() => general(bigEndian, path)).toThrow(/truncated or damaged/); // its own error
    expect(fastHeader(bigEndian, path, bytes.length)).toBeUndefined();
    const damaged = Buffer.from(bytes);
    const slope = damaged.indexOf(Buffer.from([0x28, 0x00, 0x53, 0x10]));
    damaged.write('x', slope + 8, 'latin1'); // a letter in Rescale Slope (DS)
    expect(fastHeader(damaged, path, bytes.length)).toBeUndefined();
    expect(() => general(damaged, path)).toThrow(/Rescale Slope/);
    const noPrefix = Buffer.from(bytes);
    noPrefix.write('DICX', 128, 'latin1');
    expect(fastHeader(noPrefix, path, bytes.length)).toBeUndefined();
  });

  it('a data set written to or deleted from behaves as a plain object', () => {
    const path = files('ct')[0] as string;
    const bytes = readFileSync(path);
    const ds = (fastHeader(bytes, path, bytes.length) as { header: DicomInstance }).header.dataset;
    ds['Modality'] = 'MR';
    ds['Extra'] = 1;
    delete ds['Rows'];
    expect(ds['Modality']).toBe('MR');
    expect('Rows' in ds).toBe(false);
    expect(Object.keys(ds)).toContain('Extra');
    expect(Object.keys(ds)).not.toContain('Rows');
  });
});

function expectSame(fast: LoadedSeries, slow: LoadedSeries): void {
  expect(fast.volume.data.constructor).toBe(slow.volume.data.constructor);
  expect(
    Buffer.from(fast.volume.data.buffer, fast.volume.data.byteOffset, fast.volume.data.byteLength),
  ).toEqual(
    Buffer.from(slow.volume.data.buffer, slow.volume.data.byteOffset, slow.volume.data.byteLength),
  );
  const { volume: v, ...rest } = fast;
  const { volume: w, ...slowRest } = slow;
  expect({ ...v, data: null }).toEqual({ ...w, data: null });
  expect(rest).toEqual(slowRest);
}

const bytesOf = (folder: string) =>
  files(folder)
    .sort()
    .map((path) => ({ bytes: readFileSync(path), source: path }));

describe('series read by the fast path', () => {
  it.each(['ct', 'dcmjs'])('%s: the same volume, bit for bit, as the general path', (folder) => {
    expectSame(
      readSeries(join(root, folder)),
      assembleSeries(bytesOf(folder), { label: join(root, folder) }),
    );
  });

  it('PET in Bq/mL (readPetSeries): the same volume as the general path', () => {
    const fast = readPetSeries(join(root, 'pet'), pet);
    const slow = assembleSeries(bytesOf('pet'), { label: join(root, 'pet') });
    expect(fast.concAtAcquisitionScale).toBe(1); // START-corrected BQML: nothing to scale
    // The bytes of the volumes (a volume's buffer may hold more: rescale16.ts volumeMemory).
    const bytes = ({ data }: { data: Float32Array | Int16Array }) =>
      Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    expect(bytes(fast.volume)).toEqual(bytes(slow.volume));
  });

  const pydicom = hasPydicom();
  if (!pydicom) warnMissing('python3-pydicom', 'fast path against pydicom');
  it.skipIf(!pydicom).each(['pet', 'ct'])(
    '%s: every voxel as pydicom reads it (float32)',
    (folder) => {
      const ours = readSeries(join(root, folder));
      const theirs = readWithPydicom(join(root, folder));
      expect(theirs.count).toBe(6);
      const values = theirs.values;
      expect(values.length).toBe(ours.volume.data.length);
      for (let n = 0; n < values.length; n++)
        expect(Math.fround(ours.volume.data[n] as number)).toBe(values[n]);
    },
  );
});
