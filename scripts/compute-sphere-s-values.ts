/**
 * Computes the 131I self-dose S-value tables for uniform soft-tissue spheres and writes them to
 * data/s-values/ (density 1.04 g/mL, the seed paper's thyroid tissue, and unit density), each with
 * a provenance block. Run: `npm run s-values` (node --import tsx scripts/compute-sphere-s-values.ts).
 * The physics lives in src/physics/transport/sphere-absorbed-fractions.ts; this script only does the I/O.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { I131 } from '../src/physics/nuclides.ts';
import {
  computeSphereTable,
  logSpacedMasses,
  type SphereTableSettings,
} from '../src/physics/transport/sphere-absorbed-fractions.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nuclearDataPath = 'data/icrp107/I-131.json';
const nuclearDataSha256 = createHash('sha256')
  .update(readFileSync(join(root, nuclearDataPath)))
  .digest('hex');

const SEED = 20240131;
const MASSES_G = logSpacedMasses(0.01, 10000, 5);

function write(densityGPerMl: number, fileName: string): void {
  const started = Date.now();
  const settings: SphereTableSettings = {
    densityGPerMl,
    massesG: MASSES_G,
    seed: SEED,
    electronHistories: 400_000,
    photonHistoriesPerSphere: 400_000,
    kernelBins: 4000,
  };
  const table = computeSphereTable(I131, settings);
  const output = {
    provenance: {
      quantity:
        'S(sphere <- sphere), Gy/(Bq s), 131I uniformly distributed in a sphere of soft tissue',
      nuclide: 'I-131',
      nuclearData: {
        library: I131.source,
        file: nuclearDataPath,
        sha256: nuclearDataSha256,
        electronEnergyPerDecayMeV: table.electronEnergyPerDecayMeV,
        photonEnergyPerDecayMeV: table.photonEnergyPerDecayMeV,
      },
      medium:
        'ICRU four-component soft tissue (NIST SRD 126 Table 2: H 10.1174%, C 11.1%, N 2.6%, O 76.1826%)',
      densityGPerMl,
      method: [
        'MIRD schema S = sum_i y_i E_i phi_i / m (Bolch et al. 2009, MIRD Pamphlet 21).',
        'Electrons (beta- continuum from the ICRP-107 spectrum, IE and Auger lines): point-kernel method ' +
          '(Berger 1971, MIRD Pamphlet 7): phi(R) = int 4 pi r^2 Phi(r) [1 - 3r/(4R) + r^3/(16R^3)] dr; ' +
          'the kernel is computed by a condensed-history Monte Carlo in soft tissue (Bethe stopping power, ' +
          'ICRU 37; screened-Rutherford/Moliere multiple scattering with Lewis first-moment matching; ' +
          'random hinge; CSDA, no straggling, no delta-ray or bremsstrahlung transport; cutoff 5 keV).',
        'Photons (gamma and X lines): Monte Carlo in the sphere with Klein-Nishina scattering and ' +
          'photoabsorption tau = mu_en(NIST SRD 126) - sigma_tr(KN); coherent scattering neglected; ' +
          'electron energy deposited locally (kerma); forced collision, survival biasing, roulette.',
        'All lengths in mass thickness: phi depends on rho R only, so S_rho(V) = rho^2 S_1(rho^3 V) exactly.',
      ],
      sources: [
        'ICRP Publication 107 (Eckerman & Endo 2008), data/icrp107/I-131.json',
        'Hubbell & Seltzer, NIST SRD 126 (NISTIR 5632), Tissue, Soft (ICRU Four-Component)',
        'ICRU Report 37 (1984), electron stopping powers',
        'Berger MJ (1971) MIRD Pamphlet 7, J Nucl Med 12 Suppl 5',
        'Moliere G (1947) Z Naturforsch 2a:133; Lewis HW (1950) Phys Rev 78:526',
        'Fernandez-Varea JM et al. (1993) Nucl Instrum Methods B 73:447 (random hinge)',
        'Butcher JC & Messel H (1960) Nucl Phys 20:15 (Klein-Nishina sampling, as in EGS4)',
      ],
      monteCarlo: {
        generator: 'mulberry32',
        seed: SEED,
        electronKernelHistories: settings.electronHistories,
        electronKernelBins: settings.kernelBins,
        photonHistoriesPerSphere: settings.photonHistoriesPerSphere,
      },
      electronKernelFirstMomentGPerCm2: table.electronKernelFirstMomentGPerCm2,
      script: 'scripts/compute-sphere-s-values.ts',
      computedAt: new Date().toISOString(),
      runTimeS: 0,
    },
    rows: table.rows,
  };
  output.provenance.runTimeS = (Date.now() - started) / 1000;
  const path = join(root, 'data/s-values', fileName);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`wrote ${path} in ${output.provenance.runTimeS.toFixed(1)} s`);
}

write(1.04, 'I-131-spheres-rho1.04.json');
write(1.0, 'I-131-spheres-rho1.00.json');
