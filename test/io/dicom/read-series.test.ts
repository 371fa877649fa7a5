/**
 * Series ingest, geometry: small CT/PET series written with dcmjs (8 x 6 x 5 voxels, stored
 * value 100 k + 10 j + i) with shuffled file names and Instance Numbers, read back and checked
 * for origin, spacing, direction, slice order and a known voxel; the real Siemens PET slice
 * and GE MR slice shipped with the npm package dicomweb-client are read as well.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ijkToLps, voxelIndex, type Volume } from '../../../src/core/volume.ts';
import { listSeries, readSeries } from '../../../src/io/dicom/read/read-series.ts';
import { writeSeries, type SeriesSpec } from '../../fixtures/dicom/make-series.ts';
import { tempDir } from '../../helpers/temp.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/dicom');
const temp = (): string => tempDir('iodose-dicom-');
const at = (v: Volume<Float32Array | Int16Array>, i: number, j: number, k: number): number =>
  v.data[voxelIndex(v.size, i, j, k)] ?? NaN;

const axialCt: SeriesSpec = {
  modality: 'CT',
  seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.10.1',
  columns: 8,
  rows: 6,
  slices: 5,
  pixelSpacingMm: [0.9, 0.7],
  orientation: [1, 0, 0, 0, 1, 0],
  position: (k) => [-10, -5, -20 + 2.5 * k],
  rescaleIntercept: -1024,
};

describe('classic single-frame series (dcmjs, explicit VR little endian)', () => {
  it('orders shuffled files by position along the normal and gives origin, spacing, direction', () => {
    const dir = temp();
    const paths = writeSeries(dir, axialCt);
    const s = readSeries(dir);
    expect(s.modality).toBe('CT');
    expect(s.volume.size).toEqual([8, 6, 5]);
    // Pixel Spacing is [row spacing (along j), column spacing (along i)].
    expect(s.volume.spacingMm[0]).toBeCloseTo(0.7, 6);
    expect(s.volume.spacingMm[1]).toBeCloseTo(0.9, 6);
    expect(s.volume.spacingMm[2]).toBeCloseTo(2.5, 6);
    expect(s.volume.originLps).toEqual([-10, -5, -20]);
    expect(s.volume.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(s.slices.map((x) => x.file)).toEqual(paths);
    // CT in HU: stored 100 k + 10 j + i, intercept -1024.
    expect(at(s.volume, 3, 2, 4)).toBe(423 - 1024);
    expect(s.frameOfReferenceUid).toBe('1.2.826.0.1.3680043.9.7433.3.1');
  });

  it('puts the most inferior slice first even when written head first', () => {
    const dir = temp();
    writeSeries(dir, { ...axialCt, position: (k) => [-10, -5, 20 - 2.5 * k] });
    const s = readSeries(dir);
    expect(s.volume.originLps).toEqual([-10, -5, 10]);
    expect(at(s.volume, 0, 0, 0)).toBe(400 - 1024);
    expect(at(s.volume, 0, 0, 4)).toBe(0 - 1024);
  });

  it('applies each slice its own Rescale Slope (0028,1053)', () => {
    const dir = temp();
    writeSeries(dir, { ...axialCt, rescaleIntercept: 0, rescaleSlope: (k) => 0.5 + 0.25 * k });
    const s = readSeries(dir);
    for (let k = 0; k < 5; k++)
      expect(at(s.volume, 7, 5, k)).toBeCloseTo((100 * k + 57) * (0.5 + 0.25 * k), 4);
    expect(s.slices.map((x) => x.rescaleSlope)).toEqual([0.5, 0.75, 1, 1.25, 1.5]);
  });

  it('reads a coronal series: i = +x, j = -z (feet), k = +y (posterior)', () => {
    const dir = temp();
    writeSeries(dir, {
      ...axialCt,
      orientation: [1, 0, 0, 0, 0, -1],
      position: (k) => [-10, 30 + 3 * k, 50],
    });
    const s = readSeries(dir);
    expect(s.volume.direction).toEqual([1, 0, 0, 0, 0, 1, 0, -1, 0]);
    expect(s.volume.spacingMm[2]).toBeCloseTo(3, 6);
    const p = ijkToLps(s.volume, [2, 3, 4]);
    expect(p[0]).toBeCloseTo(-10 + 2 * 0.7, 6);
    expect(p[1]).toBeCloseTo(30 + 4 * 3, 6);
    expect(p[2]).toBeCloseTo(50 - 3 * 0.9, 6);
  });

  it('reads an oblique series (rows rotated 30 degrees about z and tilted 20 degrees)', () => {
    const a = Math.PI / 6;
    const b = Math.PI / 9;
    const row: [number, number, number] = [Math.cos(a), Math.sin(a), 0];
    const col: [number, number, number] = [
      -Math.sin(a) * Math.cos(b),
      Math.cos(a) * Math.cos(b),
      Math.sin(b),
    ];
    const n = [
      row[1] * col[2] - row[2] * col[1],
      row[2] * col[0] - row[0] * col[2],
      row[0] * col[1] - row[1] * col[0],
    ];
    const dir = temp();
    writeSeries(dir, {
      ...axialCt,
      orientation: [...row, ...col],
      position: (k) => [1 + 4 * k * (n[0] ?? 0), 2 + 4 * k * (n[1] ?? 0), 3 + 4 * k * (n[2] ?? 0)],
    });
    const s = readSeries(dir);
    const d = s.volume.direction;
    [...row, ...col, ...n].forEach((value, m) => {
      const axis = Math.floor(m / 3);
      expect(d[(m % 3) * 3 + axis]).toBeCloseTo(value, 5);
    });
    expect(s.volume.spacingMm[2]).toBeCloseTo(4, 4);
    expect(at(s.volume, 1, 1, 3)).toBe(311 - 1024);
  });

  it('skips non-DICOM files and says how many', () => {
    const dir = temp();
    writeSeries(dir, axialCt);
    writeFileSync(join(dir, 'README.txt'), 'not DICOM');
    writeFileSync(join(dir, 'DICOMDIR-like.bin'), Buffer.alloc(200));
    const s = readSeries(dir);
    expect(s.warnings.join(' ')).toMatch(/2 non-DICOM or non-image file\(s\) skipped/);
  });
});

describe('several series in one folder', () => {
  const mixed = (): string => {
    const dir = temp();
    writeSeries(dir, axialCt);
    writeSeries(dir, {
      ...axialCt,
      modality: 'PT',
      seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.10.2',
      seriesDescription: 'PET WB',
      rescaleIntercept: 0,
    });
    return dir;
  };

  it('lists each series with its UID, modality, description and file count', () => {
    const list = listSeries(mixed());
    expect(list.map((s) => [s.modality, s.files, s.description]).sort()).toEqual([
      ['CT', 5, 'CT test'],
      ['PT', 5, 'PET WB'],
    ]);
  });

  it('refuses to guess without a Series Instance UID, listing what is there', () => {
    expect(() => readSeries(mixed())).toThrow(
      /\(0020,000E\) Series Instance UID: 2 series in the folder: .*1\.2\.826\.0\.1\.3680043\.9\.7433\.10\.1 CT "CT test" \(5 files\).*PT "PET WB" \(5 files\).*give the Series Instance UID/,
    );
  });

  it('picks by modality or by UID', () => {
    const dir = mixed();
    expect(readSeries(dir, { modality: 'PT' }).modality).toBe('PT');
    expect(readSeries(dir, { seriesInstanceUid: axialCt.seriesInstanceUid }).modality).toBe('CT');
    expect(() => readSeries(dir, { seriesInstanceUid: '9.9.9' })).toThrow(
      /no series 9\.9\.9; the folder holds: .*CT "CT test"/,
    );
  });
});

describe('refusals', () => {
  it('refuses a Gantry/Detector Tilt (0018,1120) other than 0', () => {
    const dir = temp();
    writeSeries(dir, { ...axialCt, extra: { GantryDetectorTilt: 15 } });
    expect(() => readSeries(dir)).toThrow(
      /\(0018,1120\) Gantry\/Detector Tilt: gantry tilt of 15 degrees/,
    );
  });

  it('refuses slice positions that step sideways (tilt without the tilt attribute)', () => {
    const dir = temp();
    writeSeries(dir, { ...axialCt, position: (k) => [-10, -5 + 0.5 * k, -20 + 2.5 * k] });
    expect(() => readSeries(dir)).toThrow(
      /step 0\.5 mm sideways per slice \(gantry tilt of about 11\.31 degrees\)/,
    );
  });

  it('refuses irregular slice spacing (> 1%)', () => {
    const dir = temp();
    writeSeries(dir, { ...axialCt, position: (k) => [-10, -5, k < 3 ? 2.5 * k : 2.5 * k + 0.1] });
    expect(() => readSeries(dir)).toThrow(
      /irregular slice spacing: step 2\.6 mm after position -10\\-5\\5, expected 2\.5 mm/,
    );
  });

  it('refuses a series with a missing slice', () => {
    const dir = temp();
    writeSeries(dir, {
      ...axialCt,
      slices: 6,
      position: (k) => [-10, -5, 2.5 * (k < 2 ? k : k + 1)],
    });
    expect(() => readSeries(dir)).toThrow(
      /1 slice\(s\) missing after position -10\\-5\\2\.5 \(step 5 mm, expected 2\.5 mm\)/,
    );
  });

  it('refuses two slices at the same position (dynamic frames mixed)', () => {
    const dir = temp();
    writeSeries(dir, { ...axialCt, position: (k) => [-10, -5, 2.5 * Math.min(k, 3)] });
    expect(() => readSeries(dir)).toThrow(/two slices at the same position/);
  });
});

describe('real files from the npm package dicomweb-client (testData)', () => {
  it('reads the Siemens (CPS) PET slice: implicit VR, BQML, geometry from its header', () => {
    const dir = temp();
    copyFileSync(join(FIXTURES, 'dicomweb-client-siemens-pet.dcm'), join(dir, 'pet.dcm'));
    const s = readSeries(dir);
    expect(s.modality).toBe('PT');
    expect(s.volume.size).toEqual([128, 128, 1]);
    expect(s.volume.spacingMm).toEqual([3.5378182, 3.5378182, 3.3750001]);
    expect(s.volume.originLps).toEqual([-226.13246, -425.88375, -260.459]);
    expect(s.volume.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    // pydicom: stored 10998 at row 53, column 55; x Rescale Slope 2.0222414.
    expect(at(s.volume, 55, 53, 0)).toBeCloseTo(10998 * 2.0222414, 2);
    expect(s.header['Units']).toBe('BQML');
  });

  it('reads the GE MR sagittal slice: i = +y (posterior), j = -z, k = -x', () => {
    const dir = temp();
    copyFileSync(join(FIXTURES, 'dicomweb-client-ge-mr-sagittal.dcm'), join(dir, 'mr.dcm'));
    const s = readSeries(dir);
    expect(s.volume.size).toEqual([256, 256, 1]);
    expect(s.volume.direction).toEqual([0, 0, -1, 1, 0, 0, 0, -1, 0]);
    expect(s.volume.originLps).toEqual([15, -120, 120]);
    expect(s.volume.spacingMm.slice(0, 2)).toEqual([0.9375, 0.9375]);
    expect(at(s.volume, 120, 100, 0)).toBe(365);
  });
});
