/**
 * Writes the synthetic patient to a folder as an image-level study: per session a PET and a CT
 * DICOM series (pet24/, ct24/, pet108/, ct108/; one Study and Frame of Reference per session),
 * manifest.yaml (`iodose: 1`, scans, lesions with seedsLps, blood, wholeBody; ready for
 * `iodose run`) and truth.json (known curves, residence times and doses).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecayCorrection, WrittenSeries } from '../io/dicom/write/write-meta.ts';
import { newSessionUids } from '../io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../io/dicom/write/write-series.ts';
import type { PatientPhantom } from './patient-phantom.ts';
import { SIMULATED_SCANNER } from './write-iec-phantom.ts';
import { toYaml } from './yaml.ts';

/** Options of writePatientPhantom. */
export interface WritePatientOptions {
  decayCorrection?: DecayCorrection;
  /** Path of a recovery-coefficient file (from `iodose calibrate`), written into the manifest as given. */
  recovery?: string;
  patientId?: string;
}

/** Paths and series written by writePatientPhantom, with the wall-clock time it took. */
export interface WrittenPatientPhantom {
  manifestPath: string;
  truthPath: string;
  series: Record<string, { pet: WrittenSeries; ct: WrittenSeries }>;
  writeSeconds: number;
}

/** CT folder name of a PET scan id: "pet24" -> "ct24". */
function ctFolderName(scanId: string): string {
  return scanId.startsWith('pet') ? `ct${scanId.slice(3)}` : `${scanId}-ct`;
}

/** Writes the patient's DICOM sessions, manifest.yaml and truth.json into `folder`. */
export function writePatientPhantom(
  folder: string,
  phantom: PatientPhantom,
  options: WritePatientOptions = {},
): WrittenPatientPhantom {
  const started = performance.now();
  mkdirSync(folder, { recursive: true });
  const o = phantom.truth.options;
  const patient = {
    id: options.patientId ?? 'PHANTOM-01',
    name: 'Phantom^Patient',
    weightKg: o.weightKg,
    heightCm: 168,
    sex: 'F' as const,
  };
  const series: WrittenPatientPhantom['series'] = {};
  phantom.scans.forEach((scan, index) => {
    const uids = newSessionUids();
    const base = {
      patient,
      study: {
        instanceUid: uids.studyInstanceUid,
        id: `S${index + 1}`,
        description: `124I PET/CT ${scan.timeH} h`,
        at: scan.acquiredAt,
      },
      frameOfReferenceUid: uids.frameOfReferenceUid,
      acquiredAt: scan.acquiredAt,
      equipment: SIMULATED_SCANNER,
    };
    const ct = writeCtSeries(scan.ct, join(folder, ctFolderName(scan.id)), {
      ...base,
      seriesNumber: 1,
      seriesDescription: `CT low dose ${scan.timeH} h`,
    });
    const pet = writePetSeries(scan.pet, join(folder, scan.id), {
      ...base,
      seriesNumber: 2,
      seriesDescription: `PET 124I ${scan.timeH} h`,
      administeredAt: o.administeredAt,
      activityBq: o.activityMBq * 1e6,
      decayCorrection: options.decayCorrection ?? 'START',
    });
    series[scan.id] = { pet, ct };
  });
  const manifest = {
    iodose: 1,
    patient: {
      id: patient.id,
      weightKg: o.weightKg,
      heightCm: 168,
      sex: 'F',
      diffuseLungMetastases: false,
    },
    tracer: { nuclide: 'I-124', activityMBq: o.activityMBq, administeredAt: o.administeredAt },
    therapy: { plannedActivityGBq: 7.4, lesionDoseThresholdGy: 20, bloodDoseLimitGy: 2 },
    ...(options.recovery === undefined ? {} : { recovery: options.recovery }),
    scans: phantom.scans.map((scan) => ({
      id: scan.id,
      pet: `./${scan.id}`,
      ct: `./${ctFolderName(scan.id)}`,
    })),
    lesions: o.lesions.map((lesion) => ({
      id: lesion.id,
      site: lesion.site,
      seedsLps: Object.fromEntries(
        phantom.scans.map((scan) => [scan.id, [...(scan.seedsLps[lesion.id] ?? lesion.centerLps)]]),
      ),
    })),
    blood: phantom.blood,
    wholeBody: phantom.wholeBody,
  };
  const manifestPath = join(folder, 'manifest.yaml');
  const header =
    '# iodose synthetic patient (src/demo): image-level 124I PET/CT study with known truth (truth.json).\n' +
    '# Run it with: iodose run manifest.yaml --out results\n';
  writeFileSync(manifestPath, header + toYaml(manifest));
  const truthPath = join(folder, 'truth.json');
  const scans = phantom.scans.map((s) => ({
    id: s.id,
    timeH: s.timeH,
    acquiredAt: s.acquiredAt,
    seedsLps: s.seedsLps,
  }));
  writeFileSync(truthPath, `${JSON.stringify({ ...phantom.truth, scans }, null, 2)}\n`);
  return { manifestPath, truthPath, series, writeSeconds: (performance.now() - started) / 1000 };
}
