// The benchmarks' one cache folder, <repo>/.bench-cache/ (gitignored; printed at start), and
// the generated series every image benchmark reads: a 512x512x300 CT and a 200x200x300 PET of
// one session, written once with the project's own writer (src/dicom/write-series.ts).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDENTITY_DIRECTION, ijkToLps, type Vec3, type Volume } from '../src/core/volume.ts';
import { newSessionUids } from '../src/io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../src/io/dicom/write/write-series.ts';

/** <repo>/.bench-cache: every benchmark keeps its files here, nowhere else. */
export const BENCH_CACHE = join(dirname(fileURLToPath(import.meta.url)), '..', '.bench-cache');
/** Bump when the generated series change, so a stale cache is not reused. */
const VERSION = 'series-v1';
export const ADMINISTERED_AT = '2024-03-04T09:15:00';
const ACQUIRED_AT = '2024-03-05T09:15:00';

export function grid(size: Vec3, spacingMm: Vec3): Omit<Volume, 'data'> {
  const originLps: Vec3 = [
    (-(size[0] - 1) * spacingMm[0]) / 2,
    (-(size[1] - 1) * spacingMm[1]) / 2,
    (-(size[2] - 1) * spacingMm[2]) / 2,
  ];
  return { size, spacingMm, originLps, direction: IDENTITY_DIRECTION };
}

/** Centres (LPS, mm) of the ten lesions of the generated PET. */
export const LESIONS: Vec3[] = Array.from({ length: 10 }, (_, n) => [
  -150 + 33 * n,
  (n % 3) * 40 - 40,
  -200 + 45 * n,
]);

/** The CT and PET folders of the generated session (written on first use). */
export function benchSeries(): { ctFolder: string; petFolder: string } {
  const root = join(BENCH_CACHE, VERSION);
  const ctFolder = join(root, 'ct');
  const petFolder = join(root, 'pet');
  if (existsSync(join(root, 'done'))) return { ctFolder, petFolder };
  mkdirSync(root, { recursive: true });
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
  writeFileSync(join(root, 'done'), 'ok');
  return { ctFolder, petFolder };
}
