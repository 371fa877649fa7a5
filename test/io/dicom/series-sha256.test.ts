/**
 * The SHA-256 of each file of a series read (provenance: results' inputsSha256) is exact when
 * hashed off the main thread (hash-ring.ts): compared with coreutils' sha256sum of each file,
 * for the sync and async readers, over more files than the ring has slots and with files that
 * grow along the series (so a slot's shared buffer is replaced).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readSeries, readSeriesAsync } from '../../../src/io/dicom/read/read-series.ts';
import { writeSeries } from '../../fixtures/dicom/make-series.ts';
import { tempDir } from '../../helpers/temp.ts';

function sha256sum(paths: string[]): string[] {
  const out = execFileSync('sha256sum', paths, { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => line.split(' ')[0] as string);
}

describe('per-file SHA-256 of a series read', () => {
  it('matches sha256sum for every file, sync and async', async () => {
    const dir = tempDir('iodose-sha256-');
    writeSeries(dir, {
      modality: 'CT',
      seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.13.1',
      columns: 16,
      rows: 16,
      slices: 20,
      pixelSpacingMm: [1, 1],
      orientation: [1, 0, 0, 0, 1, 0],
      position: (k) => [0, 0, 2 * k],
      // A description of growing length: each file is longer than the one before.
      perSlice: (k) => ({ ImageComments: 'x'.repeat(1 + 3000 * k) }),
    });
    const sync = readSeries(dir);
    const async = await readSeriesAsync(dir);
    expect(sync.files.length).toBe(20);
    // Headers from 3 kB to 57 kB, most longer than the first read (HEADER_BYTES): read whole.
    for (const s of [sync, async]) {
      expect(s.volume.data[3 + 16 * (2 + 16 * 19)]).toBe(1900 + 20 + 3); // 100 k + 10 j + i
      expect(s.volume.data[5 + 16 * (1 + 16 * 7)]).toBe(700 + 10 + 5);
    }
    const expected = sha256sum(sync.files);
    expect(sync.filesSha256).toEqual(expected);
    expect(async.files).toEqual(sync.files);
    expect(async.filesSha256).toEqual(expected);
    expect(new Set(expected).size).toBe(20);
  });
});
