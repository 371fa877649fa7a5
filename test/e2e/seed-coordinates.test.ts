// Seed coordinates end to end on the demo patient (issue 7, item 7): its LPS seeds written as RAS
// under seedsLps are refused with the RAS hint; under seedsRas they give the same VOIs; seedsIjk
// of each VOI's maximum voxel (indices from an independent pydicom/numpy affine) gives the same
// VOI. With overrides.seedsLpsAsGiven the RAS-under-LPS run goes on and flags its lesions.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyResults } from '../../src/study/results.ts';
import { hasPydicom, pydicomAffine, warnMissing } from '../helpers/external-tools.ts';
import { runVariant, writePatientStudy, type PatientStudy } from '../helpers/patient-study.ts';

let study: PatientStudy;
let reference: StudyResults;

const negateXy = (p: number[]) => [-(p[0] ?? NaN), -(p[1] ?? NaN), p[2] ?? NaN];
const asRas = (seeds: Record<string, number[]>) =>
  Object.fromEntries(Object.entries(seeds).map(([scan, p]) => [scan, negateXy(p)]));

beforeAll(async () => {
  study = writePatientStudy('iodose-seeds-e2e-');
  const { run, results } = await runVariant(study, 'lps');
  expect(run.status).toBe(0);
  if (results === null) throw new Error('the LPS run wrote no results.json');
  reference = results;
}, 120_000);

afterAll(() => rmSync(join(study.dir, '..'), { recursive: true, force: true }));

/** Each lesion's VOIs: scan, VOI volume and maximum point. */
function vois(results: StudyResults) {
  return results.lesions.map((lesion) => ({
    id: lesion.id,
    scans: (lesion.imaging?.scans ?? []).map((s) => ({
      scanId: s.scanId,
      voiVolumeMl: s.voiVolumeMl,
      maxPointLps: s.maxPointLps,
    })),
  }));
}

describe('seeds given in RAS', () => {
  it('the LPS original: every uniform lesion assessable (the heterogeneous L3: VOI and CT disagree)', () => {
    expect(
      // One reason per scan whose VOI disagrees: the distinct codes.
      reference.lesions.map((l) => [
        l.id,
        l.assessable,
        [...new Set(l.notAssessableReasons.map((r) => r.code))],
      ]),
    ).toEqual(
      reference.lesions.map((l) =>
        l.id === 'L3' ? [l.id, false, ['volume.pet-ct-disagree']] : [l.id, true, []],
      ),
    );
  });

  it('RAS numbers under seedsLps are refused with exit 2 and the RAS hint', async () => {
    const { run, path } = await runVariant(study, 'ras-as-lps', (m) => {
      for (const lesion of m.lesions) lesion.seedsLps = asRas(lesion.seedsLps);
    });
    expect(run.status).toBe(2);
    expect(run.err).toHaveLength(1);
    const seed = negateXy(study.manifest.lesions[0]?.seedsLps['pet24'] ?? []);
    expect(run.err[0]).toMatch(
      new RegExp(
        `^iodose: ${path}: lesions\\[0\\]\\.seedsLps\\.pet24: \\[${seed.join(', ')}\\] finds no clear uptake \\(.+\\); ` +
          `read as RAS it lands on a clear maximum of [0-9.]+ kBq/mL \\(contrast [0-9.]+\\): the seed was probably ` +
          `copied from a RAS viewer \\(3D Slicer, niivue\\) \\(write it under seedsRas or negate x and y; ` +
          `if it is LPS as written, set overrides\\.seedsLpsAsGiven: true\\)$`,
      ),
    );
  });

  it('under seedsRas they give the same VOIs as the LPS original', async () => {
    const { run, results } = await runVariant(study, 'ras', (m) => {
      for (const lesion of m.lesions) {
        lesion['seedsRas'] = asRas(lesion.seedsLps);
        delete (lesion as Record<string, unknown>)['seedsLps'];
      }
    });
    expect(run.status).toBe(0);
    if (results === null) throw new Error('no results');
    expect(vois(results)).toEqual(vois(reference));
    for (const lesion of results.lesions) {
      for (const scan of lesion.imaging?.scans ?? []) {
        const lps = study.manifest.lesions.find((l) => l.id === lesion.id)?.seedsLps[scan.scanId];
        expect(scan.seedForm).toBe('seedsRas');
        scan.seedLps.forEach((c, a) => expect(Math.abs(c - (lps?.[a] ?? NaN))).toBeLessThan(1e-9));
      }
    }
  });

  it('with overrides.seedsLpsAsGiven the run goes on and every lesion is flagged not assessable', async () => {
    const { run, results } = await runVariant(study, 'ras-accepted', (m) => {
      for (const lesion of m.lesions) lesion.seedsLps = asRas(lesion.seedsLps);
      m.overrides = { seedsLpsAsGiven: true };
    });
    expect(run.status).toBe(0);
    expect(results?.lesions[0]?.warnings).toContainEqual(
      expect.stringMatching(
        /^overrides\.seedsLpsAsGiven accepted: lesions\[0\]\.seedsLps\.pet24: \[.+\] finds no clear uptake/,
      ),
    );
    for (const lesion of results?.lesions ?? []) {
      expect(lesion.assessable).toBe(false);
      const codes = lesion.notAssessableReasons.map((r) => r.code);
      expect(
        codes.some((c) => ['seed.no-uptake', 'voi.leak', 'volume.pet-ct-disagree'].includes(c)),
      ).toBe(true);
    }
  });
});

