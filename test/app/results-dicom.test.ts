// The results as DICOM (src/app/results-dicom.ts): the TID 1500 SR (report.sr.dcm) and the
// Encapsulated PDF (report.pdf.dcm) of a run, checked by independent tools: dciodvfy (0 errors;
// its summary is printed per object), pydicom (read-sr.py walks the content tree) reads the
// lesion and patient values back equal to results.json (Floating Point Value: the same double),
// the SEG segments referenced are those pydicom finds labelled with the lesion id, and the PDF's
// bytes equal report.pdf.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { computeStudy, type StudyRun } from '../../src/app/study/compute-study.ts';
import { memorySink, type Artefact } from '../../src/core/artefact.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyResults } from '../../src/study/results.ts';
import { hasDciodvfy, hasPydicom, PYTHON, warnMissing } from '../helpers/external-tools.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { writePatientStudy } from '../helpers/patient-study.ts';
import {
  dciodvfySummary,
  measurementOf,
  readSrWithPydicom,
  type PdfRead,
  type SrRead,
  type SrReadGroup,
} from '../helpers/sr-readback.ts';
import { tempDir } from '../helpers/temp.ts';

const validator = hasDciodvfy();
const pydicom = hasPydicom();
if (!validator) warnMissing('dicom3tools', 'dciodvfy validation of the SR and PDF');
if (!pydicom) warnMissing('python3-pydicom', 'pydicom read-back of the SR');

/** Writes the sink's binary artefacts into `dir`; their paths by name. */
function writeBinary(artefacts: readonly Artefact[], dir: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const a of artefacts) {
    if (!('bytes' in a)) continue;
    const path = join(dir, a.path);
    writeFileSync(path, a.bytes);
    paths.set(a.path, path);
  }
  return paths;
}

/** Checks every lesion's and the patient's values in `sr` against `results` (exact doubles). */
function expectValuesOf(sr: SrRead, results: StudyResults): void {
  for (const lesion of results.lesions) {
    const groups = sr.groups.filter((g) => g.trackingId === `lesion ${lesion.id}`);
    const own = groups.filter((g) => g.timePoint === undefined);
    expect(own).toHaveLength(1);
    const g = own[0] as SrReadGroup;
    expect(new Set(groups.map((x) => x.trackingUid)).size).toBe(1);
    expect(measurementOf(g, 'DPA')?.value).toBe(lesion.doseGyPerGBq);
    expect(measurementOf(g, 'DPA')?.sigma).toBe(lesion.doseSigmaGyPerGBq);
    expect(measurementOf(g, 'DPA')?.sigmaKind).toEqual(['Standard Deviation']);
    expect(measurementOf(g, '128513')?.value).toBe(lesion.doseAtTherapyGy);
    expect(measurementOf(g, '128513')?.unit.value).toBe('Gy');
    expect(measurementOf(g, '128513')?.sigma).toBe(lesion.doseAtTherapySigmaGy);
    expect(measurementOf(g, 'RT131')?.value).toBe(lesion.residenceTimeH);
    expect(measurementOf(g, 'TEFF')?.value).toBe(lesion.effectiveHalfLifeH ?? undefined);
    expect(measurementOf(g, '118565006')?.value).toBe(lesion.volumeMl);
    // The DS is the same number in at most 16 characters (relative 1e-12 at 15 digits and more).
    const ds = Number(measurementOf(g, 'DPA')?.ds);
    expect(Math.abs(ds / lesion.doseGyPerGBq - 1)).toBeLessThan(1e-12);
    expect(g.evaluations[0]).toEqual({
      concept: expect.objectContaining({ value: 'ASSESS' }),
      code: expect.objectContaining({ value: lesion.assessable ? 'ASSESSABLE' : 'NOTASSESS' }),
    });
  }
  const patient = sr.groups.find((g) => g.trackingId === `patient ${results.patient.id}`);
  expect(patient).toBeDefined();
  const p = patient as SrReadGroup;
  expect(measurementOf(p, 'BDPA')?.value).toBe(results.blood?.doseGyPerGBq);
  expect(measurementOf(p, 'R48')?.value).toBe(results.blood?.wbRetention48hPercent);
  expect(measurementOf(p, 'MTA')?.value).toBe(results.mta?.activityGBq);
  expect(measurementOf(p, 'MTA')?.sigma).toBe(results.mta?.activitySigmaGBq);
  expect(measurementOf(p, 'TACT')?.value).toBe(results.therapy.activityGBq);
  const decision = {
    eligible: 'ELIGIBLE',
    'not eligible': 'NOTELIG',
    'not assessable': 'NOTASSESS',
  };
  expect(sr.evaluations[0]).toEqual({
    concept: expect.objectContaining({ value: 'DECISION', scheme: '99IODOSE' }),
    code: expect.objectContaining({ value: decision[results.therapy.decision] }),
  });
  expect(sr.evaluations.slice(1).map((e) => ('text' in e ? e.text : ''))).toEqual(
    results.therapy.decisionReasons.map((r) => `${r.code}: ${r.message}`),
  );
}

