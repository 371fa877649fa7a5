// The loaded-study model (issue 8 item 2): the demo patient's DICOM read once into a LoadedStudy
// (app/load-study-images.ts), measured without I/O (study/measure-lesions.ts), and run through
// runStudy without manifest rows appended. The VOI means are recomputed here from the loaded PET
// voxels, and the scan times from the PET's scan start, independently of the measurement code.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStudyImages } from '../../src/app/load-study-images.ts';
import { loadStudyManifest } from '../../src/io/manifest/load-manifest.ts';
import { measureStudyImages } from '../../src/study/measure-lesions.ts';
import { runStudy } from '../../src/study/run-study.ts';
import { writePatientStudy } from '../helpers/patient-study.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';

const study = writePatientStudy('iodose-loaded-study-');
afterAll(() => rmSync(dirname(study.dir), { recursive: true, force: true }));
const { manifest } = loadStudyManifest(join(study.dir, 'manifest.yaml'));
const loaded = await loadStudyImages(manifest, study.dir);
const images = measureStudyImages(manifest, loaded);

describe('the LoadedStudy', () => {
  it('holds every session with its PET and CT, on one frame of reference', () => {
    expect(loaded.sessions.map((s) => s.id)).toEqual((manifest.scans ?? []).map((s) => s.id));
    loaded.sessions.forEach((session, index) => {
      expect(session.index).toBe(index);
      expect(session.ct).not.toBeNull();
      expect(session.ct?.frameOfReferenceUid).toBe(session.pet.frameOfReferenceUid);
      expect(session.pet.seriesInstanceUid).not.toBe(session.ct?.seriesInstanceUid);
    });
  });

  it('keeps the CT volumes after measuring (for voxel dosimetry next)', () => {
    for (const session of images.loaded.sessions) {
      const [nx, ny, nz] = session.ct?.volume.size ?? [0, 0, 0];
      expect(session.ct?.volume.data.length).toBe(nx * ny * nz);
      expect(nx * ny * nz).toBeGreaterThan(0);
    }
  });
});

describe('lesion measurement on the LoadedStudy', () => {
  it('gives each lesion one measurement per seeded scan: time, VOI mean, CT region', () => {
    for (const lesion of manifest.lesions) {
      const measured = images.lesions.get(lesion.id);
      expect(measured?.scans.map((s) => s.scanId)).toEqual(Object.keys(lesion.seedsLps ?? {}));
      for (const scan of measured?.scans ?? []) {
        const session = loaded.sessions.find((s) => s.id === scan.scanId);
        if (session === undefined) throw new Error(`no session ${scan.scanId}`);
        // the VOI mean from the loaded PET voxels
        const data = session.pet.volume.data;
        let sum = 0;
        for (const i of scan.voi.voxelIndices) sum += data[i] ?? NaN;
        expect(scan.meanConcBqPerMl).toBeCloseTo(sum / scan.voi.voxelIndices.length, 6);
        // the time: administration + the PET's scan start, local ISO to the second
        const administered = Date.parse(`${manifest.tracer.administeredAt}Z`);
        const expected = new Date(administered + session.pet.scanStartH * 3_600_000);
        expect(Math.abs(Date.parse(`${scan.at}Z`) - expected.getTime())).toBeLessThanOrEqual(1000);
        expect(scan.ctRegionMl).toBeGreaterThan(0);
      }
    }
  });

  it('runStudy takes the measurements: volumes from CT, points from the VOIs, manifest untouched', () => {
    const before = JSON.stringify(manifest);
    const results = runStudy(withFewMonteCarloSamples(manifest), {
      manifestPath: null,
      inputsSha256: 'x',
      createdAt: 'now',
      images,
    });
    expect(JSON.stringify(manifest)).toBe(before);
    for (const lesion of results.lesions) {
      const measured = images.lesions.get(lesion.id);
      const regions = measured?.scans.map((s) => s.ctRegionMl ?? NaN) ?? [];
      expect(lesion.volumeMl).toBeCloseTo(regions.reduce((a, b) => a + b, 0) / regions.length, 9);
      const labels = measured?.scans.map((s) => `scan ${s.scanId}`) ?? [];
      expect(lesion.volumeSource).toBe(
        `ct-region-growing (mean of ${labels.length} CTs: ${labels.join(', ')})`,
      );
      expect(lesion.points.map((p) => p.meanConcBqPerMl)).toEqual(
        measured?.scans.map((s) => s.meanConcBqPerMl),
      );
      // the point times are the PETs' scan starts themselves, not a round trip through ISO text
      const starts = measured?.scans.map(
        (s) => loaded.sessions.find((session) => session.id === s.scanId)?.pet.scanStartH,
      );
      expect(lesion.points.map((p) => p.timeH)).toEqual(starts);
    }
  });
});

describe('abort between lesions', () => {
  it('an abort after the first lesion stops before the second is measured', () => {
    expect(manifest.lesions.length).toBeGreaterThan(1);
    const controller = new AbortController();
    let checks = 0;
    const measuring = () =>
      measureStudyImages(manifest, loaded, () => {
        checks += 1;
        // aborted while the first lesion was measured: the check before the second sees it
        controller.abort(new Error('stopped by the user'));
        controller.signal.throwIfAborted();
      });
    expect(measuring).toThrow('stopped by the user');
    expect(checks).toBe(1);
  });
});
