// Loading benchmark (issue 8 item 4): CT 512x512x300 and PET 200x200x300 from the bench cache,
// timed alternately in one run over several rounds (medians): reading the files' bytes, iodose
// (in-process, sync and async; and its header scan alone, listSeries, the floor of its per-file
// costs), pydicom to a numpy volume (/usr/bin/python3, load time inside
// the process) and dcm2niix's whole run (a process, writing its NIfTI). Then the peak memory
// (maxRSS) of a child process that loads and holds one patient: two PET/CT sessions.
// Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { readPetSeries, readPetSeriesAsync } from '../src/io/dicom/read/read-pet-series.ts';
import { listSeries, readSeries, readSeriesAsync } from '../src/io/dicom/read/read-series.ts';
import { I124 } from '../src/physics/nuclides.ts';
import { ADMINISTERED_AT, BENCH_CACHE, benchSeries } from './bench-data.ts';

/** Rounds (BENCH_ROUNDS, default 5): more of them steady the medians on a busy machine. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
console.log(`Bench cache: ${BENCH_CACHE}`);
const { ctFolder, petFolder } = benchSeries();
const pet = { administeredAt: ADMINISTERED_AT, halfLifeH: I124.halfLifeH };

async function seconds(work: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const PYDICOM = `
import sys, os, time, numpy as np, pydicom
folder = sys.argv[1]
t = time.perf_counter()
ds = [pydicom.dcmread(os.path.join(folder, f)) for f in os.listdir(folder)]
o = np.array(ds[0].ImageOrientationPatient, float); n = np.cross(o[:3], o[3:])
ds.sort(key=lambda d: float(np.dot(n, np.array(d.ImagePositionPatient, float))))
v = np.stack([d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds])
print(time.perf_counter() - t)
`;

function pydicom(folder: string): number {
  const run = spawnSync('/usr/bin/python3', ['-c', PYDICOM, folder], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim()) : NaN;
}

const niftiOut = join(BENCH_CACHE, 'dcm2niix-out');
const hasDcm2niix = spawnSync('dcm2niix', ['--version']).error === undefined;
async function dcm2niix(folder: string): Promise<number> {
  if (!hasDcm2niix) return NaN;
  rmSync(niftiOut, { recursive: true, force: true });
  mkdirSync(niftiOut, { recursive: true });
  return seconds(() => spawnSync('dcm2niix', ['-o', niftiOut, '-f', 'out', folder]));
}

// Two plain reads of every file's bytes; the ratios use the faster. readFileSync gives each file
// its own new Buffer; the other reads each file into one reused buffer (open, fstat, read,
// close), touching no new memory: the fastest way here.
const readBytes = (folder: string) => () =>
  readdirSync(folder).map((name) => readFileSync(join(folder, name)));
let reused = Buffer.allocUnsafe(1 << 20);
const readReused = (folder: string) => () => {
  for (const name of readdirSync(folder)) {
    const fd = openSync(join(folder, name), 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > reused.length) reused = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const n = readSync(fd, reused, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
    } finally {
      closeSync(fd);
    }
  }
};

const cases = [
  {
    label: 'CT 512x512x300',
    folder: ctFolder,
    sync: () => readSeries(ctFolder, { modality: 'CT' }),
    async: () => readSeriesAsync(ctFolder, { modality: 'CT' }),
  },
  {
    label: 'PET 200x200x300',
    folder: petFolder,
    sync: () => readPetSeries(petFolder, pet),
    async: () => readPetSeriesAsync(petFolder, pet),
  },
];
type Row = Record<
  'bytes' | 'reused' | 'headers' | 'sync' | 'async' | 'pydicom' | 'dcm2niix',
  number[]
>;
const rows = cases.map((): Row => ({
  bytes: [],
  reused: [],
  headers: [],
  sync: [],
  async: [],
  pydicom: [],
  dcm2niix: [],
}));
// Warm-up: the page cache and the JIT, for every reader alike.
for (const c of cases) {
  readBytes(c.folder)();
  readReused(c.folder)();
  await c.async();
  c.sync();
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [n, c] of cases.entries()) {
    const row = rows[n] as Row;
    row.bytes.push(await seconds(readBytes(c.folder)));
    row.reused.push(await seconds(readReused(c.folder)));
    row.headers.push(await seconds(() => listSeries(c.folder)));
    row.sync.push(await seconds(c.sync));
    row.async.push(await seconds(c.async));
    row.pydicom.push(pydicom(c.folder));
    row.dcm2niix.push(await dcm2niix(c.folder));
  }
}
console.log(`Loading (median of ${ROUNDS} alternating rounds, after one warm-up):`);
for (const [n, c] of cases.entries()) {
  const r = rows[n] as Row;
  const [readFile, reusedRead, headers, sync, async, py, d2n] = [
    r.bytes,
    r.reused,
    r.headers,
    r.sync,
    r.async,
    r.pydicom,
    r.dcm2niix,
  ].map(median) as [number, number, number, number, number, number, number];
  const bytes = Math.min(readFile, reusedRead);
  const best = Math.min(sync, async);
  const s = (x: number) => (Number.isFinite(x) ? `${x.toFixed(3)} s` : 'n/a');
  console.log(
    `  ${c.label.padEnd(16)} read bytes: readFileSync ${s(readFile)}, one reused buffer ${s(reusedRead)}`,
  );
  console.log(
    `  ${''.padEnd(16)} iodose sync ${s(sync)} async ${s(async)}  pydicom ${s(py)}  dcm2niix ${s(d2n)}`,
  );
  console.log(
    `  ${''.padEnd(16)} iodose/dcm2niix ${(best / d2n).toFixed(2)} (target <= 1)  iodose/read-bytes ${(best / bytes).toFixed(2)} (target <= 5; ${(best / readFile).toFixed(2)} of readFileSync)  iodose/pydicom ${(best / py).toFixed(2)}`,
  );
  console.log(
    `  ${''.padEnd(16)} iodose header scan alone ${s(headers)} = ${(headers / bytes).toFixed(2)} x read-bytes`,
  );
}

const child = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(import.meta.dirname, 'load-patient.ts'), ctFolder, petFolder],
  { encoding: 'utf8' },
);
console.log(
  child.status === 0
    ? child.stdout.trim()
    : `Peak memory: child failed (${child.stderr.trim().split('\n').pop()})`,
);
