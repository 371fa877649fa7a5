// Seeds as seedsLps, seedsRas or seedsIjk (issue 7, item 7). The voxel-index convention (zero-based
// column i, row j, slice k along the sorted normal) is checked against an independent affine from
// pydicom and numpy (test/helpers/dicom-affine.py) on an oblique, anisotropic PET written as DICOM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lpsToIjk, rasToLps, type Mat3, type Vec3, type Volume } from '../../src/core/volume.ts';
import { newSessionUids } from '../../src/io/dicom/write/write-meta.ts';
import { readPetSeries, type LoadedPet } from '../../src/io/dicom/read/read-pet-series.ts';
import { writePetSeries } from '../../src/io/dicom/write/write-series.ts';
import { segmentIsocontour } from '../../src/imaging/isocontour.ts';
import { I124 } from '../../src/physics/nuclides.ts';
import { lesionSeeds, seedToLps, type LesionSeed } from '../../src/study/lesion-seeds.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { hasPydicom, pydicomAffine, warnMissing } from '../helpers/external-tools.ts';

/** Columns: unit vectors of i, j, k; Rz(30 deg) Rx(20 deg), an oblique orthonormal frame. */
function obliqueDirection(): Mat3 {
  const a = Math.PI / 6;
  const b = Math.PI / 9;
  const rz = [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, Math.cos(b), -Math.sin(b), 0, Math.sin(b), Math.cos(b)];
  const m = Array.from({ length: 9 }, (_, n) => {
    const r = Math.floor(n / 3);
    const c = n % 3;
    return [0, 1, 2].reduce((sum, t) => sum + (rz[3 * r + t] ?? 0) * (rx[3 * t + c] ?? 0), 0);
  });
  return m as unknown as Mat3;
}

const SIZE: Vec3 = [24, 20, 14];
const HOT: Vec3 = [11, 8, 7];
let dir = '';
let pet: LoadedPet;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iodose-seeds-'));
  const data = new Float32Array(SIZE[0] * SIZE[1] * SIZE[2]);
  for (let k = 0; k < SIZE[2]; k++)
    for (let j = 0; j < SIZE[1]; j++)
      for (let i = 0; i < SIZE[0]; i++) {
        const r2 = (i - HOT[0]) ** 2 + (j - HOT[1]) ** 2 + (k - HOT[2]) ** 2;
        data[i + SIZE[0] * (j + SIZE[1] * k)] = 100 + 5000 * Math.exp(-r2 / 4);
      }
  const volume: Volume = {
    size: SIZE,
    spacingMm: [3, 2.5, 4],
    originLps: [-30, 12, 5],
    direction: obliqueDirection(),
    data,
  };
  const uids = newSessionUids();
  const acquiredAt = '2024-03-05T09:15:00';
  writePetSeries(volume, join(dir, 'pet'), {
    patient: { id: 'OBLIQUE', name: 'Oblique^Test' },
    study: { instanceUid: uids.studyInstanceUid, id: 'S1', description: 'oblique', at: acquiredAt },
    frameOfReferenceUid: uids.frameOfReferenceUid,
    seriesDescription: 'oblique PET',
    seriesNumber: 1,
    acquiredAt,
    administeredAt: '2024-03-04T09:15:00',
    activityBq: 37e6,
    decayCorrection: 'START',
  });
  pet = readPetSeries(join(dir, 'pet'), {
    administeredAt: '2024-03-04T09:15:00',
    halfLifeH: I124.halfLifeH,
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ijkSeed = (given: Vec3): LesionSeed => ({
  scanId: 'pet',
  form: 'seedsIjk',
  given,
  field: 'lesions[0].seedsIjk.pet',
});

describe('seedsIjk: zero-based column, row, slice of the scan PET', () => {
  const points: Vec3[] = [[0, 0, 0], [23, 0, 0], [0, 19, 0], [0, 0, 13], HOT, [23, 19, 13]];

  it('gives the LPS point of an independent pydicom/numpy affine (within 1e-3 mm)', () => {
    if (!hasPydicom()) return warnMissing('python3-pydicom', 'seedsIjk affine check');
    const reference = pydicomAffine(join(dir, 'pet'), { ijk: points.map((p) => [...p]) });
    points.forEach((p, n) => {
      const ours = seedToLps(ijkSeed(p), pet.volume);
      const want = reference.lps[n] ?? [NaN, NaN, NaN];
      for (let a = 0; a < 3; a++) expect(Math.abs(ours[a]! - want[a]!)).toBeLessThan(1e-3);
    });
  });

  it('inverts like the affine: lpsToIjk of an LPS point matches numpy (within 1e-4 voxel)', () => {
    if (!hasPydicom()) return warnMissing('python3-pydicom', 'lpsToIjk affine check');
    const lps: Vec3 = [3.3, -7.1, 20.4];
    const reference = pydicomAffine(join(dir, 'pet'), { lps: [[...lps]] }).ijk[0] ?? [];
    lpsToIjk(pet.volume, lps).forEach((c, a) =>
      expect(Math.abs(c - reference[a]!)).toBeLessThan(1e-4),
    );
  });

  it('seeds the VOI at the hot voxel: its maximum is that voxel', () => {
    const voi = segmentIsocontour(pet.volume, seedToLps(ijkSeed(HOT), pet.volume));
    const maxIjk = lpsToIjk(pet.volume, voi.maxPointLps);
    maxIjk.forEach((c, a) => expect(c).toBeCloseTo(HOT[a]!, 6));
  });

  it('refuses an index outside the PET, naming the field and the size', () => {
    expect(() => seedToLps(ijkSeed([24, 0, 0]), pet.volume)).toThrow(
      /^lesions\[0\]\.seedsIjk\.pet: voxel \[24, 0, 0\] lies outside the PET of 24 x 20 x 14 voxels/,
    );
  });
});

describe('seedsRas and the one-seed-per-scan rule', () => {
  it('RAS is LPS with x and y negated', () => {
    expect(rasToLps([10, -20, 35])).toEqual([-10, 20, 35]);
  });

  const lesion = (extra: Partial<StudyManifest['lesions'][number]>) =>
    ({ id: 'L1', ...extra }) as StudyManifest['lesions'][number];

  it('mixes forms across scans, in scan order', () => {
    const seeds = lesionSeeds(
      lesion({ seedsRas: { b: [1, 2, 3] }, seedsIjk: { a: [4, 5, 6] } }),
      0,
      ['a', 'b'],
    );
    expect(seeds.map((s) => [s.scanId, s.form, s.field])).toEqual([
      ['a', 'seedsIjk', 'lesions[0].seedsIjk.a'],
      ['b', 'seedsRas', 'lesions[0].seedsRas.b'],
    ]);
  });

  it('refuses two forms for the same scan', () => {
    expect(() =>
      lesionSeeds(lesion({ seedsLps: { a: [1, 2, 3] }, seedsRas: { a: [-1, -2, 3] } }), 2, ['a']),
    ).toThrow(
      'lesions[2].seedsRas.a: scan a already has a seed under seedsLps; a scan takes one seed (keep one of seedsLps.a and seedsRas.a)',
    );
  });

  it('refuses a seed for an unknown scan', () => {
    expect(() => lesionSeeds(lesion({ seedsIjk: { c: [1, 2, 3] } }), 0, ['a', 'b'])).toThrow(
      'lesions[0].seedsIjk.c: no scan with id "c"; scans are "a", "b"',
    );
  });
});
