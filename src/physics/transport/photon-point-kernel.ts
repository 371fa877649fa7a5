/**
 * Photon point kernel of a nuclide in an unbounded homogeneous soft-tissue medium: the fraction
 * of the emitted photon energy absorbed in each spherical shell about an isotropic point source,
 * 4 pi r^2 Phi(r) dr (the scaled point kernel of Berger 1968, MIRD Pamphlet 2, for photons), by
 * the same Monte Carlo physics as the sphere S-values (photon-sphere-transport.ts): Klein-Nishina
 * scattering, photoabsorption tau = mu_en(NIST SRD 126) - sigma_tr(KN), kerma (secondary-electron
 * energy deposited at the interaction site), survival biasing and Russian roulette. Scattered
 * photons are followed until absorbed or rouletted, however far they go, so the kernel includes
 * the whole build-up (multiple scattering) of an unbounded medium.
 *
 * Lengths are mass thicknesses (g/cm^2): the kernel serves any density. Consistency with the
 * sphere Monte Carlo: integrated with the sphere geometric factor (Berger 1971, MIRD Pamphlet 7;
 * electron-point-kernel.ts sphereAbsorbedFractionFromKernel) it must give the sphere photon
 * absorbed fractions of data/s-values (test/physics/photon-point-kernel.test.ts).
 */
import type { Random } from '../../numerics/random.ts';
import type { RadialKernel } from './electron-transport.ts';
import { tissuePhotonCoefficients } from './photon-attenuation.ts';
import { deflect, isotropicDirection } from './random-directions.ts';
import {
  energyWeightedCdf,
  modelCoefficients,
  PHOTON_CUTOFF_MEV,
  ROULETTE_WEIGHT,
  sampleKleinNishina,
  type PhotonLine,
} from './photon-sphere-transport.ts';

/** Options of the point-kernel Monte Carlo. */
export interface PhotonPointKernelOptions {
  histories: number;
  random: Random;
  /** Outer radius of the tally, g/cm^2; energy absorbed beyond it goes to `beyondFraction`. */
  maxRadiusGPerCm2: number;
  bins: number;
  /** Score only the first collision (for the analytic check). Default false. */
  firstCollisionOnly?: boolean;
}

/** The kernel, with the fraction absorbed beyond the tally radius. */
export interface PhotonPointKernel extends RadialKernel {
  /** Fraction of the emitted photon energy absorbed beyond maxRadius (fractions + this = 1). */
  beyondFraction: number;
}

/**
 * Energy-weighted photon point kernel of `lines` (energy MeV, yield per decay) in soft tissue:
 * fractions[i] = fraction of the emitted photon energy absorbed in the shell [i, i + 1) x width.
 */
export function simulatePhotonPointKernel(
  lines: readonly PhotonLine[],
  options: PhotonPointKernelOptions,
): PhotonPointKernel {
  const { histories, random, bins, maxRadiusGPerCm2 } = options;
  if (!(histories >= 1 && bins >= 1 && maxRadiusGPerCm2 > 0)) {
    throw new Error('histories, bins and radius must be positive');
  }
  const firstOnly = options.firstCollisionOnly ?? false;
  const width = maxRadiusGPerCm2 / bins;
  const deposit = new Float64Array(bins + 1); // last: beyond the tally radius
  const usable = lines.filter((l) => l.energyMeV > 0 && l.yieldPerDecay > 0);
  const cdf = energyWeightedCdf(usable);
  const score = (x: number, y: number, z: number, fraction: number): void => {
    const bin = Math.floor(Math.sqrt(x * x + y * y + z * z) / width);
    deposit[Math.min(bin, bins)]! += fraction;
  };
  for (let h = 0; h < histories; h++) {
    const pick = random();
    let index = 0;
    while (index < cdf.length - 1 && cdf[index]! < pick) index++;
    const e0 = usable[index]!.energyMeV;
    let [x, y, z] = [0, 0, 0];
    let [u, v, w] = isotropicDirection(random);
    let energy = e0;
    let weight = 1;
    for (;;) {
      if (energy < PHOTON_CUTOFF_MEV) {
        score(x, y, z, (weight * energy) / e0);
        break;
      }
      const [mu, photoFraction] = modelCoefficients(energy);
      const s = -Math.log(1 - random()) / mu;
      x += s * u;
      y += s * v;
      z += s * w;
      const [eps, cosTheta] = sampleKleinNishina(energy, random);
      const absorbed = weight * energy * (photoFraction + (1 - photoFraction) * (1 - eps));
      score(x, y, z, absorbed / e0);
      if (firstOnly) break;
      weight *= 1 - photoFraction;
      energy *= eps;
      [u, v, w] = deflect(u, v, w, cosTheta, random);
      if (weight < ROULETTE_WEIGHT) {
        if (random() < 0.1) weight *= 10;
        else break;
      }
    }
  }
  const fractions = new Float64Array(bins);
  for (let i = 0; i < bins; i++) fractions[i] = deposit[i]! / histories;
  return {
    binWidthGPerCm2: width,
    fractions,
    histories,
    beyondFraction: deposit[bins]! / histories,
  };
}

/**
 * Analytic first-collision kernel of the same model (uncollided photons; energy absorbed at the
 * first interaction, mu_en of the model): fraction in [a, b) = sum_l w_l (mu_en/mu)_l
 * [exp(-mu_l a) - exp(-mu_l b)], w_l = energy weight of line l (the check of the geometry and
 * sampling of simulatePhotonPointKernel with firstCollisionOnly).
 */
export function firstCollisionShellFraction(
  lines: readonly PhotonLine[],
  fromGPerCm2: number,
  toGPerCm2: number,
): number {
  const usable = lines.filter((l) => l.energyMeV > 0 && l.yieldPerDecay > 0);
  const total = usable.reduce((s, l) => s + l.energyMeV * l.yieldPerDecay, 0);
  let sum = 0;
  for (const line of usable) {
    const weight = (line.energyMeV * line.yieldPerDecay) / total;
    if (line.energyMeV < PHOTON_CUTOFF_MEV) {
      sum += fromGPerCm2 === 0 ? weight : 0; // absorbed where emitted, as in the Monte Carlo
      continue;
    }
    const c = tissuePhotonCoefficients(line.energyMeV);
    const decay = Math.exp(-c.total * fromGPerCm2) - Math.exp(-c.total * toGPerCm2);
    sum += weight * (c.energyAbsorption / c.total) * decay;
  }
  return sum;
}
