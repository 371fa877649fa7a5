// Image benchmarks (issue "From DICOM to dose", item 7): write a 512x512x300 CT and a 200x200x300
// PET as DICOM (once, cached in <repo>/.bench-cache, bench-data.ts), then time loading them with iodose and with
// pydicom (a reference reader, /usr/bin/python3) on the same files, segment ten lesions, and run
// the image-level demo patient end to end. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Volume } from '../src/core/volume.ts';
import { readPetSeries } from '../src/io/dicom/read/read-pet-series.ts';
import { readSeries } from '../src/io/dicom/read/read-series.ts';
import { segmentIsocontour } from '../src/imaging/isocontour.ts';
import { I124 } from '../src/physics/nuclides.ts';
import { computeStudy } from '../src/app/study/compute-study.ts';
import { folderOutputs } from '../src/report/output/folder-outputs.ts';
import { buildIecPhantom } from '../src/demo/iec-phantom.ts';
import { buildPatientPhantom } from '../src/demo/patient-phantom.ts';
import { writeIecPhantom } from '../src/demo/write-iec-phantom.ts';
import { writePatientPhantom } from '../src/demo/write-patient-phantom.ts';
import { runCalibration } from '../src/app/calibrate.ts';
import { ADMINISTERED_AT, BENCH_CACHE, benchSeries, LESIONS } from './bench-data.ts';

function seconds(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
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

console.log(`Bench cache: ${BENCH_CACHE}`);
const { ctFolder, petFolder } = benchSeries();
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

const demo = join(BENCH_CACHE, 'demo');
const iec = writeIecPhantom(join(demo, 'iec'), buildIecPhantom());
writeFileSync(
  join(demo, 'recovery.json'),
  JSON.stringify(await runCalibration(iec.manifestPath, new Date().toISOString())),
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
