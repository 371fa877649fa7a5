/**
 * Monte Carlo absorbed fraction of photons emitted uniformly and isotropically in a homogeneous
 * soft-tissue sphere (MIRD absorbed fraction, self-irradiation), by photon transport with the
 * interaction model of photon-attenuation.ts: Klein-Nishina scattering and photoabsorption; the
 * kinetic energy of Compton and photo-electrons is deposited at the interaction site (kerma
 * approximation; secondary-electron escape is neglected, < 1% of the photon AF for >= 0.5 g).
 *
 * Variance reduction (unbiased): forced first collision inside the sphere (the escaping weight
 * exp(-mu d) is scored analytically), survival biasing (photoabsorption deposits weight x
 * tau/mu x E and the photon continues with weight x sigma/mu) and Russian roulette below a
 * weight of 1e-3. Klein-Nishina sampling: Butcher & Messel (1960) as used in EGS4 (Nelson et al.
 * 1985, SLAC-265, sec. 2.9) and Geant4's G4KleinNishinaCompton.
 *
 * Everything is in mass-thickness units (g/cm^2) so the result depends on rho R only: the same
 * curve serves every density (exact scaling, MIRD Pamphlet 5 rev.; S_rho(V) = rho^2 S_1(rho^3 V)).
 */
import { ELECTRON_REST_ENERGY_MEV, tissuePhotonCoefficients } from './photon-attenuation.ts';
import type { Random } from '../../numerics/random.ts';
import { deflect, isotropicDirection } from './random-directions.ts';

/** One photon line: energy MeV, yield per decay. */
export interface PhotonLine {
  energyMeV: number;
  yieldPerDecay: number;
}

/** Options of the photon sphere Monte Carlo. */
export interface PhotonSphereOptions {
  /** Sphere radius as mass thickness rho R, g/cm^2. */
  radiusGPerCm2: number;
  /** Number of photon histories (energy-weighted sampling of the lines). */
  histories: number;
  random: Random;
  /** Score only the first collision (for the analytic check of the geometry). Default false. */
  firstCollisionOnly?: boolean;
}

/** Result: energy-weighted absorbed fraction and its Monte Carlo standard error. */
export interface AbsorbedFractionEstimate {
  absorbedFraction: number;
  standardError: number;
}

/** Cutoff below which a photon's remaining energy is deposited locally, MeV (range < 10 um). */
export const PHOTON_CUTOFF_MEV = 1e-3;
/** Weight below which Russian roulette is played. */
export const ROULETTE_WEIGHT = 1e-3;

interface CoefficientGrid {
  logE0: number;
  dLogE: number;
  total: Float64Array;
  photoFraction: Float64Array;
}

/** Log-spaced lookup of the model coefficients, 1 keV - 1.5 MeV, 2000 points (< 0.1% error). */
function buildGrid(): CoefficientGrid {
  const n = 2000;
  const logE0 = Math.log(PHOTON_CUTOFF_MEV);
  const dLogE = (Math.log(1.5) - logE0) / (n - 1);
  const total = new Float64Array(n);
  const photoFraction = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = tissuePhotonCoefficients(Math.exp(logE0 + i * dLogE));
    total[i] = c.total;
    photoFraction[i] = c.photoelectric / c.total;
  }
  return { logE0, dLogE, total, photoFraction };
}

let grid: CoefficientGrid | undefined;

/** Model total attenuation mu/rho (cm^2/g) and photoabsorption fraction tau/mu at an energy. */
export function modelCoefficients(energyMeV: number): [number, number] {
  grid ??= buildGrid();
  const x = (Math.log(energyMeV) - grid.logE0) / grid.dLogE;
  const i = Math.min(Math.max(Math.floor(x), 0), grid.total.length - 2);
  const t = x - i;
  const mu = grid.total[i]! * (1 - t) + grid.total[i + 1]! * t;
  const pf = grid.photoFraction[i]! * (1 - t) + grid.photoFraction[i + 1]! * t;
  return [mu, pf];
}

/** Scattered-photon energy fraction and cos(theta), Klein-Nishina (Butcher & Messel 1960). */
export function sampleKleinNishina(energyMeV: number, random: Random): [number, number] {
  const k = energyMeV / ELECTRON_REST_ENERGY_MEV;
  const eps0 = 1 / (1 + 2 * k);
  const eps0sq = eps0 * eps0;
  const alpha1 = -Math.log(eps0);
  const alpha2 = 0.5 * (1 - eps0sq);
  for (;;) {
    let eps: number;
    if (alpha1 / (alpha1 + alpha2) > random()) {
      eps = Math.exp(-alpha1 * random());
    } else {
      eps = Math.sqrt(eps0sq + (1 - eps0sq) * random());
    }
    const t = (1 - eps) / (k * eps);
    const sin2 = t * (2 - t);
    const g = 1 - (eps * sin2) / (1 + eps * eps);
    if (g >= random()) return [eps, 1 - t];
  }
}

