/**
 * Electron absorbed fractions of uniform spheres by the point-kernel method (MIRD Pamphlet 7,
 * Berger 1971; Berger 1970 MIRD Pamphlet 7 / J Nucl Med Suppl 3): for a kernel 4 pi r^2 Phi(r)
 * (fraction of the emitted energy deposited per unit distance r),
 *   phi(R) = integral_0^{2R} 4 pi r^2 Phi(r) G(r, R) dr,  G = 1 - 3r/(4R) + r^3/(16 R^3),
 * where G is the probability that a point at distance r from a uniformly distributed source
 * point in a random direction is still inside the sphere (the sphere's point-pair distance
 * distribution, e.g. Berger 1968 MIRD Pamphlet 2). Radii are mass thicknesses (g/cm^2).
 */
import type { RadialKernel, EnergySampler } from './electron-transport.ts';
import type { Nuclide } from '../nuclides.ts';
import type { Random } from '../../numerics/random.ts';

/** Integral of G from 0 to r (r in units where R is given), capped at 2R where it equals 3R/4. */
function integratedGeometricFactor(r: number, radius: number): number {
  const x = Math.min(r, 2 * radius);
  return x - (3 * x * x) / (8 * radius) + (x * x * x * x) / (64 * radius * radius * radius);
}

/** Sphere geometric factor G(r, R) = 1 - 3r/(4R) + r^3/(16R^3) for r <= 2R, else 0. */
export function sphereGeometricFactor(r: number, radius: number): number {
  if (r >= 2 * radius) return 0;
  const x = r / radius;
  return 1 - 0.75 * x + (x * x * x) / 16;
}

/**
 * Absorbed fraction of a uniform sphere of mass-thickness radius rho R (g/cm^2) for the kernel,
 * with G averaged exactly over each histogram shell; dimensionless.
 */
export function sphereAbsorbedFractionFromKernel(
  kernel: RadialKernel,
  radiusGPerCm2: number,
): number {
  const width = kernel.binWidthGPerCm2;
  let sum = 0;
  for (let i = 0; i < kernel.fractions.length; i++) {
    const lo = i * width;
    if (lo >= 2 * radiusGPerCm2) break;
    const mean =
      (integratedGeometricFactor(lo + width, radiusGPerCm2) -
        integratedGeometricFactor(lo, radiusGPerCm2)) /
      width;
    sum += kernel.fractions[i]! * mean;
  }
  return sum;
}

/** Energy-weighted mean distance of deposition <r> of the kernel, g/cm^2 (first moment). */
export function kernelFirstMoment(kernel: RadialKernel): number {
  let sum = 0;
  kernel.fractions.forEach((f, i) => {
    sum += f * (i + 0.5) * kernel.binWidthGPerCm2;
  });
  return sum;
}

/**
 * Energy-weighted sampler of the electron emissions of a nuclide (ICRP-107): the beta-
 * continuum from the tabulated spectrum (piecewise linear, sampled in proportion to E N(E)),
 * scaled to the beta- energy per decay of the discrete beta- list, plus the IE and Auger lines.
 * Returns the sampler and the electron energy per decay it represents, MeV.
 */
export function electronEmissionSampler(nuclide: Nuclide): {
  sample: EnergySampler;
  energyPerDecayMeV: number;
} {
  // Beta continuum, fine linear sub-grid for an accurate E N(E) inverse CDF.
  const spectrum = nuclide.betaSpectrum;
  const grid: number[] = [];
  const density: number[] = [];
  for (let i = 0; i + 1 < spectrum.length; i++) {
    const a = spectrum[i]!;
    const b = spectrum[i + 1]!;
    const sub = 8;
    for (let j = 0; j < sub; j++) {
      const e = a.energyMeV + ((b.energyMeV - a.energyMeV) * j) / sub;
      const n = a.perMeV + ((b.perMeV - a.perMeV) * j) / sub;
      grid.push(e);
      density.push(e * n);
    }
  }
  const lastPoint = spectrum[spectrum.length - 1];
  if (lastPoint === undefined) throw new Error(`${nuclide.name}: no beta spectrum`);
  grid.push(lastPoint.energyMeV);
  density.push(lastPoint.energyMeV * lastPoint.perMeV);
  const cdf: number[] = [0];
  for (let i = 1; i < grid.length; i++) {
    cdf.push(cdf[i - 1]! + 0.5 * (density[i]! + density[i - 1]!) * (grid[i]! - grid[i - 1]!));
  }
  const cdfTotal = cdf[cdf.length - 1]!;
  const betaEnergy = (nuclide.emissions['beta-'] ?? []).reduce(
    (s, l) => s + l.energyMeV * l.yieldPerDecay,
    0,
  );
  const lines = [...(nuclide.emissions['IE'] ?? []), ...(nuclide.emissions['auger'] ?? [])];
  const lineEnergies = lines.map((l) => l.energyMeV);
  const lineCdf: number[] = [];
  let lineTotal = 0;
  for (const l of lines) {
    lineTotal += l.energyMeV * l.yieldPerDecay;
    lineCdf.push(lineTotal);
  }
  const total = betaEnergy + lineTotal;
  const sampleBeta = (random: Random): number => {
    const target = random() * cdfTotal;
    let lo = 0;
    let hi = cdf.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! <= target) lo = mid;
      else hi = mid;
    }
    // Within the segment, E N(E) is nearly linear over 1/8 of a tabulation step: linear CDF.
    const span = cdf[hi]! - cdf[lo]!;
    const t = span > 0 ? (target - cdf[lo]!) / span : 0;
    return grid[lo]! + t * (grid[hi]! - grid[lo]!);
  };
  const sample: EnergySampler = (random) => {
    const pick = random() * total;
    if (pick < betaEnergy) return sampleBeta(random);
    const target = pick - betaEnergy;
    let i = 0;
    while (i < lineCdf.length - 1 && lineCdf[i]! < target) i++;
    return lineEnergies[i]!;
  };
  return { sample, energyPerDecayMeV: total };
}
