/**
 * Condensed-history Monte Carlo of electrons in ICRU four-component soft tissue, used only to
 * build energy-normalised radial dose point kernels (MIRD Pamphlet 7, Berger 1971, defines the
 * kernel; there it came from ETRAN). Class-I condensed history (Berger 1963, "Monte Carlo
 * calculation of the penetration and diffusion of fast charged particles", Methods Comput Phys
 * 1:135):
 * - continuous slowing down (CSDA) with the Bethe collision stopping power of ICRU Report 37
 *   (1984), eq. 2.4 (Rohrlich-Carlson F-), I = 74.9 eV (NIST SRD 126 Table 2); the density-effect
 *   correction is neglected (< 1.5% below 1 MeV in water, Sternheimer 1984) and so are
 *   radiative losses (radiation yield of a 0.6 MeV electron in water 0.2%, ICRU 37), straggling
 *   and delta-ray transport (their energy is deposited along the track);
 * - angular deflection: screened Rutherford (Wentzel) elastic scattering on the nuclei and
 *   electrons (Z(Z+1)) of H, C, N, O with Moliere's screening parameter
 *   eta = 1/4 (alpha Z^(1/3) / (0.885 beta gamma))^2 (1.13 + 3.76 (alpha Z / beta)^2)
 *   (Moliere 1947, Z Naturforsch 2a:133; as used in Berger's ETRAN and in PENELOPE's Wentzel
 *   model); the deflection after a step s is drawn from a Wentzel distribution whose first
 *   moment equals Lewis' (1950, Phys Rev 78:526) exact value <1 - cos> = 1 - exp(-s / lambda_1);
 * - random-hinge step (Fernandez-Varea et al. 1993, NIM B 73:447), 3% energy loss per step,
 *   energy deposited at the hinge; electrons below 5 keV (CSDA range < 1 um) stop where they are.
 * Lengths are mass thicknesses (g/cm^2), so the kernel serves every density.
 */
import { ELECTRON_REST_ENERGY_MEV, ELECTRON_RADIUS_CM } from './photon-attenuation.ts';
import type { Random } from '../../numerics/random.ts';
import { deflect } from './random-directions.ts';

/** Avogadro constant, per mol (SI 2019, exact). */
const AVOGADRO_PER_MOL = 6.02214076e23;
/** Fine-structure constant (CODATA 2018: 7.2973525693e-3). */
const FINE_STRUCTURE = 7.2973525693e-3;
/** Mean excitation energy of ICRU 4-component soft tissue, MeV (NIST SRD 126, Table 2: 74.9 eV). */
const TISSUE_I_MEV = 74.9e-6;
/** Z/A of ICRU 4-component soft tissue, mol/g (NIST SRD 126, Table 2). */
const TISSUE_Z_OVER_A = 0.54975;
/**
 * ICRU 4-component soft tissue by weight (NIST SRD 126 Table 2: H 0.101174, C 0.111, N 0.026,
 * O 0.761826) with standard atomic weights (IUPAC 2013 conventional: 1.008, 12.011, 14.007, 15.999).
 */
const TISSUE_ELEMENTS: readonly { z: number; massFraction: number; atomicWeight: number }[] = [
  { z: 1, massFraction: 0.101174, atomicWeight: 1.008 },
  { z: 6, massFraction: 0.111, atomicWeight: 12.011 },
  { z: 7, massFraction: 0.026, atomicWeight: 14.007 },
  { z: 8, massFraction: 0.761826, atomicWeight: 15.999 },
];
/** Energy below which an electron deposits its remaining energy on the spot, MeV. */
export const ELECTRON_CUTOFF_MEV = 0.005;
/** Fractional energy loss per condensed-history step. */
const STEP_ENERGY_FRACTION = 0.03;

/**
 * Bethe collision mass stopping power of soft tissue for electrons, MeV cm^2/g (ICRU 37 eq. 2.4,
 * no density effect). Gives 4.11 MeV cm^2/g at 100 keV (ESTAR water: 4.115).
 */