/** Energy-weighted cumulative distribution over the lines, for sampling. */
export function energyWeightedCdf(lines: readonly PhotonLine[]): Float64Array {
  const cdf = new Float64Array(lines.length);
  let sum = 0;
  lines.forEach((line, i) => {
    sum += line.energyMeV * line.yieldPerDecay;
    cdf[i] = sum;
  });
  for (let i = 0; i < cdf.length; i++) cdf[i]! /= sum;
  return cdf;
}

/**
 * Energy-weighted photon absorbed fraction sum(y E phi) / sum(y E) for `lines` emitted uniformly
 * in a soft-tissue sphere of mass thickness rho R (g/cm^2); dimensionless, with its standard error.
 */
export function photonSphereAbsorbedFraction(
  lines: readonly PhotonLine[],
  options: PhotonSphereOptions,
): AbsorbedFractionEstimate {
  const { radiusGPerCm2: radius, histories, random } = options;
  const firstOnly = options.firstCollisionOnly ?? false;
  if (!(radius > 0) || !(histories >= 1)) throw new Error('radius and histories must be positive');
  const usable = lines.filter((l) => l.energyMeV > 0 && l.yieldPerDecay > 0);
  const cdf = energyWeightedCdf(usable);
  let sum = 0;
  let sumSq = 0;
  for (let h = 0; h < histories; h++) {
    const pick = random();
    let index = 0;
    while (index < cdf.length - 1 && cdf[index]! < pick) index++;
    const e0 = usable[index]!.energyMeV;
    // Uniform source point in the sphere, isotropic direction (lengths in g/cm^2).
    const rr = radius * Math.cbrt(random());
    let [x, y, z] = isotropicDirection(random);
    x *= rr;
    y *= rr;
    z *= rr;
    let [u, v, w] = isotropicDirection(random);
    let energy = e0;
    let weight = 1;
    let deposited = 0;
    while (weight > 0) {
      if (energy < PHOTON_CUTOFF_MEV) {
        deposited += weight * energy;
        break;
      }
      const [mu, photoFraction] = modelCoefficients(energy);
      // Distance to the sphere surface along (u, v, w).
      const b = x * u + y * v + z * w;
      const c = x * x + y * y + z * z - radius * radius;
      const d = -b + Math.sqrt(Math.max(0, b * b - c));
      const pInteract = -Math.expm1(-mu * d);
      if (pInteract <= 0) break;
      const s = -Math.log1p(-random() * pInteract) / mu;
      x += s * u;
      y += s * v;
      z += s * w;
      weight *= pInteract;
      deposited += weight * photoFraction * energy;
      weight *= 1 - photoFraction;
      const [eps, cosTheta] = sampleKleinNishina(energy, random);
      deposited += weight * energy * (1 - eps);
      if (firstOnly) break;
      energy *= eps;
      [u, v, w] = deflect(u, v, w, cosTheta, random);
      if (weight < ROULETTE_WEIGHT) {
        if (random() < 0.1) weight *= 10;
        else break;
      }
    }
    const fraction = deposited / e0;
    sum += fraction;
    sumSq += fraction * fraction;
  }
  const mean = sum / histories;
  const variance = Math.max(0, sumSq / histories - mean * mean);
  return { absorbedFraction: mean, standardError: Math.sqrt(variance / histories) };
}

/**
 * Analytic probability that a photon emitted uniformly and isotropically in a sphere escapes
 * uncollided, for mu R = x: P = 3/(8 x^3) [2 x^2 - 1 + (1 + 2x) e^(-2x)] (e.g. Case, de Hoffmann
 * & Placzek 1953; Berger 1968 MIRD Pamphlet 2, eq. for the sphere escape probability).
 */
export function sphereUncollidedEscapeProbability(muR: number): number {
  const x = muR;
  if (x < 1e-3) return 1 - 0.75 * x + 0.4 * x * x; // series: 1 - 3x/4 + 2x^2/5
  return (3 / (8 * x * x * x)) * (2 * x * x - 1 + (1 + 2 * x) * Math.exp(-2 * x));
}
