/**
 * The RT Dose writer (PS3.3 A.18) is checked by independent tools. dicom3tools' dciodvfy
 * validates each file against the IOD (0 errors; the only warning allowed is its not knowing the
 * Defined Term PLAN_OVERVIEW). pydicom reads it back (read-rtdose.py): pixel_array x Dose Grid
 * Scaling equals the dose within the stated bound max / (2 (2^bits - 1)), and the LPS centre of
 * every voxel, computed in numpy from Image Position/Orientation (Patient), Pixel Spacing and the
 * Grid Frame Offset Vector alone, equals the Volume's ijkToLps within 1e-3 mm, for axial,
 * reversed-slice and oblique grids. On a PET written by the project's writer and read back by
 * its reader, the RT Dose voxel centres coincide with the PET's (same frame of reference), the
 * half-voxel and frame-offset errors users report. Skipped, loudly, without the tools.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import type { Mat3, Vec3, Volume } from '../../../src/core/volume.ts';
import { IDENTITY_DIRECTION, ijkToLps, lpsToIjk } from '../../../src/core/volume.ts';
import { IODOSE_VERSION } from '../../../src/core/version.ts';
import { readPetSeries } from '../../../src/io/dicom/read/read-pet-series.ts';
import { segSourceFromSeries } from '../../../src/io/dicom/seg/seg-source.ts';
import {
  encodeRtDose,
  writeRtDose,
  type RtDoseReference,
} from '../../../src/io/dicom/write/rt-dose.ts';
import { newSessionUids } from '../../../src/io/dicom/write/write-meta.ts';
import { writePetSeries } from '../../../src/io/dicom/write/write-series.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import { makeVolume, addSphere } from '../../imaging/helpers/sphere-phantom.ts';
import {
  dciodvfy,
  hasDciodvfy,
  hasPydicom,
  PYTHON,
  warnMissing,
} from '../../helpers/external-tools.ts';
import { tempDir } from '../../helpers/temp.ts';

const root = tempDir('iodose-rtdose-');
const pydicom = hasPydicom();
const validator = hasDciodvfy();
const dcmdump = spawnSync('dcmdump', ['--version'], { stdio: 'ignore' }).error === undefined;
if (!pydicom) warnMissing('python3-pydicom', 'pydicom read-back of written RT Dose');
if (!validator) warnMissing('dicom3tools', 'dciodvfy validation of written RT Dose');
if (!dcmdump) warnMissing('dcmtk', 'dcmdump parse of written RT Dose');

interface ReadBack {
  summary: Record<string, unknown> & { doseGridScaling: number; frames: number };
  /** x, y, z, dose per voxel in (frame, row, column) order. */
  voxels: Float64Array;
}

function readBack(file: string, petFolder?: string): ReadBack {
  const raw = join(root, `${Math.random().toString(36).slice(2)}.f64`);
  const script = join(import.meta.dirname, '../../helpers/read-rtdose.py');
  const args = [script, file, raw, ...(petFolder === undefined ? [] : [petFolder])];
  const out = execFileSync(PYTHON, args, { maxBuffer: 64 * 1024 * 1024 });
  const bytes = readFileSync(raw);
  const voxels = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8).slice();
  return { summary: JSON.parse(out.toString('utf8')) as ReadBack['summary'], voxels };
}

const REFERENCE: RtDoseReference = {
  studyInstanceUid: '2.25.1111',
  frameOfReferenceUid: '2.25.2222',
  patientStudy: {
    PatientName: 'Dose^Test',
    PatientID: 'RTD01',
    StudyDate: '20240305',
    StudyTime: '090000',
    StudyID: 'S1',
  },
};

/** Rotation matrix (columns = rotated axes) of Euler angles about z, y, x (degrees). */
function rotation(azDeg: number, ayDeg: number, axDeg: number): Mat3 {
  const [a, b, c] = [azDeg, ayDeg, axDeg].map((d) => (d * Math.PI) / 180) as [
    number,
    number,
    number,
  ];
  const [ca, sa, cb, sb, cc, sc] = [
    Math.cos(a),
    Math.sin(a),
    Math.cos(b),
    Math.sin(b),
    Math.cos(c),
    Math.sin(c),
  ];
  // Rz(a) Ry(b) Rx(c), row-major.
  return [
    ca * cb,
    ca * sb * sc - sa * cc,
    ca * sb * cc + sa * sc,
    sa * cb,
    sa * sb * sc + ca * cc,
    sa * sb * cc - ca * sc,
    -sb,
    cb * sc,
    cb * cc,
  ];
}

