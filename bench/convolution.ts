// Convolution benchmark (issue 9 item 8): a 200x200x300 time-integrated activity map convolved
// with the 11x11x11 131I voxel S-value kernel (Lanconelli et al. 2012, 4 mm, soft tissue), and
// with the 51^3 kernel the dose path uses at 4 mm (that core plus its photon tail to 100 mm), by
// iodose (convolve3dSame) and by scipy.signal.fftconvolve(mode='same') on the same float32
// arrays, alternating over 7 rounds in one run. scipy runs in one long-lived /usr/bin/python3
// that loads the arrays once and times only the fftconvolve call. Prints medians, the ratio
// iodose / scipy, the largest difference and peak memory; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Vec3 } from '../src/core/volume.ts';
import { convolve3dSame } from '../src/numerics/convolve-3d.ts';
import { planConvolution } from '../src/numerics/convolve-3d-plan.ts';
import { heapF32 } from '../src/numerics/fft/pffft.ts';
import { mulberry32 } from '../src/numerics/random.ts';
import { doseKernelForSpacing } from '../src/physics/s-values/voxel-photon-tail.ts';
import { BENCH_CACHE } from './bench-data.ts';

const ROUNDS = 7;
const SIZE: Vec3 = [200, 200, 300];
const KERNEL_FILE = 'data/voxel-s-values/131I/131I4mmsoft.txt';

/** The kernel file's octant (i j k S, offsets 0..5) mirrored to all 11^3 offsets. */
function readKernel(): Float32Array {
  const octant = new Map<string, number>();
  for (const line of readFileSync(KERNEL_FILE, 'latin1').split(/\r?\n/).slice(2)) {
    const parts = line.trim().split(/\s+/).map(Number);
    if (parts.length === 4) octant.set(parts.slice(0, 3).join(' '), parts[3]!);
  }
  const kernel = new Float32Array(11 ** 3);
  for (let w = 0; w < 11; w++)
    for (let v = 0; v < 11; v++)
      for (let u = 0; u < 11; u++) {
        const s = octant.get([u, v, w].map((d) => Math.abs(d - 5)).join(' '));
        if (s === undefined) throw new Error(`${KERNEL_FILE}: offset ${u - 5} ${v - 5} ${w - 5}`);
        kernel[u + 11 * (v + 11 * w)] = s;
      }
  return kernel;
}

/**
 * A patient-like map: an elliptic body (semi-axes 90 x 60 voxels, all slices) of background
 * 1 +- 20% (seeded uniform noise), zero outside, and eight hot spheres (radius 3 to 10 voxels,
 * 50 to 400 times background). Values in arbitrary units (MBq h per voxel).
 */
function activityMap(): Float32Array {
  const [nx, ny, nz] = SIZE;
  const random = mulberry32(9);
  const map = new Float32Array(nx * ny * nz);
  const spheres = Array.from({ length: 8 }, (_, n) => ({
    centre: [60 + 12 * n, 70 + 8 * (n % 4), 30 + 33 * n] as Vec3,
    radius: 3 + n,
    value: 50 * (n + 1),
  }));
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const inBody = ((i - 99.5) / 90) ** 2 + ((j - 99.5) / 60) ** 2 <= 1;
        let value = inBody ? 0.8 + 0.4 * random() : 0;
        for (const s of spheres) {
          const [ci, cj, ck] = s.centre;
          if ((i - ci) ** 2 + (j - cj) ** 2 + (k - ck) ** 2 <= s.radius ** 2) value = s.value;
        }
        map[i + nx * (j + ny * k)] = value;
      }
  return map;
}

const SCIPY = `
import sys, time, resource, numpy as np
from scipy.signal import fftconvolve
folder = sys.argv[1]
a = np.fromfile(folder + '/map.f32', np.float32).reshape(${SIZE[2]}, ${SIZE[1]}, ${SIZE[0]})
kn = int(sys.argv[2])
k = np.fromfile(folder + '/kernel.f32', np.float32).reshape(kn, kn, kn)
print('ready', flush=True)
for line in sys.stdin:
    t = time.perf_counter(); out = fftconvolve(a, k, mode='same'); dt = time.perf_counter() - t
    out.astype(np.float32).tofile(folder + '/scipy.f32')
    print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, out.dtype, flush=True)
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const folder = join(BENCH_CACHE, 'convolution');
mkdirSync(folder, { recursive: true });
const map = activityMap();
writeFileSync(join(folder, 'map.f32'), map);

async function run(kernel: Float32Array, KERNEL_SIZE: Vec3, label: string): Promise<void> {
  writeFileSync(join(folder, 'kernel.f32'), kernel);
  const python = spawn('/usr/bin/python3', ['-c', SCIPY, folder, String(KERNEL_SIZE[0])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: python.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => String((await lines.next()).value ?? '');
  const scipyReady = (await nextLine()) === 'ready';

  const ours: number[] = [];
  const theirs: number[] = [];
  let scipyRssKb = NaN;
  let result: Float32Array = new Float32Array(0);
  convolve3dSame(map, SIZE, kernel, KERNEL_SIZE); // warm-up (JIT), as scipy's first round below
  for (let round = 0; round <= ROUNDS; round++) {
    const start = process.hrtime.bigint();
    result = convolve3dSame(map, SIZE, kernel, KERNEL_SIZE);
    if (round > 0) ours.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (!scipyReady) continue;
    python.stdin.write('run\n');
    const [seconds, rss] = (await nextLine()).split(' ');
    if (round > 0) theirs.push(Number(seconds));
    scipyRssKb = Number(rss);
  }
  python.stdin.end();

  let maxDiff = 0;
  let maxValue = 0;
  if (scipyReady) {
    const reference = new Float32Array(readFileSync(join(folder, 'scipy.f32')).buffer.slice(0));
    for (let i = 0; i < reference.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(result[i]! - reference[i]!));
      maxValue = Math.max(maxValue, Math.abs(reference[i]!));
    }
  }
  const plan = planConvolution(SIZE, KERNEL_SIZE);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `Convolution ${SIZE.join('x')} float32 map (elliptic body + 8 hot spheres) * ${label}, ` +
      `${ROUNDS} alternating rounds (median):`,
  );
  console.log(
    `  iodose convolve3dSame  ${median(ours).toFixed(3)} s  (FFT grid ${plan.grid.join('x')} complex, PFFFT WASM SIMD, 1 thread)`,
  );
  if (scipyReady) {
    console.log(`  scipy fftconvolve      ${median(theirs).toFixed(3)} s  (float32)`);
    console.log(`  ratio iodose / scipy   ${(median(ours) / median(theirs)).toFixed(2)}`);
    console.log(`  max |iodose - scipy| / max |scipy| = ${(maxDiff / maxValue).toExponential(2)}`);
  } else console.log('  scipy unavailable (/usr/bin/python3 with numpy and scipy): no ratio');
  console.log(
    `  peak RSS: node ${mib(process.resourceUsage().maxRSS * 1024)} (input + output ${mib(8 * map.length)}, ` +
      `WebAssembly memory ${mib(heapF32().buffer.byteLength)}); python ${mib(scipyRssKb * 1024)}`,
  );
}

await run(readKernel(), [11, 11, 11], '11^3 131I kernel (Lanconelli 4 mm)');
// The kernel the dose path uses at 4 mm: the 11^3 core and its photon tail to 100 mm.
const dose = doseKernelForSpacing([4, 4, 4]);
await run(
  dose.kernelGyPerBqS,
  dose.kernelSize,
  `${dose.kernelSize[0]}^3 dose kernel (4 mm, photon tail to 100 mm)`,
);
