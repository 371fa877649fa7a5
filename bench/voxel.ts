// Voxel path benchmark (issue 9 item 8): the demo patient (two PET/CT sessions, PET 128x128x100
// at 4 mm, CT 256x256x100 at 2x2x4 mm, the 108-h session moved 12 mm and 3 degrees), written once
// into the bench cache; then, timed over several rounds (medians): the whole voxel path
// (registration, carrying the PET, TIA map, convolution, density, DVHs) and the RT Dose
// encoding, with the registration alone beside it. Prints figures and the process's peak memory
// (maxRSS); asserts nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadStudySource } from '../src/app/study/study-source.ts';
import { measureSourceImages } from '../src/app/study/compute-results.ts';
import { voxelStage } from '../src/app/study/voxel-stage.ts';
import { buildPatientPhantom } from '../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../src/demo/write-patient-phantom.ts';
import { registerSessions } from '../src/study/voxel/session-registration.ts';
import { VOXEL_DEFAULTS } from '../src/study/voxel/voxel-settings.ts';
import { runStudy } from '../src/study/run-study.ts';
import { BENCH_CACHE } from './bench-data.ts';

const ROUNDS = 3;
console.log(`Bench cache: ${BENCH_CACHE}`);
const folder = join(BENCH_CACHE, 'voxel-demo-v1');
const manifestPath = join(folder, 'manifest.yaml');
if (!existsSync(manifestPath)) writePatientPhantom(folder, buildPatientPhantom());

const source = await loadStudySource({ manifestPath });
const images = await measureSourceImages(source);
if (images === null) throw new Error('the demo patient has no images');
const results = runStudy(source.manifest, {
  manifestPath,
  inputsSha256: 'bench',
  createdAt: 'bench',
  images,
  recovery: null,
});

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const seconds = (work: () => unknown): number => {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const whole: number[] = [];
const registration: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  whole.push(seconds(() => voxelStage(source.manifest, images, results)));
  registration.push(seconds(() => registerSessions(images.loaded.sessions, VOXEL_DEFAULTS)));
}
const outcome = voxelStage(source.manifest, images, results);
console.log(
  `Voxel path, demo patient (median of ${ROUNDS}): whole ${median(whole).toFixed(2)} s ` +
    `(registration alone ${median(registration).toFixed(2)} s); computed: ${String(outcome.results.voxelDosimetry?.computed)}`,
);
console.log(
  `Peak memory (maxRSS of this process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