export function collisionStoppingPower(energyMeV: number): number {
  const tau = energyMeV / ELECTRON_REST_ENERGY_MEV;
  const gamma = tau + 1;
  const beta2 = 1 - 1 / (gamma * gamma);
  const iRatio = TISSUE_I_MEV / ELECTRON_REST_ENERGY_MEV;
  const fMinus = 1 - beta2 + ((tau * tau) / 8 - (2 * tau + 1) * Math.LN2) / (gamma * gamma);
  const bracket = Math.log((tau * tau * (tau + 2)) / (2 * iRatio * iRatio)) + fMinus;
  // 2 pi r_e^2 m c^2 N_A = 0.153537 MeV cm^2/mol (ICRU 37), times Z/A.
  const k = 2 * Math.PI * ELECTRON_RADIUS_CM ** 2 * ELECTRON_REST_ENERGY_MEV * AVOGADRO_PER_MOL;
  return ((k * TISSUE_Z_OVER_A) / beta2) * bracket;
}

/**
 * First transport cross section of soft tissue, 1/lambda_1 in cm^2/g: screened Rutherford with
 * Moliere screening, sum over H, C, N, O of N_A w/A 2 pi Z(Z+1) r_e^2 / (gamma^2 beta^4)
 * [ln(1 + 1/eta) - 1/(1 + eta)].
 */
export function transportCrossSection(energyMeV: number): number {
  const tau = energyMeV / ELECTRON_REST_ENERGY_MEV;
  const gamma = tau + 1;
  const beta2 = 1 - 1 / (gamma * gamma);
  const betaGamma = Math.sqrt(beta2) * gamma;
  let sum = 0;
  for (const el of TISSUE_ELEMENTS) {
    const screen =
      0.25 *
      ((FINE_STRUCTURE * Math.cbrt(el.z)) / (0.885 * betaGamma)) ** 2 *
      (1.13 + (3.76 * (FINE_STRUCTURE * el.z) ** 2) / beta2);
    const atomsPerG = (AVOGADRO_PER_MOL * el.massFraction) / el.atomicWeight;
    const sigma1 =
      ((2 * Math.PI * el.z * (el.z + 1) * ELECTRON_RADIUS_CM ** 2) /
        (gamma * gamma * beta2 * beta2)) *
      (Math.log(1 + 1 / screen) - 1 / (1 + screen));
    sum += atomsPerG * sigma1;
  }
  return sum;
}

/** CSDA range in soft tissue, g/cm^2: integral of dE / S_col from 1 keV (trapezoid in log E). */
export function csdaRange(energyMeV: number): number {
  const lo = 1e-3;
  if (energyMeV <= lo) return 0;
  const n = 400;
  const h = Math.log(energyMeV / lo) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const e = lo * Math.exp(i * h);
    const f = e / collisionStoppingPower(e);
    sum += (i === 0 || i === n ? 0.5 : 1) * f;
  }
  // Below 1 keV the range is < 0.1 um; Bethe is not valid there, so it is left out.
  return sum * h;
}

/** Mean 1 - cos(theta) of a Wentzel distribution with screening A: 2A[(1+A) ln(1+1/A) - 1]. */
function wentzelMeanDeflection(a: number): number {
  return 2 * a * ((1 + a) * Math.log1p(1 / a) - 1);
}

interface Tables {
  logE0: number;
  dLogE: number;
  stopping: Float64Array;
  invLambda1: Float64Array;
  logG0: number;
  dLogG: number;
  logA: Float64Array;
}

let tables: Tables | undefined;

function buildTables(): Tables {
  const n = 1500;
  const logE0 = Math.log(1e-3);
  const dLogE = (Math.log(3) - logE0) / (n - 1);
  const stopping = new Float64Array(n);
  const invLambda1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = Math.exp(logE0 + i * dLogE);
    stopping[i] = collisionStoppingPower(e);
    invLambda1[i] = transportCrossSection(e);
  }
  // Inverse of the Wentzel mean deflection: log A on a grid of log <1 - cos>, 1e-9 .. 0.999.
  const m = 4000;
  const logG0 = Math.log(1e-9);
  const dLogG = (Math.log(0.999) - logG0) / (m - 1);
  const logA = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const target = Math.exp(logG0 + j * dLogG);
    let lo = -40;
    let hi = 12;
    for (let it = 0; it < 80; it++) {
      const mid = 0.5 * (lo + hi);
      if (wentzelMeanDeflection(Math.exp(mid)) < target) lo = mid;
      else hi = mid;
    }
    logA[j] = 0.5 * (lo + hi);
  }
  return { logE0, dLogE, stopping, invLambda1, logG0, dLogG, logA };
}

