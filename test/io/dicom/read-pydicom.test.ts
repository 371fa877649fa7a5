/**
 * Files written by another tool: scripts/make-dicom-fixtures.py (pydicom, run with Debian's
 * /usr/bin/python3) writes a classic PET series (implicit VR) and an Enhanced PET multi-frame
 * file (Per-frame Plane Position and Pixel Value Transformation, frames stored out of order);
 * dcmtk then re-encodes the multi-frame file as JPEG-LS and RLE. Stored value of voxel
 * (i, j, k) = 100 k + 10 j + i, Rescale Slope 0.5 + 0.1 k. Skipped, loudly, without pydicom.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { voxelIndex, type Volume } from '../../../src/core/volume.ts';
import { readPetSeries, type LoadedPet } from '../../../src/io/dicom/read/read-pet-series.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import { tempDir } from '../../helpers/temp.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, '../../../scripts/make-dicom-fixtures.py');
const OUT = tempDir('iodose-pydicom-');
const manifest = { administeredAt: '2024-03-04T09:15:00', halfLifeH: I124.halfLifeH };

const hasPydicom = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import pydicom, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(
      `${PYTHON} cannot import pydicom and numpy (apt-get install python3-pydicom): pydicom fixture tests skipped`,
    );
    return false;
  }
})();
const hasDcmtk = (() => {
  try {
    execFileSync('dcmcjpls', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('dcmtk not found: compressed multi-frame tests skipped');
    return false;
  }
})();

const at = (v: Volume, i: number, j: number, k: number): number =>
  v.data[voxelIndex(v.size, i, j, k)] ?? NaN;

function expectGeometry(pet: LoadedPet): void {
  expect(pet.volume.size).toEqual([8, 6, 5]);
  expect(pet.volume.spacingMm).toEqual([4, 4, 4]);
  expect(pet.volume.originLps).toEqual([-14, -10, 50]);
  expect(pet.volume.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  expect(pet.slices.map((s) => s.rescaleSlope)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9]);
}

describe.skipIf(!hasPydicom)('pydicom-written PET', () => {
  beforeAll(() => {
    execFileSync(PYTHON, [SCRIPT, OUT]);
  });

  it('classic PET (implicit VR, shuffled names): geometry, per-slice slope, START factor 1', () => {
    const pet = readPetSeries(join(OUT, 'classic'), manifest);
    expectGeometry(pet);
    expect(pet.timing.decayCorrection).toBe('START');
    expect(pet.concAtAcquisitionScale).toBe(1);
    expect(at(pet.volume, 3, 2, 4)).toBeCloseTo(423 * 0.9, 3);
    expect(at(pet.volume, 7, 0, 1)).toBeCloseTo(107 * 0.6, 3);
    expect(pet.scanStartH).toBeCloseTo(23.75, 9);
  });

  it('Enhanced PET multi-frame: frames sorted by Per-frame Plane Position, ADMIN via (0018,9701)', () => {
    const pet = readPetSeries(join(OUT, 'enhanced'), manifest);
    expectGeometry(pet);
    expect(pet.slices.map((s) => s.frameIndex)).toEqual([1, 3, 4, 0, 2]);
    expect(pet.timing.units).toBe('BQML');
    expect(pet.timing.decayCorrection).toBe('ADMIN');
    const decay = Math.exp((-Math.LN2 / I124.halfLifeH) * 23.75);
    expect(pet.concAtAcquisitionScale).toBeCloseTo(decay, 12);
    expect(at(pet.volume, 3, 2, 4) / (423 * 0.9 * decay)).toBeCloseTo(1, 6);
  });

  it.skipIf(!hasDcmtk).each([
    ['JPEG-LS', 'dcmcjpls'],
    ['RLE', 'dcmcrle'],
    ['JPEG lossless', 'dcmcjpeg'],
  ])('Enhanced PET re-encoded as %s by dcmtk reads the same', (_name, tool) => {
    const dir = join(OUT, `enhanced-${tool}`);
    mkdirSync(dir, { recursive: true });
    const source = join(OUT, 'enhanced', readdirSync(join(OUT, 'enhanced'))[0] ?? '');
    execFileSync(tool, [source, join(dir, 'enhanced.dcm')]);
    const pet = readPetSeries(dir, manifest);
    const reference = readPetSeries(join(OUT, 'enhanced'), manifest);
    expectGeometry(pet);
    expect(Array.from(pet.volume.data)).toEqual(Array.from(reference.volume.data));
  });
});
