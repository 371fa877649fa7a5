/**
 * Written CT and PET series are read back by an independent reader (pydicom) and validated by
 * dciodvfy: geometry (slice positions = origin + k spacing along the normal, for an axial and an
 * oblique orientation), rescaled values within half a rescale step, the PET decay-correction
 * conventions, and the PET and CT of one session sharing their Frame of Reference UID.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mat3, Vec3, Volume } from '../../../src/core/volume.ts';
import { IDENTITY_DIRECTION, ijkToLps } from '../../../src/core/volume.ts';
import { newSessionUids, type PetSeriesMeta } from '../../../src/io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../../../src/io/dicom/write/write-series.ts';
import { listSeries } from '../../../src/io/dicom/read/read-series.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import {
  dciodvfy,
  hasDciodvfy,
  hasPydicom,
  readWithPydicom,
  warnMissing,
} from '../../helpers/external-tools.ts';

const root = mkdtempSync(join(tmpdir(), 'iodose-write-series-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pydicom = hasPydicom();
const validator = hasDciodvfy();
if (!pydicom) warnMissing('python3-pydicom', 'read-back of written series');
if (!validator) warnMissing('dicom3tools', 'dciodvfy validation of written series');

const session = newSessionUids();
const base = {
  patient: { id: 'W01', name: 'Writer^Test', weightKg: 72, heightCm: 168, sex: 'F' as const },
  study: {
    instanceUid: session.studyInstanceUid,
    id: 'S1',
    description: 'writer test',
    at: '2024-03-05T09:00:00',
  },
  frameOfReferenceUid: session.frameOfReferenceUid,
  seriesDescription: 'test',
  seriesNumber: 1,
  acquiredAt: '2024-03-05T09:15:00',
};
const petMeta: PetSeriesMeta = {
  ...base,
  seriesNumber: 2,
  administeredAt: '2024-03-04T09:15:00',
  activityBq: 37e6,
  decayCorrection: 'START',
  frameDurationS: 600,
  reconstructionMethod: 'OSEM3D 3i21s',
  convolutionKernel: 'XYZ Gauss 5.0',
  equipment: { manufacturer: 'iodose', manufacturerModelName: 'Digital PET 124I' },
};

/** A 10 x 7 x 5 volume with a smooth ramp plus a hot voxel, in the given orientation. */
function testVolume(direction: Mat3, scale: number): Volume {
  const size: Vec3 = [10, 7, 5];
  const data = new Float32Array(10 * 7 * 5);
  for (let n = 0; n < data.length; n++) {
    const k = Math.floor(n / 70);
    data[n] = scale * (1 + k) * (0.1 + ((n * 37) % 101) / 101);
  }
  data[123] = scale * 8;
  return { size, spacingMm: [2.5, 3, 4], originLps: [-12.5, 30, -40], direction, data };
}

// Oblique: rows along (x + y)/sqrt2, columns along z, slices along the cross product.
const s = Math.SQRT1_2;
const OBLIQUE: Mat3 = [s, 0, s, s, 0, -s, 0, 1, 0];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  let max = 0;
  for (let n = 0; n < a.length; n++)
    max = Math.max(max, Math.abs((a[n] ?? 0) - (b[n] ?? 0) * scale));
  return max;
}