function interp(table: Float64Array, x: number): number {
  const i = Math.min(Math.max(Math.floor(x), 0), table.length - 2);
  const t = Math.min(Math.max(x - i, 0), 1);
  return table[i]! * (1 - t) + table[i + 1]! * t;
}

/** Radial energy-deposition histogram of a point source, normalised to the emitted energy. */
export interface RadialKernel {
  /** Bin width in mass thickness, g/cm^2; bin i covers [i, i+1) x width. */
  binWidthGPerCm2: number;
  /** Fraction of the emitted energy deposited in each spherical shell (sums to 1). */
  fractions: Float64Array;
  histories: number;
}

/** Draws the initial kinetic energy (MeV) of one electron. */
export type EnergySampler = (random: Random) => number;

/** Options of the point-kernel simulation. */
export interface KernelOptions {
  histories: number;
  random: Random;
  /** Outer radius of the tally, g/cm^2 (use >= the CSDA range of the highest energy). */
  maxRadiusGPerCm2: number;
  bins: number;
}

/**
 * Energy-normalised radial dose point kernel of electrons whose energies are drawn from
 * `sampleEnergy` (draw energy-weighted so every history carries the same share of energy), in
 * an infinite soft-tissue medium; condensed-history Monte Carlo (module comment).
 */
export function simulateElectronPointKernel(
  sampleEnergy: EnergySampler,
  options: KernelOptions,
): RadialKernel {
  tables ??= buildTables();
  const t = tables;
  const { histories, random, bins, maxRadiusGPerCm2 } = options;
  const width = maxRadiusGPerCm2 / bins;
  const deposit = new Float64Array(bins);
  const score = (x: number, y: number, z: number, energy: number): void => {
    const bin = Math.floor(Math.sqrt(x * x + y * y + z * z) / width);
    deposit[Math.min(bin, bins - 1)]! += energy;
  };
  let total = 0;
  for (let h = 0; h < histories; h++) {
    const e0 = sampleEnergy(random);
    total += e0;
    let energy = e0;
    let x = 0;
    let y = 0;
    let z = 0;
    let u = 0;
    let v = 0;
    let w = 1; // the kernel is radially symmetric: any initial direction will do
    while (energy > ELECTRON_CUTOFF_MEV) {
      let loss = STEP_ENERGY_FRACTION * energy;
      if (energy - loss < ELECTRON_CUTOFF_MEV) loss = energy - ELECTRON_CUTOFF_MEV;
      const ex = (Math.log(energy - 0.5 * loss) - t.logE0) / t.dLogE;
      const step = loss / interp(t.stopping, ex);
      const g = -Math.expm1(-step * interp(t.invLambda1, ex));
      const gx = (Math.log(Math.min(Math.max(g, 1e-9), 0.999)) - t.logG0) / t.dLogG;
      const a = Math.exp(interp(t.logA, gx));
      const hinge = random() * step;
      x += hinge * u;
      y += hinge * v;
      z += hinge * w;
      score(x, y, z, loss);
      const xi = random();
      const cosTheta = 1 - (2 * a * xi) / (1 + a - xi);
      [u, v, w] = deflect(u, v, w, cosTheta, random);
      const rest = step - hinge;
      x += rest * u;
      y += rest * v;
      z += rest * w;
      energy -= loss;
    }
    score(x, y, z, energy);
  }
  for (let i = 0; i < bins; i++) deposit[i]! /= total;
  return { binWidthGPerCm2: width, fractions: deposit, histories };
}