describe.skipIf(!pydicom)('the SR of a measurement-level study (the demo, no images)', async () => {
  const dir = tempDir('iodose-sr-measured-');
  const sink = memorySink();
  const run = await computeStudy({ manifest: demoManifest(), baseDir: dir }, { sink });
  const paths = writeBinary(sink.artefacts, dir);
  const file = paths.get('report.sr.dcm') ?? '';

  it('is made beside results.json and report.html', () => {
    expect(run.artefacts).toEqual(['results.json', 'report.html', 'report.sr.dcm']);
  });

  it.skipIf(!validator)('passes dciodvfy with 0 errors', () => {
    const { errors, warnings } = dciodvfySummary('report.sr.dcm (measurement-level)', file);
    expect(errors).toEqual([]);
    // Only the private coding scheme is unknown to dciodvfy's dictionary of defined terms.
    expect(warnings.filter((w) => !w.includes('<99IODOSE>'))).toEqual([]);
  });

  it('reads back: a new study of the patient, no referenced instances, the values of results.json', () => {
    const sr = readSrWithPydicom(file);
    expect(sr.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    expect(sr.template).toBe('1500');
    expect(sr.patientId).toBe(run.results.patient.id);
    expect(sr.studyInstanceUid).toMatch(/^2\.25\.\d+$/);
    expect(sr.evidence).toEqual([]);
    expect(sr.groups.every((g) => g.segment === undefined && g.template === '1501')).toBe(true);
    for (const lesion of run.results.lesions) {
      const sessions = sr.groups.filter(
        (g) => g.trackingId === `lesion ${lesion.id}` && g.timePoint !== undefined,
      );
      expect(sessions.map((g) => g.timePoint)).toEqual(lesion.points.map((pt) => pt.at));
      expect(sessions.map((g) => measurementOf(g, '126377')?.value)).toEqual(
        lesion.points.map((pt) => pt.meanConcBqPerMl),
      );
    }
    expectValuesOf(sr, run.results);
  });
});

describe.skipIf(!pydicom)('the SR and PDF of the image-level demo patient', async () => {
  const study = writePatientStudy('iodose-sr-image-');
  const manifestPath = join(study.dir, 'few.yaml');
  writeFileSync(manifestPath, stringify(withFewMonteCarloSamples(study.manifest)));
  const sink = memorySink();
  const run: StudyRun = await computeStudy({ manifestPath }, { sink, pdf: true });
  const out = tempDir('iodose-sr-image-out-');
  const paths = writeBinary(sink.artefacts, out);
  const printed = paths.has('report.pdf');
  if (!printed)
    console.warn(`\n*** SKIPPED: the Encapsulated PDF checks: ${run.notes.join('; ')} ***\n`);
  const py = (code: string, file: string) =>
    execFileSync(PYTHON, ['-c', code, file]).toString('utf8').trim();

  it('makes the SR after the SEGs and the RT Dose, and the PDF instance with report.pdf', () => {
    const dicom = run.artefacts.filter((p) => p.endsWith('.dcm'));
    expect(dicom).toEqual([
      'voi-pet24.seg.dcm',
      'voi-pet108.seg.dcm',
      'voxel-dose.rtdose.dcm',
      'report.sr.dcm',
      ...(printed ? ['report.pdf.dcm'] : []),
    ]);
  });

  it.skipIf(!validator)(
    'every DICOM object passes dciodvfy with 0 errors (summary printed)',
    () => {
      for (const [name, file] of paths) {
        if (!name.endsWith('.dcm')) continue;
        const { errors } = dciodvfySummary(name, file);
        expect(errors, name).toEqual([]);
      }
    },
  );

  it('joins the first session PET study and references each lesion segment of each SEG', () => {
    const sr = readSrWithPydicom(paths.get('report.sr.dcm') ?? '');
    const petStudy = py(
      'import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).StudyInstanceUID)',
      paths.get('voi-pet24.seg.dcm') ?? '',
    );
    expect(sr.studyInstanceUid).toBe(petStudy);
    for (const scan of ['pet24', 'pet108']) {
      const seg = paths.get(`voi-${scan}.seg.dcm`) ?? '';
      const [sop, series, study2, ...labels] = py(
        'import sys, pydicom; d = pydicom.dcmread(sys.argv[1]); print("\\n".join([d.SOPInstanceUID, d.SeriesInstanceUID, d.StudyInstanceUID] + [f"{s.SegmentNumber}={s.SegmentLabel}" for s in d.SegmentSequence]))',
        seg,
      ).split('\n');
      expect(sr.evidence).toContainEqual({ study: study2, series, sops: [sop] });
      const groups = sr.groups.filter((g) => g.timePoint === scan);
      expect(groups.length).toBe(labels.length);
      for (const g of groups) {
        expect(g.template).toBe('1411');
        expect(g.segment?.sopInstanceUid).toBe(sop);
        expect(g.segment?.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.66.4');
        expect(labels).toContain(
          `${g.segment?.segmentNumber}=${g.trackingId.replace('lesion ', '')}`,
        );
        const lesion = run.results.lesions.find((l) => `lesion ${l.id}` === g.trackingId);
        const voi = lesion?.imaging?.scans.find((s) => s.scanId === scan);
        expect(measurementOf(g, '118565006')?.value).toBe(voi?.voiVolumeMl);
        expect(measurementOf(g, '126377')?.value).toBe(voi?.meanConcBqPerMl);
      }
    }
    expectValuesOf(sr, run.results);
  });

  it.skipIf(!printed)('the PDF instance holds report.pdf byte for byte, in the same study', () => {
    const pdf = readSrWithPydicom<PdfRead>(paths.get('report.pdf.dcm') ?? '');
    const sr = readSrWithPydicom(paths.get('report.sr.dcm') ?? '');
    const bytes = readFileSync(paths.get('report.pdf') ?? '');
    expect(pdf.modality).toBe('DOC');
    expect(pdf.mime).toBe('application/pdf');
    expect(pdf.length).toBe(bytes.byteLength);
    expect(pdf.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(pdf.studyInstanceUid).toBe(sr.studyInstanceUid);
    expect(pdf.seriesInstanceUid).not.toBe(sr.seriesInstanceUid);
  });
});
