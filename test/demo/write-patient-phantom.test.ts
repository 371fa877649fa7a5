/**
 * The synthetic patient as an image-level study: manifest.yaml passes the study schema and points
 * at the written sessions; iodose's readers and pydicom read the PET back as the simulated Bq/mL
 * at the acquisition time and the CT on its grid; each session shares one Frame of Reference;
 * dciodvfy accepts the files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readPetSeries } from '../../src/io/dicom/read/read-pet-series.ts';
import { readSeries } from '../../src/io/dicom/read/read-series.ts';
import { I124 } from '../../src/physics/nuclides.ts';
import { buildPatientPhantom } from '../../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../../src/demo/write-patient-phantom.ts';
import { studyManifestSchema } from '../../src/io/manifest/manifest-schema.ts';
import {
  dciodvfy,
  hasDciodvfy,
  hasPydicom,
  readWithPydicom,
  warnMissing,
} from '../helpers/external-tools.ts';

const folder = mkdtempSync(join(tmpdir(), 'iodose-patient-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const phantom = buildPatientPhantom({ ctSize: [128, 128, 50], ctSpacingMm: [4, 4, 8] });
const written = writePatientPhantom(folder, phantom, { recovery: './recovery.json' });
const pydicom = hasPydicom();
const validator = hasDciodvfy();
if (!pydicom) warnMissing('python3-pydicom', 'read-back of the synthetic patient');
if (!validator) warnMissing('dicom3tools', 'dciodvfy validation of the synthetic patient');

describe('writePatientPhantom', () => {
  it('writes a manifest that passes the study schema, with scans, seeds, blood and whole body', () => {
    const manifest = studyManifestSchema.parse(parse(readFileSync(written.manifestPath, 'utf8')));
    expect(manifest.scans?.map((s) => [s.id, s.pet, s.ct])).toEqual([
      ['pet24', './pet24', './ct24'],
      ['pet108', './pet108', './ct108'],
    ]);
    expect(manifest.lesions.map((l) => l.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
    expect(Object.keys(manifest.lesions[0]?.seedsLps ?? {})).toEqual(['pet24', 'pet108']);
    expect(manifest.blood).toHaveLength(8);
    expect(manifest.wholeBody).toHaveLength(8);
    expect(manifest.recovery).toBe('./recovery.json');
    const truth = JSON.parse(readFileSync(written.truthPath, 'utf8')) as {
      lesions: { doseGyPerGBq: number }[];
    };
    expect(truth.lesions.every((l) => l.doseGyPerGBq > 0)).toBe(true);
  });

  it('writes PET that readPetSeries reads as the simulated Bq/mL at 24 h and 108 h', () => {
    for (const scan of phantom.scans) {
      const loaded = readPetSeries(join(folder, scan.id), {
        administeredAt: phantom.truth.options.administeredAt,
        halfLifeH: I124.halfLifeH,
      });
      expect(loaded.scanStartH).toBeCloseTo(scan.timeH, 9);
      const maxSlope = Math.max(...(written.series[scan.id]?.pet.rescaleSlopes ?? [NaN]));
      let worst = 0;
      for (let n = 0; n < scan.pet.data.length; n++) {
        worst = Math.max(worst, Math.abs((loaded.volume.data[n] ?? 0) - (scan.pet.data[n] ?? 0)));
      }
      expect(worst).toBeLessThanOrEqual(0.5 * maxSlope + 1e-6);
      expect(loaded.volume.originLps).toEqual(scan.pet.originLps);
    }
  });

  it('writes CT that readSeries reads on the CT grid, in HU', () => {
    const scan = phantom.scans[1];
    if (scan === undefined) throw new Error('no scan');
    const loaded = readSeries(join(folder, 'ct108'), { modality: 'CT' });
    expect(loaded.volume.size).toEqual(scan.ct.size);
    expect(loaded.volume.spacingMm.map((s) => Number(s.toFixed(6)))).toEqual([
      ...scan.ct.spacingMm,
    ]);
    loaded.volume.originLps.forEach((v, c) =>
      expect(v).toBeCloseTo(scan.ct.originLps[c] ?? NaN, 6),
    );
    let worst = 0;
    for (let n = 0; n < scan.ct.data.length; n++) {
      worst = Math.max(worst, Math.abs((loaded.volume.data[n] ?? 0) - (scan.ct.data[n] ?? 0)));
    }
    expect(worst).toBeLessThanOrEqual(0.5);
  });

  it('gives each session its own Frame of Reference, shared by its PET and CT (pydicom)', () => {
    if (!pydicom) return;
    const pet24 = readWithPydicom(join(folder, 'pet24'));
    const ct24 = readWithPydicom(join(folder, 'ct24'));
    const pet108 = readWithPydicom(join(folder, 'pet108'));
    expect(ct24.frameOfReferenceUid).toBe(pet24.frameOfReferenceUid);
    expect(pet108.frameOfReferenceUid).not.toBe(pet24.frameOfReferenceUid);
    expect(pet108.acquisitionDateTime).toBe('20240308211500');
    expect(pet108.radiopharmaceuticalStartDateTime).toBe('20240304091500');
    const spacing = phantom.scans[0]?.pet.spacingMm[2] ?? NaN;
    pet24.positions.forEach((p, k) => {
      expect(p[2]).toBeCloseTo((pet24.positions[0]?.[2] ?? NaN) + k * spacing, 6);
    });
  });

  it('writes files that dciodvfy accepts without errors or warnings', () => {
    if (!validator) return;
    for (const { pet, ct } of Object.values(written.series)) {
      for (const series of [pet, ct]) {
        const result = dciodvfy(join(series.folder, series.files[0] ?? ''));
        expect(result.errors).toEqual([]);
        expect(result.warnings).toEqual([]);
      }
    }
  });
});
