/**
 * Computes the 131I photon point kernel in unbounded ICRU soft tissue and writes it to
 * data/s-values/I-131-photon-point-kernel-soft.json with its provenance. It is the photon tail
 * added beyond the 11^3 Lanconelli voxel kernel (src/physics/s-values/voxel-photon-tail.ts).
 * Run: `npm run photon-kernel`. The physics lives in src/physics/transport/photon-point-kernel.ts
 * (the same photon model as the sphere S-values); this script only does the I/O.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/numerics/random.ts';
import { I131, PHOTON_TYPES, meanEnergyPerDecayMeV } from '../src/physics/nuclides.ts';
import { simulatePhotonPointKernel } from '../src/physics/transport/photon-point-kernel.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nuclearDataPath = 'data/icrp107/I-131.json';
const SEED = 20261203;
const HISTORIES = 4_000_000;
const MAX_RADIUS_G_PER_CM2 = 25;
const BINS = 500;

const started = Date.now();
const lines = PHOTON_TYPES.flatMap((type) => [...(I131.emissions[type] ?? [])]);
const kernel = simulatePhotonPointKernel(lines, {
  histories: HISTORIES,
  random: mulberry32(SEED),
  maxRadiusGPerCm2: MAX_RADIUS_G_PER_CM2,
  bins: BINS,
});
const output = {
  provenance: {
    quantity:
      'photon point kernel of 131I in unbounded soft tissue: fraction of the emitted photon energy absorbed in each spherical shell [i, i+1) x binWidth (mass thickness, g/cm^2) about an isotropic point source',
    nuclide: 'I-131',
    nuclearData: {
      library: I131.source,
      file: nuclearDataPath,
      sha256: createHash('sha256')
        .update(readFileSync(join(root, nuclearDataPath)))
        .digest('hex'),
      photonEnergyPerDecayMeV: meanEnergyPerDecayMeV(I131, PHOTON_TYPES),
    },
    medium:
      'ICRU four-component soft tissue (NIST SRD 126 Table 2), unbounded; any density (mass-thickness units)',
    method: [
      'Monte Carlo photon transport from a point (src/physics/transport/photon-point-kernel.ts), the model of the sphere S-values (photon-sphere-transport.ts): Klein-Nishina scattering (Butcher & Messel 1960), photoabsorption tau = mu_en(NIST SRD 126) - sigma_tr(KN), coherent scattering neglected, kerma (electron energy deposited at the interaction), survival biasing and Russian roulette below weight 1e-3, photons below 1 keV absorbed in place.',
      'Scattered photons are followed wherever they go (unbounded medium: full build-up); energy absorbed beyond the tally radius is beyondFraction.',
    ],
    sources: [
      'ICRP Publication 107 (Eckerman & Endo 2008), data/icrp107/I-131.json',
      'Hubbell & Seltzer, NIST SRD 126 (NISTIR 5632), Tissue, Soft (ICRU Four-Component)',
      'Berger MJ (1968) MIRD Pamphlet 2, J Nucl Med 9 Suppl 1 (photon point kernels)',
      'Butcher JC & Messel H (1960) Nucl Phys 20:15 (Klein-Nishina sampling, as in EGS4)',
    ],
    monteCarlo: { generator: 'mulberry32', seed: SEED, histories: HISTORIES },
    script: 'scripts/compute-photon-point-kernel.ts',
    computedAt: new Date().toISOString(),
    runTimeS: (Date.now() - started) / 1000,
  },
  binWidthGPerCm2: kernel.binWidthGPerCm2,
  beyondFraction: Number(kernel.beyondFraction.toPrecision(6)),
  fractions: Array.from(kernel.fractions, (f) => Number(f.toPrecision(6))),
};
const path = join(root, 'data/s-values/I-131-photon-point-kernel-soft.json');
writeFileSync(path, `${JSON.stringify(output, null, 2)}\n`);
console.log(`wrote ${path} in ${output.provenance.runTimeS.toFixed(1)} s`);