/** A non-trivial dose pattern (Gy): a smooth hot spot plus a ramp, one exact zero voxel. */
function doseVolume(size: Vec3, spacingMm: Vec3, originLps: Vec3, direction: Mat3): Volume {
  const volume = makeVolume(size, spacingMm, 0, originLps, direction);
  const [nx, ny, nz] = size;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const r2 = (i - 2) ** 2 + (j - 1.5) ** 2 + (k - 3) ** 2;
        volume.data[i + nx * (j + ny * k)] = 80 * Math.exp(-r2 / 4) + 0.37 * (i + 2 * j + 3 * k);
      }
  volume.data[0] = 0;
  return volume;
}

/** The voxel (i, j, k) nearest to an LPS point. */
function nearestVoxel(volume: Volume, pointLps: Vec3): Vec3 {
  const [i, j, k] = lpsToIjk(volume, pointLps);
  return [Math.round(i), Math.round(j), Math.round(k)];
}

const flipK = (d: Mat3): Mat3 => [d[0], d[1], -d[2], d[3], d[4], -d[5], d[6], d[7], -d[8]];
const GRIDS: [string, Mat3][] = [
  ['axial identity', IDENTITY_DIRECTION],
  ['axial, slices in decreasing z', flipK(IDENTITY_DIRECTION)],
  ['oblique rotated', rotation(25, -35, 50)],
  ['oblique rotated, slices against the normal', flipK(rotation(-70, 15, 120))],
];

