/**
 * The IEC phantom as files: its PET and CT series read back by pydicom and by iodose's own reader
 * match the phantom volumes (within half a rescale step), validate with dciodvfy, share one Frame
 * of Reference, and phantom.yaml carries the concentrations and sphere centres of the truth.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ijkToLps } from '../../src/core/volume.ts';
import { readPetSeries } from '../../src/io/dicom/read/read-pet-series.ts';
import { I124 } from '../../src/physics/nuclides.ts';
import { buildIecPhantom } from '../../src/demo/iec-phantom.ts';
import { writeIecPhantom } from '../../src/demo/write-iec-phantom.ts';
import { phantomManifestSchema } from '../../src/io/manifest/phantom-manifest-schema.ts';
import {
  dciodvfy,
  hasDciodvfy,
  hasPydicom,
  readWithPydicom,
  warnMissing,
} from '../helpers/external-tools.ts';

const folder = mkdtempSync(join(tmpdir(), 'iodose-iec-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const phantom = buildIecPhantom({ ctSize: [256, 256, 64], ctSpacingMm: [2, 2, 4] });
const written = writeIecPhantom(folder, phantom);
const pydicom = hasPydicom();
const validator = hasDciodvfy();
if (!pydicom) warnMissing('python3-pydicom', 'read-back of the IEC phantom');
if (!validator) warnMissing('dicom3tools', 'dciodvfy validation of the IEC phantom');

describe('writeIecPhantom', () => {
  it('writes PET and CT that pydicom reads back with the phantom geometry and values', () => {
    if (!pydicom) return;
    const pet = readWithPydicom(join(folder, 'pet'));
    expect(pet.count).toBe(phantom.pet.size[2]);
    pet.positions.forEach((position, k) => {
      const expected = ijkToLps(phantom.pet, [0, 0, k]);
      for (let c = 0; c < 3; c++) expect(position[c]).toBeCloseTo(expected[c] ?? NaN, 6);
    });
    const plane = phantom.pet.size[0] * phantom.pet.size[1];
    let worst = 0;
    for (let n = 0; n < pet.values.length; n++) {
      const slope = pet.slopes[Math.floor(n / plane)] ?? 0;
      worst = Math.max(worst, Math.abs((pet.values[n] ?? 0) - (phantom.pet.data[n] ?? 0)) / slope);
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
    const ct = readWithPydicom(join(folder, 'ct'));
    expect(ct.frameOfReferenceUid).toBe(pet.frameOfReferenceUid);
    expect(ct.studyInstanceUid).toBe(pet.studyInstanceUid);
    let worstHu = 0;
    for (let n = 0; n < ct.values.length; n++) {
      worstHu = Math.max(worstHu, Math.abs((ct.values[n] ?? 0) - (phantom.ct.data[n] ?? 0)));
    }
    expect(worstHu).toBeLessThanOrEqual(0.5);
    expect(pet.radionuclideTotalDoseBq).toBeCloseTo(
      phantom.truth.totalActivityBq * Math.exp(I124.decayConstantPerH),
      -1,
    );
  });

  it('writes files that dciodvfy accepts without errors or warnings', () => {
    if (!validator) return;
    for (const series of [written.pet, written.ct]) {
      const result = dciodvfy(join(series.folder, series.files[0] ?? ''));
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
    }
  });

  it('is read by iodose readPetSeries as Bq/mL at the scan start', () => {
    const loaded = readPetSeries(join(folder, 'pet'), {
      administeredAt: '2024-03-01T09:00:00',
      halfLifeH: I124.halfLifeH,
    });
    expect(loaded.scanStartH).toBeCloseTo(1, 9);
    const maxSlope = Math.max(...written.pet.rescaleSlopes);
    let worst = 0;
    for (let n = 0; n < loaded.volume.data.length; n++) {
      worst = Math.max(worst, Math.abs((loaded.volume.data[n] ?? 0) - (phantom.pet.data[n] ?? 0)));
    }
    expect(worst).toBeLessThanOrEqual(0.5 * maxSlope + 1e-3);
  });

  it('writes phantom.yaml and truth.json from the ground truth', () => {
    const text = readFileSync(written.manifestPath, 'utf8');
    expect(phantomManifestSchema.safeParse(parse(text)).success).toBe(true);
    const manifest = parse(text) as Record<string, unknown>;
    expect(manifest['iodose-phantom']).toBe(1);
    expect(manifest['nuclide']).toBe('I-124');
    expect(manifest['pet']).toBe('./pet');
    expect(manifest['referenceAt']).toBe('2024-03-01T10:00:00');
    expect(manifest['sphereConcBqPerMl']).toBe(16000);
    expect(manifest['backgroundConcBqPerMl']).toBe(2000);
    const spheres = manifest['spheres'] as { diameterMm: number; centerLps: number[] }[];
    expect(spheres.map((s) => s.diameterMm)).toEqual([10, 13, 17, 22, 28, 37]);
    expect(spheres[0]?.centerLps).toEqual([57.2, 0, 20]);
    const truth = JSON.parse(readFileSync(written.truthPath, 'utf8')) as { spheres: unknown[] };
    expect(truth.spheres).toHaveLength(6);
  });
});
