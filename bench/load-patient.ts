// Child process of bench/load.ts: load and hold one patient's two PET/CT sessions (the bench CT
// and PET, read twice each, as two sessions of that size would be) and print the peak resident
// memory of the process (process.resourceUsage().maxRSS).
import { readPetSeriesAsync } from '../src/io/dicom/read/read-pet-series.ts';
import { readSeriesAsync, type LoadedSeries } from '../src/io/dicom/read/read-series.ts';
import { I124 } from '../src/physics/nuclides.ts';
import { ADMINISTERED_AT } from './bench-data.ts';

const [ctFolder, petFolder] = process.argv.slice(2) as [string, string];
const held: LoadedSeries[] = [];
for (let session = 0; session < 2; session++) {
  held.push(
    await readPetSeriesAsync(petFolder, {
      administeredAt: ADMINISTERED_AT,
      halfLifeH: I124.halfLifeH,
    }),
  );
  held.push(await readSeriesAsync(ctFolder, { modality: 'CT' }));
}
const voxels = held.reduce((n, s) => n + s.volume.data.length, 0);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `Peak memory, one patient (2 sessions: PET 200x200x300 + CT 512x512x300 each, ${(voxels / 1e6).toFixed(0)} M voxels held; PET Float32, CT Int16): maxRSS ${maxRssMb.toFixed(0)} MB`,
);