describe.each(GRIDS)('RT Dose of a %s grid', (name, direction) => {
  const dose = doseVolume([6, 5, 7], [2.5, 3.25, 4], [-100.25, 50.5, -200.125], direction);
  const file = join(root, `${name.replace(/\W+/g, '-')}.dcm`);
  const written = writeRtDose(file, dose, REFERENCE, {
    seriesDescription: '131I voxel dose at 5.55 GBq',
    contentAt: '2024-03-09T12:00:00',
  });
  let cached: ReadBack | undefined;
  const read = (): ReadBack => (cached ??= readBack(file));

  it.skipIf(!validator)('passes dciodvfy with 0 errors (warning: PLAN_OVERVIEW only)', () => {
    const { errors, warnings } = dciodvfy(file);
    expect(errors).toEqual([]);
    for (const w of warnings) expect(w).toMatch(/PLAN_OVERVIEW/);
  });

  it.skipIf(!dcmdump)('is parsed by dcmtk dcmdump without errors', () => {
    const run = spawnSync('dcmdump', [file], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^E:/m);
    expect(run.stdout).toMatch(/\(3004,000c\) DS/);
  });

  it.skipIf(!pydicom)('reads back in pydicom to the dose within max / (2 x 65535)', () => {
    const { summary, voxels } = read();
    const maxDose = Math.max(...dose.data);
    const bound = maxDose / (2 * 65535);
    expect(summary.doseGridScaling).toBeCloseTo(maxDose / 65535, 12);
    let worst = 0;
    for (let n = 0; n < voxels.length / 4; n++) {
      const p: Vec3 = [voxels[4 * n]!, voxels[4 * n + 1]!, voxels[4 * n + 2]!];
      const ijk = nearestVoxel(dose, p);
      const truth = dose.data[ijk[0] + 6 * (ijk[1] + 5 * ijk[2])]!;
      worst = Math.max(worst, Math.abs(voxels[4 * n + 3]! - truth));
    }
    expect(worst).toBeLessThanOrEqual(bound * (1 + 1e-9));
    expect(written.maxQuantisationErrorGy).toBeLessThanOrEqual(bound * (1 + 1e-9));
  });

  it.skipIf(!pydicom)('puts every voxel centre at the Volume ijkToLps within 1e-3 mm', () => {
    const { summary, voxels } = read();
    const seen = new Set<number>();
    let worst = 0;
    for (let n = 0; n < voxels.length / 4; n++) {
      const p: Vec3 = [voxels[4 * n]!, voxels[4 * n + 1]!, voxels[4 * n + 2]!];
      const ijk = nearestVoxel(dose, p);
      const q = ijkToLps(dose, ijk);
      worst = Math.max(worst, Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
      seen.add(ijk[0] + 6 * (ijk[1] + 5 * ijk[2]));
      expect(ijk.every((v, a) => v >= 0 && v < dose.size[a]!)).toBe(true);
    }
    expect(worst).toBeLessThan(1e-3);
    expect(seen.size).toBe(6 * 5 * 7); // a bijection onto the grid
    const offsets = summary['gridFrameOffsetVector'] as number[];
    expect(offsets[0]).toBe(0);
    for (let f = 1; f < offsets.length; f++)
      expect(offsets[f]! - offsets[f - 1]!).toBeCloseTo(4, 9);
    expect(written.framesReversed).toBe(name.includes('decreasing') || name.includes('against'));
  });

  it.skipIf(!pydicom)('carries the IOD identity: RTDOSE, GY, PHYSICAL, 16-bit, references', () => {
    const { summary } = read();
    expect(summary).toMatchObject({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.481.2',
      modality: 'RTDOSE',
      transferSyntax: '1.2.840.10008.1.2.1',
      frames: 7,
      rows: 5,
      columns: 6,
      bits: [16, 16, 15, 0],
      doseUnits: 'GY',
      doseType: 'PHYSICAL',
      doseSummationType: 'PLAN_OVERVIEW',
      frameIncrementPointer: '3004000C',
      sliceThickness: 4,
      frameOfReferenceUid: '2.25.2222',
      studyInstanceUid: '2.25.1111',
      patientId: 'RTD01',
      patientName: 'Dose^Test',
      seriesDescription: '131I voxel dose at 5.55 GBq',
      manufacturer: 'iodose',
      softwareVersions: `iodose ${IODOSE_VERSION}`,
    });
  });
});

describe('RT Dose with 32-bit pixels', () => {
  const dose = doseVolume([6, 5, 7], [2, 2, 3], [10, -20, 30], rotation(10, 20, 30));
  const file = join(root, 'bits32.dcm');
  writeRtDose(file, dose, REFERENCE, { seriesDescription: 'dose', bitsAllocated: 32 });

  it.skipIf(!pydicom)('reads back within max / (2 (2^32 - 1))', () => {
    const { summary, voxels } = readBack(file);
    expect(summary['bits']).toEqual([32, 32, 31, 0]);
    const bound = Math.max(...dose.data) / (2 * 4294967295);
    let worst = 0;
    for (let n = 0; n < voxels.length / 4; n++) {
      const p: Vec3 = [voxels[4 * n]!, voxels[4 * n + 1]!, voxels[4 * n + 2]!];
      const ijk = nearestVoxel(dose, p);
      worst = Math.max(
        worst,
        Math.abs(voxels[4 * n + 3]! - dose.data[ijk[0] + 6 * (ijk[1] + 5 * ijk[2])]!),
      );
    }
    expect(worst).toBeLessThanOrEqual(bound * (1 + 1e-6));
  });

  it.skipIf(!dcmdump)('is parsed by dcmtk dcmdump (dciodvfy 2022 aborts on 32-bit pixels)', () => {
    expect(spawnSync('dcmdump', [file], { stdio: 'ignore' }).status).toBe(0);
  });
});

describe('RT Dose on a PET grid written and read by iodose', () => {
  const s = Math.SQRT1_2;
  describe.each([
    ['axial', IDENTITY_DIRECTION],
    ['oblique', [s, 0, s, s, 0, -s, 0, 1, 0] as Mat3],
  ])('%s PET', (name, direction) => {
    const petFolder = join(root, `pet-${name}`);
    const concentration = makeVolume(
      [9, 8, 6],
      [4.07, 4.07, 3.27],
      1500,
      [-18.3, 27.9, -11.6],
      direction,
    );
    addSphere(concentration, ijkToLps(concentration, [4, 3.5, 2.5]), 7, 40000);
    const session = newSessionUids();
    writePetSeries(concentration, petFolder, {
      patient: { id: 'RTD02', name: 'Pet^Dose', sex: 'F', weightKg: 70 },
      study: {
        instanceUid: session.studyInstanceUid,
        id: 'S1',
        description: 'rtd',
        at: '2024-03-05T09:00:00',
      },
      frameOfReferenceUid: session.frameOfReferenceUid,
      seriesDescription: 'PET 24 h',
      seriesNumber: 3,
      acquiredAt: '2024-03-05T09:15:00',
      administeredAt: '2024-03-04T09:15:00',
      activityBq: 74e6,
      decayCorrection: 'NONE',
    });
    const pet = readPetSeries(petFolder, {
      administeredAt: '2024-03-04T09:15:00',
      halfLifeH: I124.halfLifeH,
    });
    // A dose proportional to the PET (Gy): on the PET's own grid, as the voxel path makes it.
    const dose: Volume = { ...pet.volume, data: pet.volume.data.map((c) => c * 1e-3) };
    const file = join(root, `pet-${name}.dcm`);
    writeRtDose(file, dose, segSourceFromSeries(pet), {
      seriesDescription: '131I voxel dose at 5.55 GBq',
    });

    it.skipIf(!pydicom)(
      'has its voxel centres on the PET voxel centres, same frame of reference',
      () => {
        const { summary } = readBack(file, petFolder);
        expect(summary['petShape']).toEqual([6, 8, 9]);
        expect(summary['maxDistanceToPetMm']).toBeLessThan(1e-3);
        expect(summary['frameOfReferenceUid']).toBe(session.frameOfReferenceUid);
        expect(summary['petFrameOfReferenceUid']).toBe(session.frameOfReferenceUid);
        expect(summary['studyInstanceUid']).toBe(session.studyInstanceUid);
        expect(summary['patientId']).toBe('RTD02');
        expect([...(summary['referencedImages'] as string[])].sort()).toEqual(
          summary['petSopInstanceUids'],
        );
      },
    );

    it.skipIf(!validator)('passes dciodvfy with 0 errors', () => {
      const { errors, warnings } = dciodvfy(file);
      expect(errors).toEqual([]);
      for (const w of warnings) expect(w).toMatch(/PLAN_OVERVIEW/);
    });
  });
});

describe('RT Dose input errors', () => {
  const good = (): Volume => doseVolume([6, 5, 7], [2, 2, 3], [0, 0, 0], IDENTITY_DIRECTION);
  const meta = { seriesDescription: 'dose' };
  const thrown = (f: () => unknown): InputError => {
    try {
      f();
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error('expected an InputError');
  };

  it('refuses a sheared grid (slice axis 5 degrees off the normal), naming the angle', () => {
    const t = (5 * Math.PI) / 180;
    const sheared: Volume = {
      ...good(),
      direction: [1, 0, Math.sin(t), 0, 1, 0, 0, 0, Math.cos(t)],
    };
    const error = thrown(() => encodeRtDose(sheared, REFERENCE, meta));
    expect(error.message).toMatch(/perpendicular/);
    expect(error.message).toMatch(/5\.000 degrees/);
    expect(error.field).toBe('dose.direction');
  });

  it.each([
    ['NaN', Number.NaN],
    ['negative', -0.5],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('refuses a %s dose, naming the voxel', (_, value) => {
    const dose = good();
    dose.data[3 + 6 * (2 + 5 * 4)] = value;
    const error = thrown(() => encodeRtDose(dose, REFERENCE, meta));
    expect(error.field).toBe('dose voxel (3, 2, 4)');
    expect(error.message).toContain(String(value));
  });

  it('refuses a description longer than 64 characters (LO) and a data length mismatch', () => {
    expect(
      thrown(() => encodeRtDose(good(), REFERENCE, { seriesDescription: 'x'.repeat(65) })).field,
    ).toBe('seriesDescription');
    const short: Volume = { ...good(), data: new Float32Array(10) };
    expect(thrown(() => encodeRtDose(short, REFERENCE, meta)).field).toBe('dose.data');
  });

  it('writes an all-zero dose exactly (scaling 1, every stored value 0)', () => {
    const zero: Volume = { ...good(), data: new Float32Array(6 * 5 * 7) };
    const encoded = encodeRtDose(zero, REFERENCE, meta);
    expect(encoded.doseGridScaling).toBe(1);
    expect(encoded.maxQuantisationErrorGy).toBe(0);
  });
});