describe('seeds given as voxel indices', () => {
  it('seedsIjk of each VOI maximum (pydicom/numpy affine) gives the same VOI', async () => {
    if (!hasPydicom()) return warnMissing('python3-pydicom', 'seedsIjk end-to-end check');
    const ijkByScan = new Map<string, Map<string, number[]>>();
    for (const scanId of ['pet24', 'pet108']) {
      const lesions = reference.lesions.map((l) => ({
        id: l.id,
        max: l.imaging?.scans.find((s) => s.scanId === scanId)?.maxPointLps ?? [NaN, NaN, NaN],
      }));
      const { ijk } = pydicomAffine(join(study.dir, scanId), { lps: lesions.map((l) => l.max) });
      const byLesion = new Map(lesions.map((l, n) => [l.id, (ijk[n] ?? []).map(Math.round)]));
      ijkByScan.set(scanId, byLesion);
      // Each maximum is a voxel centre: numpy's indices are whole numbers.
      for (const p of ijk)
        for (const c of p) expect(Math.abs(c - Math.round(c))).toBeLessThan(1e-3);
    }
    const { run, results } = await runVariant(study, 'ijk', (m) => {
      for (const lesion of m.lesions) {
        lesion['seedsIjk'] = Object.fromEntries(
          ['pet24', 'pet108'].map((scan) => [scan, ijkByScan.get(scan)?.get(lesion.id)]),
        );
        delete (lesion as Record<string, unknown>)['seedsLps'];
      }
    });
    expect(run.status).toBe(0);
    if (results === null) throw new Error('no results');
    expect(vois(results)).toEqual(vois(reference));
    for (const lesion of results.lesions) {
      for (const scan of lesion.imaging?.scans ?? []) {
        // The seed is the maximum voxel's centre, within 1e-6 mm of the reference maximum.
        scan.seedLps.forEach((c, a) =>
          expect(Math.abs(c - scan.maxPointLps[a]!)).toBeLessThan(1e-6),
        );
      }
    }
  });
});

describe('lesions whose PET VOI and CT volume disagree grossly', () => {
  it('are flagged volume.pet-ct-disagree (ratio outside 0.5-2)', async () => {
    const { run, results } = await runVariant(study, 'volumes', (m) => {
      const l3 = m.lesions.find((l) => l.id === 'L3');
      const l4 = m.lesions.find((l) => l.id === 'L4');
      if (l3 === undefined || l4 === undefined) throw new Error('no L3 or L4');
      l3['diametersMm'] = [10, 10, 10]; // 0.52 mL against a PET VOI of about 5 mL
      l4['volumeMl'] = 20; // against a PET VOI of about 3.5 mL
    });
    expect(run.status).toBe(0);
    const flagged = (id: string) =>
      results?.lesions.find((l) => l.id === id)?.notAssessableReasons.map((r) => r.code);
    expect(flagged('L3')).toEqual(['volume.pet-ct-disagree', 'volume.pet-ct-disagree']);
    expect(flagged('L4')).toEqual(['volume.pet-ct-disagree', 'volume.pet-ct-disagree']);
    const l3Voi = reference.lesions.find((l) => l.id === 'L3')?.imaging?.scans[0]?.voiVolumeMl ?? 0;
    const ratio = (l3Voi / (Math.PI / 6)).toFixed(2); // pi/6 d^3, d = 1 cm
    expect(results?.lesions.find((l) => l.id === 'L3')?.notAssessableReasons[0]?.message).toBe(
      `PET pet24: the PET VOI (${l3Voi.toFixed(2)} mL) is ${ratio} x the CT volume (0.52 mL), outside 0.5-2 x: PET and CT do not outline the same lesion`,
    );
    expect(results?.lesions.filter((l) => l.assessable).map((l) => l.id)).toEqual([
      'L1',
      'L2',
      'L5',
    ]);
  });
});
