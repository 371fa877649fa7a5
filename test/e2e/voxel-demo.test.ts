/**
 * The voxel path end to end on the digital patient (issue 9): its 108-h session lies moved on the
 * table (12 mm, 3 degrees: PATIENT_DEFAULTS.motion), so the run must find the motion by CT
 * registration (within 1 mm and 0.5 degrees of the truth), give lesion voxel doses within 5% of
 * the same patient without the motion, and write one RT Dose on the first PET's grid that
 * dciodvfy accepts and pydicom reads back to the same numbers and voxel centres.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeStudy, type StudyRun } from '../../src/app/study/compute-study.ts';
import { RT_DOSE_FILE } from '../../src/app/study/voxel-stage.ts';
import { memorySink } from '../../src/core/artefact.ts';
import { buildPatientPhantom, PATIENT_DEFAULTS } from '../../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../../src/demo/write-patient-phantom.ts';
import type { LesionVoxelDose } from '../../src/dosimetry/voxel/lesion-voxel.ts';
import {
  dciodvfy,
  hasDciodvfy,
  hasPydicom,
  PYTHON,
  warnMissing,
} from '../helpers/external-tools.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('iodose-voxel-demo-');
let moved: StudyRun;
let still: StudyRun;
let rtDose: Uint8Array | undefined;

async function run(name: string, motion?: typeof PATIENT_DEFAULTS.motion) {
  const written = writePatientPhantom(
    join(dir, name),
    buildPatientPhantom(motion === undefined ? {} : { motion }),
  );
  const sink = memorySink();
  const result = await computeStudy({ manifestPath: written.manifestPath }, { sink });
  return { result, sink };
}

beforeAll(async () => {
  const a = await run('moved');
  moved = a.result;
  const artefact = a.sink.artefacts.find((x) => x.path === RT_DOSE_FILE);
  rtDose = artefact !== undefined && 'bytes' in artefact ? artefact.bytes : undefined;
  still = (await run('still', {})).result;
}, 600_000);

const voxelOf = (r: StudyRun, id: string): LesionVoxelDose => {
  const voxel = r.results.lesions.find((l) => l.id === id)?.voxel;
  if (voxel === undefined || 'notComputed' in voxel) throw new Error(`lesion ${id}: no voxel dose`);
  return voxel;
};

describe('voxel dosimetry of the digital patient', () => {
  it('finds the second session motion by CT registration: within 1 mm and 0.5 degrees', () => {
    const truth = PATIENT_DEFAULTS.motion.pet108;
    if (truth === undefined) throw new Error('the demo no longer moves pet108');
    const session = moved.results.voxelDosimetry?.sessions.find((s) => s.scanId === 'pet108');
    expect(session?.method).toBe('ct-mutual-information');
    // Both about the PET grid centre (the phantom's centerLps), so the parameters compare.
    expect(session?.transform?.centreLps).toEqual(PATIENT_DEFAULTS.centerLps);
    for (let a = 0; a < 3; a++) {
      expect(Math.abs((session?.translationMm?.[a] ?? NaN) - truth.translationMm[a]!)).toBeLessThan(
        1,
      );
      expect(Math.abs((session?.rotationDeg?.[a] ?? NaN) - truth.rotationDeg[a]!)).toBeLessThan(
        0.5,
      );
    }
    expect(session?.residualMm).toBeLessThan(1);
  });

  it('gives every lesion the same voxel doses as without the motion, within 5%', () => {
    const rows = moved.results.lesions.map((lesion) => {
      const a = voxelOf(moved, lesion.id);
      const b = voxelOf(still, lesion.id);
      return {
        id: lesion.id,
        sphere: lesion.doseGyPerGBq,
        movedMean: a.meanDoseGyPerGBq,
        stillMean: b.meanDoseGyPerGBq,
        mean: a.meanDoseGyPerGBq / b.meanDoseGyPerGBq,
        d98: a.d98GyPerGBq / b.d98GyPerGBq,
        d2: a.d2GyPerGBq / b.d2GyPerGBq,
      };
    });
    console.table(rows);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(Math.abs(row.mean - 1)).toBeLessThan(0.05);
  });

  it('reports each lesion: mean, D98 <= D90 <= D50 <= D2, a DVH from 100% down, the sphere ratio', () => {
    for (const lesion of moved.results.lesions) {
      const v = voxelOf(moved, lesion.id);
      expect(v.minDoseGyPerGBq).toBeLessThanOrEqual(v.d98GyPerGBq);
      expect(v.d98GyPerGBq).toBeLessThanOrEqual(v.d90GyPerGBq);
      expect(v.d90GyPerGBq).toBeLessThanOrEqual(v.d50GyPerGBq);
      expect(v.d50GyPerGBq).toBeLessThanOrEqual(v.d2GyPerGBq);
      expect(v.d2GyPerGBq).toBeLessThanOrEqual(v.maxDoseGyPerGBq);
      expect(v.dvh.volumeFraction[0]).toBeCloseTo(1, 9);
      expect(v.ratioToSphereModel).toBeCloseTo(v.meanDoseGyPerGBq / lesion.doseGyPerGBq, 9);
      expect(v.activityGBq).toBe(moved.results.therapy.activityGBq);
    }
    expect(moved.results.voxelDosimetry?.notes.join(' ')).toMatch(/no recovery/i);
  });

  it('leaves the sphere-model results alone: the same decision and doses with voxel dosimetry off', async () => {
    const manifest = join(dir, 'moved', 'manifest.yaml');
    const off = join(dir, 'moved', 'manifest-off.yaml');
    const text = readFileSync(manifest, 'utf8');
    expect(text).not.toMatch(/^settings:/m); // the demo sets none: add the block
    writeFileSync(off, `${text}settings:\n  voxelDosimetry:\n    enabled: false\n`);
    const result = (await computeStudy({ manifestPath: off }, { sink: memorySink() })).results;
    expect(result.voxelDosimetry?.computed).toBe(false);
    expect(result.voxelDosimetry?.reason).toMatch(/enabled: false/);
    expect(result.therapy.decision).toBe(moved.results.therapy.decision);
    for (const lesion of result.lesions) {
      const other = moved.results.lesions.find((l) => l.id === lesion.id);
      expect(lesion.doseGyPerGBq).toBe(other?.doseGyPerGBq);
      expect(lesion.voxel).toBeUndefined();
    }
  }, 300_000);

  it.skipIf(!hasDciodvfy())('writes an RT Dose that dciodvfy accepts (0 errors)', () => {
    if (rtDose === undefined) throw new Error('no RT Dose artefact');
    const file = join(dir, 'dose.dcm');
    writeFileSync(file, rtDose);
    expect(dciodvfy(file).errors).toEqual([]);
  });

  it.skipIf(!hasPydicom())(
    'writes the RT Dose on the first PET grid: pydicom voxel centres on the PET, doses as results.json',
    () => {
      if (rtDose === undefined) throw new Error('no RT Dose artefact');
      const file = join(dir, 'dose-py.dcm');
      const raw = join(dir, 'dose.f64');
      writeFileSync(file, rtDose);
      const script = join(import.meta.dirname, '..', 'helpers', 'read-rtdose.py');
      const summary = JSON.parse(
        execFileSync(PYTHON, [script, file, raw, join(dir, 'moved', 'pet24')]).toString('utf8'),
      ) as Record<string, unknown>;
      expect(summary['doseUnits']).toBe('GY');
      expect(summary['maxDistanceToPetMm']).toBeLessThan(1e-3);
      expect(summary['frameOfReferenceUid']).toBe(summary['petFrameOfReferenceUid']);
      // The largest dose in Gy equals the largest lesion voxel maximum x activity, or more
      // (the map's maximum may lie outside every VOI), to the quantisation step.
      const bytes = readFileSync(raw);
      const values = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
      let max = 0;
      for (let n = 3; n < values.length; n += 4) max = Math.max(max, values[n] ?? 0);
      const activity = moved.results.therapy.activityGBq;
      const lesionMax = Math.max(
        ...moved.results.lesions.map((l) => voxelOf(moved, l.id).maxDoseGyPerGBq * activity),
      );
      const step = Number(summary['doseGridScaling']);
      expect(max).toBeGreaterThanOrEqual(lesionMax - step);
    },
  );
});

if (!hasDciodvfy()) warnMissing('dicom3tools', 'RT Dose validation');
if (!hasPydicom()) warnMissing('python3-pydicom', 'RT Dose read-back');