describe('writeCtSeries and writePetSeries read back by pydicom', () => {
  for (const [name, direction] of [
    ['axial', IDENTITY_DIRECTION],
    ['oblique', OBLIQUE],
  ] as const) {
    it(`a ${name} CT keeps its geometry and HU within 0.5 HU`, () => {
      if (!pydicom) return;
      const volume = testVolume(direction, 1000);
      for (let n = 0; n < volume.data.length; n++) volume.data[n] = (volume.data[n] ?? 0) - 1000;
      const folder = join(root, `ct-${name}`);
      const written = writeCtSeries(volume, folder, base);
      expect(readdirSync(folder).sort()).toEqual([...written.files].sort());
      const read = readWithPydicom(folder);
      expect(read.count).toBe(5);
      expect(read.modality).toBe('CT');
      expect(read.transferSyntax).toBe('1.2.840.10008.1.2.1');
      expect(read.rows).toBe(7);
      expect(read.columns).toBe(10);
      expect(read.pixelSpacing).toEqual([3, 2.5]);
      expect(read.sliceThickness).toBe(4);
      const iop = [0, 3, 6, 1, 4, 7].map((c) => direction[c] ?? NaN);
      read.orientation.forEach((v, c) => expect(v).toBeCloseTo(iop[c] ?? NaN, 12));
      read.positions.forEach((position, k) => {
        const expected = ijkToLps(volume, [0, 0, k]);
        for (let c = 0; c < 3; c++) expect(position[c]).toBeCloseTo(expected[c] ?? NaN, 9);
      });
      expect(read.instanceNumbers).toEqual([1, 2, 3, 4, 5]);
      expect(maxAbsDiff(read.values, volume.data)).toBeLessThanOrEqual(0.5);
      expect(read.frameOfReferenceUid).toBe(session.frameOfReferenceUid);
    });
  }

  it('a PET (START, series = acquisition start) stores Bq/mL within half a slope step per slice', () => {
    if (!pydicom) return;
    const volume = testVolume(IDENTITY_DIRECTION, 5000);
    const folder = join(root, 'pet-start');
    const written = writePetSeries(volume, folder, petMeta);
    const read = readWithPydicom(folder);
    expect(read.modality).toBe('PT');
    expect(read.units).toBe('BQML');
    expect(read.decayCorrection).toBe('START');
    expect(read.intercepts.every((b) => b === 0)).toBe(true);
    expect(read.slopes).toEqual(written.rescaleSlopes);
    expect(new Set(read.slopes).size).toBe(5); // one slope per slice
    const lambdaD = (Math.LN2 / (I124.halfLifeH * 3600)) * 600;
    expect(Number(read.decayFactor)).toBeCloseTo(lambdaD / -Math.expm1(-lambdaD), 12);
    const sliceSize = 70;
    for (let k = 0; k < 5; k++) {
      const a = read.values.subarray(k * sliceSize, (k + 1) * sliceSize);
      const b = volume.data.subarray(k * sliceSize, (k + 1) * sliceSize);
      expect(maxAbsDiff(a, b)).toBeLessThanOrEqual((read.slopes[k] ?? 0) * 0.5 + 1e-3);
    }
    expect(read.radionuclideHalfLifeS).toBeCloseTo(I124.halfLifeH * 3600, 6);
    expect(read.radionuclideTotalDoseBq).toBe(37e6);
    expect(read.radionuclideCode).toBe('40937006');
    expect(read.radiopharmaceuticalStartDateTime).toBe('20240304091500');
    expect(read.seriesDateTime).toBe('20240305091500');
    expect(read.acquisitionDateTime).toBe('20240305091500');
    expect(read.manufacturerModelName).toBe('Digital PET 124I');
    expect(read.reconstructionMethod).toBe('OSEM3D 3i21s');
    expect(read.patientWeight).toBe('72');
    expect(read.frameOfReferenceUid).toBe(session.frameOfReferenceUid);
    expect(read.studyInstanceUid).toBe(session.studyInstanceUid);
  });

  it('NONE stores the frame average; ADMIN stores the value decay-corrected to administration', () => {
    if (!pydicom) return;
    const volume = testVolume(IDENTITY_DIRECTION, 5000);
    const lambdaPerS = Math.LN2 / (I124.halfLifeH * 3600);
    const x = lambdaPerS * 600;
    const cases = [
      ['NONE', -Math.expm1(-x) / x],
      ['ADMIN', Math.exp(lambdaPerS * 24 * 3600)],
    ] as const;
    for (const [convention, factor] of cases) {
      const folder = join(root, `pet-${convention}`);
      writePetSeries(volume, folder, { ...petMeta, decayCorrection: convention });
      const read = readWithPydicom(folder);
      expect(read.decayCorrection).toBe(convention);
      const tolerance = Math.max(...read.slopes) * 0.5 + 1e-3;
      expect(maxAbsDiff(read.values, volume.data, factor)).toBeLessThanOrEqual(tolerance);
    }
  });
});

describe('written files validate against the DICOM IODs (dciodvfy)', () => {
  it('CT and PET slices give 0 errors and 0 warnings', () => {
    if (!validator) return;
    const volume = testVolume(IDENTITY_DIRECTION, 5000);
    const ct = writeCtSeries(volume, join(root, 'v-ct'), base);
    const pet = writePetSeries(volume, join(root, 'v-pet'), petMeta);
    for (const written of [ct, pet]) {
      const result = dciodvfy(join(written.folder, written.files[0] ?? ''));
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
    }
  });
});

describe('UIDs', () => {
  it('are 2.25.<decimal UUID> of at most 64 characters, unique per slice', () => {
    const volume = testVolume(IDENTITY_DIRECTION, 1);
    const written = writePetSeries(volume, join(root, 'uids'), petMeta);
    for (const uid of [
      written.seriesInstanceUid,
      session.studyInstanceUid,
      session.frameOfReferenceUid,
    ]) {
      expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
    expect(new Set(written.files).size).toBe(5);
  });
});

describe('writing a series again into the same folder', () => {
  it('replaces it: the folder still holds one series (a rerun of a demo must not fail)', () => {
    const folder = join(root, 'rerun');
    const volume = testVolume(IDENTITY_DIRECTION, 1000);
    writePetSeries(volume, folder, petMeta);
    const second = writePetSeries(volume, folder, petMeta);
    const series = listSeries(folder);
    expect(series).toHaveLength(1);
    expect(series[0]?.seriesInstanceUid).toBe(second.seriesInstanceUid);
    expect(series[0]?.files).toBe(volume.size[2]);
  });
});
