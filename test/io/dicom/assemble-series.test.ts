/**
 * A series assembled from instances in memory (as uploads or DICOMweb responses arrive), with no
 * disk: dcmjs-written bytes of two series and a file that is no DICOM; the chosen series'
 * voxels equal stored x slope + intercept with stored = 100 k + 10 j + i (make-series.ts), the
 * geometry its Image Position/Orientation and Pixel Spacing, the hashes those of the bytes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { voxelIndex } from '../../../src/core/volume.ts';
import { InputError } from '../../../src/core/errors.ts';
import { assembleSeries } from '../../../src/io/dicom/read/assemble-instances.ts';
import { seriesInstances, type SeriesSpec } from '../../fixtures/dicom/make-series.ts';

const base = {
  columns: 5,
  rows: 4,
  slices: 3,
  pixelSpacingMm: [1.5, 2] as [number, number],
  orientation: [1, 0, 0, 0, 1, 0] as [number, number, number, number, number, number],
  position: (k: number): [number, number, number] => [10, 20, -4 * k],
};
const PET: SeriesSpec = {
  ...base,
  modality: 'PT',
  seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.50.1',
  rescaleSlope: (k) => 0.5 + 0.25 * k,
};
const CT: SeriesSpec = {
  ...base,
  modality: 'CT',
  seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.50.2',
  rescaleIntercept: -1024,
};

const uploads = [
  ...seriesInstances(PET).map((f, n) => ({ bytes: f.bytes, source: `upload:pet-${n}` })),
  ...seriesInstances(CT, '1.2.840.10008.1.2').map((f, n) => ({
    bytes: f.bytes,
    source: `upload:ct-${n}`,
  })),
  { bytes: new TextEncoder().encode('not an image'), source: 'upload:notes.txt' },
];

describe('assembleSeries from instances in memory', () => {
  it('the PET: per-slice slope, geometry sorted along the normal, hashes of the bytes', () => {
    const pet = assembleSeries(uploads, { modality: 'PT', label: 'the upload' });
    // Slices at z = 0, -4, -8: sorted along +z the volume starts at k = 2.
    expect(pet.volume.size).toEqual([5, 4, 3]);
    expect(pet.volume.originLps).toEqual([10, 20, -8]);
    expect(pet.volume.spacingMm).toEqual([2, 1.5, 4]);
    for (const [i, j, kv] of [
      [0, 0, 0],
      [4, 3, 2],
      [2, 1, 1],
    ] as const) {
      const k = 2 - kv; // volume slice kv holds written slice k
      const expected = (100 * k + 10 * j + i) * (0.5 + 0.25 * k);
      expect(pet.volume.data[voxelIndex(pet.volume.size, i, j, kv)]).toBeCloseTo(expected, 5);
    }
    const sources = pet.files;
    expect(sources.every((s) => s.startsWith('upload:pet-'))).toBe(true);
    const bytesOf = new Map(uploads.map((u) => [u.source, u.bytes]));
    pet.files.forEach((source, n) => {
      const sha = createHash('sha256').update(bytesOf.get(source) ?? new Uint8Array());
      expect(pet.filesSha256[n]).toBe(sha.digest('hex'));
    });
    expect(pet.skippedFiles).toEqual([
      { path: 'upload:notes.txt', reason: 'not a DICOM file (no "DICM" at byte 128)' },
    ]);
  });

  it('the CT in implicit VR: HU = stored - 1024', () => {
    const ct = assembleSeries(uploads, { modality: 'CT' });
    // Volume slice 2 is written slice 0: stored 10 j + i.
    expect(ct.volume.data[voxelIndex(ct.volume.size, 3, 2, 2)]).toBe(23 - 1024);
    expect(ct.volume.data[voxelIndex(ct.volume.size, 3, 2, 0)]).toBe(223 - 1024);
  });

  it('refuses to guess between two series, naming both', () => {
    expect(() => assembleSeries(uploads, { label: 'the upload' })).toThrow(
      /the upload.*2 series in the folder: 1\.2\.826\.0\.1\.3680043\.9\.7433\.50\.1 PT/,
    );
    expect(() => assembleSeries([], { label: 'the upload' })).toThrow(InputError);
  });

  it('refuses two instances under one source name (one slice would silently replace another)', () => {
    const [a, b] = seriesInstances(PET);
    const twice = [
      { bytes: a?.bytes ?? new Uint8Array(), source: 'upload:same' },
      { bytes: b?.bytes ?? new Uint8Array(), source: 'upload:same' },
    ];
    expect(() => assembleSeries(twice, { modality: 'PT' })).toThrow(
      /upload:same: two instances have this same source name/,
    );
  });
});
