/**
 * CT held as Int16 where that is lossless (issue 8 item 4): a CT whose rescaled values (stored x
 * Rescale Slope + Intercept, PS3.3 C.11.1) are integers within Int16 is read into an Int16Array,
 * any other CT and every PET into a Float32Array. The values are checked against pydicom's
 * pixel_array x slope + intercept in float64, slices sorted along the normal: an independent reader.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSeries } from '../../../src/io/dicom/read/assemble-instances.ts';
import { readSeries, readSeriesAsync } from '../../../src/io/dicom/read/read-series.ts';
import { hasPydicom, warnMissing } from '../../helpers/external-tools.ts';
import { writeSeries, type SeriesSpec } from '../../fixtures/dicom/make-series.ts';
import { tempDir } from '../../helpers/temp.ts';

const root = tempDir('iodose-ct-int16-');
const pydicom = hasPydicom();
if (!pydicom) warnMissing('python3-pydicom', 'the Int16 CT values against pydicom');

const base: SeriesSpec = {
  modality: 'CT',
  seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.12.1',
  columns: 7,
  rows: 5,
  slices: 6,
  pixelSpacingMm: [0.8, 0.8],
  orientation: [1, 0, 0, 0, 1, 0],
  position: (k) => [0, 0, 3 * k],
};

/** Stored values spanning the signed 16-bit range (both ends reached on slice 5). */
const wide = (i: number, j: number, k: number): number =>
  k === 5 && i === 0
    ? j === 0
      ? -32768
      : 32767
    : ((i * 7919 + j * 104729 + k * 1299709) % 65536) - 32768;

function folder(name: string, spec: Partial<SeriesSpec>): string {
  const dir = join(root, name);
  writeSeries(dir, { ...base, ...spec });
  return dir;
}

const PYDICOM_VALUES = `
import json, os, sys, numpy as np, pydicom
ds = [pydicom.dcmread(os.path.join(sys.argv[1], f)) for f in os.listdir(sys.argv[1])]
o = np.array(ds[0].ImageOrientationPatient, float); n = np.cross(o[:3], o[3:])
ds.sort(key=lambda d: float(np.dot(n, np.array(d.ImagePositionPatient, float))))
v = np.stack([d.pixel_array.astype(np.float64) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds])
print(json.dumps(v.ravel().tolist()))
`;

/** Rescaled values by pydicom, i fastest, slices along the normal. */
function pydicomValues(dir: string): number[] {
  const out = execFileSync('/usr/bin/python3', ['-c', PYDICOM_VALUES, dir], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as number[];
}

/** The series read by iodose (sync, async and from bytes) and by pydicom. */
async function readAll(dir: string) {
  const sync = readSeries(dir, { modality: 'CT' });
  const async = await readSeriesAsync(dir, { modality: 'CT' });
  const bytes = assembleSeries(
    readdirSync(dir).map((name) => ({ bytes: readFileSync(join(dir, name)), source: name })),
  );
  return { sync, async, bytes, reference: pydicom ? pydicomValues(dir) : null };
}

function expectSameValues(data: ArrayLike<number>, reference: number[] | null): void {
  if (reference === null) return;
  expect(data.length).toBe(reference.length);
  let differing = 0;
  for (let n = 0; n < data.length; n++) if (data[n] !== reference[n]) differing++;
  expect(differing).toBe(0);
}

describe('CT voxel type', () => {
  it('holds a CT with slope 1 and intercept -1024 (values within Int16) as Int16, in HU', async () => {
    // Stored -31744 .. 32767 with intercept -1024: HU -32768 .. 31743, the whole Int16 range.
    const dir = folder('fits', {
      rescaleIntercept: -1024,
      value: (i, j, k) => Math.max(-31744, wide(i, j, k)),
    });
    const { sync, async, bytes, reference } = await readAll(dir);
    for (const s of [sync, async, bytes]) {
      expect(s.volume.data).toBeInstanceOf(Int16Array);
      expectSameValues(s.volume.data, reference);
    }
    expect(Math.min(...sync.volume.data)).toBe(-32768);
    expect(Math.max(...sync.volume.data)).toBe(31743);
  });

  it('holds a CT with integer slope 2 as Int16 when its values fit', async () => {
    const dir = folder('slope2', {
      rescaleSlope: () => 2,
      rescaleIntercept: -1000,
      value: (i, j, k) => 100 * k + 10 * j + i - 500,
    });
    const { sync, async, reference } = await readAll(dir);
    expect(sync.volume.data).toBeInstanceOf(Int16Array);
    expect(async.volume.data).toBeInstanceOf(Int16Array);
    expectSameValues(sync.volume.data, reference);
    expect(sync.volume.data[1 + 7 * (2 + 5 * 3)]).toBe(2 * (300 + 20 + 1 - 500) - 1000);
  });

  it('keeps a CT with a fractional slope as Float32', async () => {
    const dir = folder('fractional', {
      rescaleSlope: (k) => (k === 4 ? 0.5 : 1),
      rescaleIntercept: -1024,
    });
    const { sync, async, bytes, reference } = await readAll(dir);
    for (const s of [sync, async, bytes]) {
      expect(s.volume.data).toBeInstanceOf(Float32Array);
      expectSameValues(s.volume.data, reference);
    }
    // Slice 4: stored 400 + 10 j + i at slope 0.5.
    expect(sync.volume.data[3 + 7 * (1 + 5 * 4)]).toBe((400 + 10 + 3) * 0.5 - 1024);
  });

  it('turns to Float32 when an integer CT leaves the Int16 range (no value wraps)', async () => {
    // Unsigned 16-bit stored values up to 65535 with intercept -1024: up to 64511 HU, on slice 3
    // (slices are decoded in order: those decoded as Int16 before it are kept).
    const dir = folder('overflow', {
      signed: false,
      rescaleIntercept: -1024,
      value: (i, j, k) => (k === 3 ? 65535 - i : 1024 + 10 * j + i),
    });
    const { sync, async, bytes, reference } = await readAll(dir);
    for (const s of [sync, async, bytes]) {
      expect(s.volume.data).toBeInstanceOf(Float32Array);
      expectSameValues(s.volume.data, reference);
    }
    expect(sync.volume.data[7 * 5 * 3]).toBe(64511);
    expect(sync.volume.data[2 + 7 * 3]).toBe(32);
  });

  it('reads a CT large enough for the worker faulting its memory in (5 MB) as pydicom does', async () => {
    const dir = folder('large', {
      columns: 512,
      rows: 256,
      slices: 20,
      rescaleIntercept: -1024,
      value: (i, j, k) => Math.max(-31744, wide(i, j, k)),
    });
    const { sync, async, bytes, reference } = await readAll(dir);
    for (const s of [sync, async, bytes]) {
      expect(s.volume.data).toBeInstanceOf(Int16Array);
      expectSameValues(s.volume.data, reference);
    }
    expect(sync.volume.data.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('keeps PET as Float32 even with integer rescaling', () => {
    const dir = folder('pet', {
      modality: 'PT',
      seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.12.2',
    });
    const pet = readSeries(dir);
    expect(pet.volume.data).toBeInstanceOf(Float32Array);
    expect(pet.volume.data[3 + 7 * (2 + 5 * 1)]).toBe(100 + 20 + 3);
  });
});
