// Image benchmarks (issue "From DICOM to dose", item 7): write a 512x512x300 CT and a 200x200x300
// PET as DICOM (once, cached in the OS temp folder), then time loading them with iodose and with
// pydicom (a reference reader, /usr/bin/python3) on the same files, segment ten lesions, and run
// the image-level demo patient end to end. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_DIRECTION, ijkToLps, type Vec3, type Volume } from '../src/core/volume.ts';
import { readPetSeries } from '../src/io/dicom/read/read-pet-series.ts';
import { readSeries } from '../src/io/dicom/read/read-series.ts';
import { newSessionUids } from '../src/io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../src/io/dicom/write/write-series.ts';
import { segmentIsocontour } from '../src/imaging/isocontour.ts';
import { I124 } from '../src/physics/nuclides.ts';
import { computeStudy } from '../src/app/study/compute-study.ts';
import { folderOutputs } from '../src/report/output/folder-outputs.ts';
import { buildIecPhantom } from '../src/demo/iec-phantom.ts';
import { buildPatientPhantom } from '../src/demo/patient-phantom.ts';
import { writeIecPhantom } from '../src/demo/write-iec-phantom.ts';
import { writePatientPhantom } from '../src/demo/write-patient-phantom.ts';
import { runCalibration } from '../src/app/calibrate.ts';

const ROOT = join(tmpdir(), 'iodose-bench-v1');
const ADMINISTERED_AT = '2024-03-04T09:15:00';
const ACQUIRED_AT = '2024-03-05T09:15:00';

function seconds(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function grid(size: Vec3, spacingMm: Vec3): Omit<Volume, 'data'> {
  const originLps: Vec3 = [
    (-(size[0] - 1) * spacingMm[0]) / 2,
    (-(size[1] - 1) * spacingMm[1]) / 2,
    (-(size[2] - 1) * spacingMm[2]) / 2,
  ];
  return { size, spacingMm, originLps, direction: IDENTITY_DIRECTION };
}

const LESIONS: Vec3[] = Array.from({ length: 10 }, (_, n) => [
  -150 + 33 * n,
  (n % 3) * 40 - 40,
  -200 + 45 * n,
]);

function makeSeries(): { ctFolder: string; petFolder: string } {
  const ctFolder = join(ROOT, 'ct');
  const petFolder = join(ROOT, 'pet');
  if (existsSync(join(ROOT, 'done'))) return { ctFolder, petFolder };
  mkdirSync(ROOT, { recursive: true });
  const uids = newSessionUids();
  const base = {
    patient: { id: 'BENCH', name: 'Bench^Mark', weightKg: 70 },
    study: { instanceUid: uids.studyInstanceUid, id: 'B1', description: 'bench', at: ACQUIRED_AT },
    frameOfReferenceUid: uids.frameOfReferenceUid,
    acquiredAt: ACQUIRED_AT,
  };
  const ctGrid = grid([512, 512, 300], [0.98, 0.98, 2]);
  const ct = new Float32Array(512 * 512 * 300);
  for (let n = 0; n < ct.length; n++) ct[n] = ((n * 2654435761) % 200) - 100;
  writeCtSeries({ ...ctGrid, data: ct }, ctFolder, {
    ...base,
    seriesDescription: 'CT 512x512x300',
    seriesNumber: 2,
  });
  const petGrid = grid([200, 200, 300], [4, 4, 2]);
  const pet = new Float32Array(200 * 200 * 300).fill(1000);
  const [nx, ny, nz] = petGrid.size;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const p = ijkToLps(petGrid, [i, j, k]);
        for (const c of LESIONS) {
          const r2 = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2;
          const index = i + nx * (j + ny * k);
          if (r2 < 900) pet[index] = (pet[index] ?? 0) + 9000 * Math.exp(-r2 / 200);
        }
      }
    }
  }
  writePetSeries({ ...petGrid, data: pet }, petFolder, {
    ...base,
    seriesDescription: 'PET 200x200x300',
    seriesNumber: 1,
    administeredAt: ADMINISTERED_AT,
    activityBq: 37e6,
    decayCorrection: 'START',
  });
  writeFileSync(join(ROOT, 'done'), 'ok');
  return { ctFolder, petFolder };
}

