// Use case "export" (src/app/export.ts) without the CLI: the demo patient's lesion VOIs as one
// DICOM SEG per scan, from an in-memory manifest whose paths start at the patient folder; and the
// refusal of measurement-level input, which has no VOIs.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStudy } from '../../src/app/export.ts';
import type { Progress } from '../../src/app/progress.ts';
import { memorySink, type MemorySink } from '../../src/core/artefact.ts';
import { InputError } from '../../src/core/errors.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { writePatientStudy, type PatientStudy } from '../helpers/patient-study.ts';

let study: PatientStudy;
let sink: MemorySink;
let artefacts: string[];
const events: Progress[] = [];
afterAll(() => rmSync(dirname(study.dir), { recursive: true, force: true }));

beforeAll(async () => {
  study = writePatientStudy('iodose-app-export-');
  sink = memorySink();
  const manifest = withFewMonteCarloSamples(study.manifest) as unknown as StudyManifest;
  ({ artefacts } = await exportStudy(
    { manifest, baseDir: study.dir, name: 'demo patient' },
    { sink, onProgress: (p) => events.push(p) },
  ));
}, 180_000);

describe('exportStudy (SEG) on the image-level demo patient', () => {
  it('hands one Segmentation per scan to the sink, named after the scan', () => {
    const scanIds = study.manifest.scans.map((s) => s.id);
    expect(artefacts).toEqual(scanIds.map((id) => `voi-${id}.seg.dcm`));
    expect(sink.artefacts.map((a) => a.path)).toEqual(artefacts);
  });

  it('writes Part 10 files of the Segmentation Storage SOP class naming every lesion', () => {
    const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
    for (const artefact of sink.artefacts) {
      expect('bytes' in artefact).toBe(true);
      const bytes = 'bytes' in artefact ? artefact.bytes : new Uint8Array();
      // PS3.10 7.1: a 128-byte preamble, then "DICM".
      expect(latin1(bytes.subarray(128, 132))).toBe('DICM');
      // PS3.4 B.5: Segmentation Storage.
      expect(latin1(bytes)).toContain('1.2.840.10008.5.1.4.1.1.66.4');
      for (const lesion of study.manifest.lesions) expect(latin1(bytes)).toContain(lesion.id);
    }
  });

  it('declares the PET and CT folders as inputs and reports the seg stage per scan', () => {
    const n = study.manifest.scans.length;
    expect(sink.inputs.map((i) => i.what)).toEqual(
      study.manifest.scans.flatMap((s) => [
        `the PET folder of scan ${s.id}`,
        ...(s.ct === undefined ? [] : [`the CT folder of scan ${s.id}`]),
      ]),
    );
    const seg = events.filter((e) => e.stage === 'seg');
    expect(seg).toEqual(
      Array.from({ length: n + 1 }, (_, done) => ({ stage: 'seg', done, total: n })),
    );
    // load and measure only: no fit, dose or Monte Carlo stage
    expect([...new Set(events.map((e) => e.stage))]).toEqual(['load', 'measure', 'seg', 'output']);
  });

  it('exports the VOIs even when the dosimetry would refuse the study (blood without counts)', async () => {
    const manifest = structuredClone(study.manifest) as unknown as StudyManifest;
    expect(manifest.blood.length).toBeGreaterThan(0);
    // runStudy refuses this (blood samples and whole-body counts go together); export needs neither
    manifest.wholeBody = [];
    const other = memorySink();
    const run = await exportStudy(
      { manifest, baseDir: study.dir, name: 'no counts' },
      { sink: other },
    );
    expect(run.artefacts).toEqual(artefacts);
    expect(other.artefacts.map((a) => a.path)).toEqual(artefacts);
  }, 120_000);
});

describe('exportStudy on measurement-level input', () => {
  it('is refused with an InputError naming the manifest and scans', async () => {
    const sink = memorySink();
    const error = await exportStudy(
      { manifest: demoManifest(), baseDir: '.', name: 'demo' },
      { sink },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^demo: scans: has no lesion VOIs to export/);
    expect(sink.artefacts).toEqual([]);
  });
});
