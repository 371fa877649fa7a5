// Benchmarks: `npm run bench` prints timings (median of repeated runs) for the kinetic fits and
// a whole measurement-level study. Figures go in closing notes; tests never time anything.
import { fitKinetics } from '../src/kinetics/index.ts';
import { I131 } from '../src/physics/nuclides.ts';
import { demoManifest } from '../src/demo/demo-patient.ts';
import { runStudy } from '../src/study/run-study.ts';

function time(label: string, repeats: number, work: () => unknown): void {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? NaN;
  console.log(`${label.padEnd(52)} median ${median.toFixed(3)} ms over ${repeats} runs`);
}

const times = [2, 6, 24, 48, 72, 108];
const noisy = times.map((t, i) => ({
  timeH: t,
  value: (0.8 * Math.exp(-0.06 * t) + 0.2 * Math.exp(-0.01 * t)) * (1 + 0.02 * Math.sin(7 * i)),
}));
const options = { physicalDecayConstantPerH: I131.decayConstantPerH };

time('mono-exponential through 2 points', 2000, () =>
  fitKinetics(noisy.slice(2, 4), { ...options, models: ['mono'] }),
);
time('AICc selection over all models, 6 points', 500, () => fitKinetics(noisy, options));
time('demo study (3 lesions, blood, whole body), no I/O', 200, () =>
  runStudy(demoManifest(), { manifestPath: null, inputsSha256: 'bench', createdAt: 'bench' }),
);