const PYDICOM_READER = `
import sys, os, time, numpy as np, pydicom
def load(folder):
    ds = [pydicom.dcmread(os.path.join(folder, f)) for f in os.listdir(folder)]
    o = np.array(ds[0].ImageOrientationPatient, float); n = np.cross(o[:3], o[3:])
    ds.sort(key=lambda d: float(np.dot(n, np.array(d.ImagePositionPatient, float))))
    return np.stack([d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds])
for folder in sys.argv[1:]:
    load(folder)  # warm-up, as for iodose
    times = []
    for _ in range(3):
        t = time.perf_counter(); v = load(folder); times.append(time.perf_counter() - t)
    print(folder, sorted(times)[1], v.shape)
`;

function pydicomSeconds(folders: string[]): Map<string, number> | string {
  const run = spawnSync('/usr/bin/python3', ['-c', PYDICOM_READER, ...folders], {
    encoding: 'utf8',
  });
  if (run.status !== 0) return `pydicom unavailable (${run.stderr.trim().split('\n').pop()})`;
  const out = new Map<string, number>();
  for (const line of run.stdout.trim().split('\n')) {
    const [folder, secs] = line.split(' ');
    if (folder !== undefined && secs !== undefined) out.set(folder, Number(secs));
  }
  return out;
}

const { ctFolder, petFolder } = makeSeries();
// One warm-up read each (JIT, file cache), then the median of three, for iodose and pydicom alike.
readSeries(ctFolder, { modality: 'CT' });
const ctTimes = [0, 1, 2].map(() => seconds(() => readSeries(ctFolder, { modality: 'CT' })));
readPetSeries(petFolder, { administeredAt: ADMINISTERED_AT, halfLifeH: I124.halfLifeH });
let petVolume: Volume | undefined;
const petTimes = [0, 1, 2].map(() =>
  seconds(() => {
    petVolume = readPetSeries(petFolder, {
      administeredAt: ADMINISTERED_AT,
      halfLifeH: I124.halfLifeH,
    }).volume;
  }),
);
const reference = pydicomSeconds([ctFolder, petFolder]);
const row = (label: string, ours: number, folder: string) => {
  const theirs = typeof reference === 'string' ? NaN : (reference.get(folder) ?? NaN);
  const ratio = Number.isFinite(theirs) ? `${(theirs / ours).toFixed(2)}x` : reference;
  console.log(
    `${label.padEnd(34)} iodose ${ours.toFixed(2)} s   pydicom ${Number.isFinite(theirs) ? theirs.toFixed(2) : '-'} s   pydicom/iodose ${ratio}`,
  );
};
console.log('Loading generated DICOM series (after one warm-up read, median of 3 runs):');
row('CT 512x512x300 (300 files)', median(ctTimes), ctFolder);
row('PET 200x200x300 (300 files)', median(petTimes), petFolder);

if (petVolume !== undefined) {
  const pet = petVolume;
  const segment = [0, 1, 2].map(() => seconds(() => LESIONS.map((c) => segmentIsocontour(pet, c))));
  console.log(`Segmentation of ten lesions in the PET: ${(median(segment) * 1000).toFixed(0)} ms`);
}

const demo = join(ROOT, 'demo');
const iec = writeIecPhantom(join(demo, 'iec'), buildIecPhantom());
writeFileSync(
  join(demo, 'recovery.json'),
  JSON.stringify(runCalibration(iec.manifestPath, new Date().toISOString())),
);
const patient = writePatientPhantom(join(demo, 'patient'), buildPatientPhantom(), {
  recovery: '../recovery.json',
});
const started = process.hrtime.bigint();
await folderOutputs().set(join(demo, 'out'), 'the benchmark outputs', (sink) =>
  computeStudy({ manifestPath: patient.manifestPath }, { sink }),
);
const runSeconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `Full image-level patient run (2 PET/CT sessions, 5 lesions, blood, WB; results.json + report.html): ${runSeconds.toFixed(2)} s`,
);
