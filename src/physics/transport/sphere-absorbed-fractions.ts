/**
 * Self-dose S-values of a nuclide uniformly distributed in soft-tissue spheres (MIRD schema,
 * Bolch et al. 2009 MIRD Pamphlet 21): S = sum_i y_i E_i phi_i / m, in Gy/(Bq s) with E in J and
 * m in kg, split into electrons (beta-, IE, Auger; point-kernel absorbed fractions,
 * electron-point-kernel.ts) and photons (gamma, X; Monte Carlo, photon-sphere-transport.ts).
 * Pure computation: the caller supplies the random generator and does any file I/O.
 */
import { csdaRange, simulateElectronPointKernel } from './electron-transport.ts';
import {
  electronEmissionSampler,
  sphereAbsorbedFractionFromKernel,
} from './electron-point-kernel.ts';
import {
  ELECTRON_TYPES,
  JOULE_PER_MEV,
  PHOTON_TYPES,
  meanEnergyPerDecayMeV,
  type Nuclide,
} from '../nuclides.ts';
import { photonSphereAbsorbedFraction, type PhotonLine } from './photon-sphere-transport.ts';
import { mulberry32 } from '../../numerics/random.ts';

/** One row of a sphere S-value table. */
export interface SphereSValueRow {
  massG: number;
  volumeMl: number;
  radiusMm: number;
  electronAbsorbedFraction: number;
  photonAbsorbedFraction: number;
  /** Monte Carlo standard error of the photon absorbed fraction. */
  photonAbsorbedFractionStdErr: number;
  electronSGyPerBqS: number;
  photonSGyPerBqS: number;
  totalSGyPerBqS: number;
}

/** Settings of a table computation. */
export interface SphereTableSettings {
  densityGPerMl: number;
  massesG: readonly number[];
  seed: number;
  electronHistories: number;
  photonHistoriesPerSphere: number;
  kernelBins: number;
}

/** Computed table with the energies per decay it used. */
export interface SphereTable {
  rows: SphereSValueRow[];
  electronEnergyPerDecayMeV: number;
  photonEnergyPerDecayMeV: number;
  electronKernelFirstMomentGPerCm2: number;
}

/** Log-spaced masses, `perDecade` per decade from `fromG` to `toG` inclusive, grams. */
export function logSpacedMasses(fromG: number, toG: number, perDecade: number): number[] {
  const n = Math.round(Math.log10(toG / fromG) * perDecade);
  return Array.from({ length: n + 1 }, (_, k) =>
    Number((fromG * 10 ** (k / perDecade)).toPrecision(6)),
  );
}

/** Radius of a sphere of `volumeMl` mL, cm. */
export function sphereRadiusCm(volumeMl: number): number {
  return Math.cbrt((3 * volumeMl) / (4 * Math.PI));
}

/**
 * S-values of `nuclide` in uniform soft-tissue spheres of the given masses and density,
 * Gy/(Bq s), with absorbed fractions (see module comment for the method and its sources).
 */
export function computeSphereTable(nuclide: Nuclide, settings: SphereTableSettings): SphereTable {
  const { densityGPerMl: rho, massesG } = settings;
  const random = mulberry32(settings.seed);
  const electrons = electronEmissionSampler(nuclide);
  const maxElectronMeV = Math.max(
    ...nuclide.betaSpectrum.map((p) => p.energyMeV),
    ...(nuclide.emissions['IE'] ?? []).map((l) => l.energyMeV),
  );
  const kernel = simulateElectronPointKernel(electrons.sample, {
    histories: settings.electronHistories,
    random,
    maxRadiusGPerCm2: 1.1 * csdaRange(maxElectronMeV),
    bins: settings.kernelBins,
  });
  let firstMoment = 0;
  kernel.fractions.forEach((f, i) => (firstMoment += f * (i + 0.5) * kernel.binWidthGPerCm2));
  const photonLines: PhotonLine[] = PHOTON_TYPES.flatMap((type) => [
    ...(nuclide.emissions[type] ?? []),
  ]);
  const eElectronMeV = meanEnergyPerDecayMeV(nuclide, ELECTRON_TYPES);
  const ePhotonMeV = meanEnergyPerDecayMeV(nuclide, PHOTON_TYPES);
  const rows = massesG.map((massG) => {
    const volumeMl = massG / rho;
    const radiusCm = sphereRadiusCm(volumeMl);
    const t = rho * radiusCm;
    const phiE = sphereAbsorbedFractionFromKernel(kernel, t);
    const photon = photonSphereAbsorbedFraction(photonLines, {
      radiusGPerCm2: t,
      histories: settings.photonHistoriesPerSphere,
      random,
    });
    const massKg = massG / 1000;
    const sE = (eElectronMeV * JOULE_PER_MEV * phiE) / massKg;
    const sP = (ePhotonMeV * JOULE_PER_MEV * photon.absorbedFraction) / massKg;
    return {
      massG,
      volumeMl,
      radiusMm: radiusCm * 10,
      electronAbsorbedFraction: phiE,
      photonAbsorbedFraction: photon.absorbedFraction,
      photonAbsorbedFractionStdErr: photon.standardError,
      electronSGyPerBqS: sE,
      photonSGyPerBqS: sP,
      totalSGyPerBqS: sE + sP,
    };
  });
  return {
    rows,
    electronEnergyPerDecayMeV: eElectronMeV,
    photonEnergyPerDecayMeV: ePhotonMeV,
    electronKernelFirstMomentGPerCm2: firstMoment,
  };
}
