/**
 * Photon interaction coefficients of soft tissue for the sphere Monte Carlo (20 keV - 1 MeV matter
 * for 131I; the table covers 1 keV - 20 MeV).
 *
 * Source of the table: J. H. Hubbell and S. M. Seltzer, "Tables of X-Ray Mass Attenuation
 * Coefficients and Mass Energy-Absorption Coefficients", NIST Standard Reference Database 126
 * (NISTIR 5632, 1996; data last updated July 2004), Table 4, "Tissue, Soft (ICRU Four-Component)"
 * (H 10.1174%, C 11.1%, N 2.6%, O 76.1826% by weight; Z/A = 0.54975, I = 74.9 eV; Table 2),
 * https://physics.nist.gov/PhysRefData/XrayMassCoef/ComTab/tissue4.html, as copied into the
 * public repository ehsteve/roentgen (roentgen/data/compounds_mixtures/tissue4.csv).
 *
 * Model used by the Monte Carlo (documented approximations):
 * - incoherent scattering: Klein-Nishina on free electrons, electron density N_A Z/A (binding
 *   and Doppler broadening neglected; they matter below ~50 keV, where 131I emits only the
 *   ~30 keV K X-rays, 1.5 keV per decay);
 * - photoelectric absorption: tau = mu_en - sigma_tr(KN) (NIST mu_en minus the Klein-Nishina
 *   energy-transfer coefficient), clamped at 0, so that the first-collision kerma of the model
 *   equals NIST mu_en wherever photoabsorption matters; photoelectron and fluorescence energy
 *   is deposited locally (fluorescence of H, C, N, O is below 0.6 keV);
 * - coherent (Rayleigh) scattering: neglected (it changes no energy and only slightly the path;
 *   < 2% of mu above 150 keV, where 99% of the 131I photon energy is emitted);
 * - pair production: impossible below 1.022 MeV (131I emits no photon above 0.723 MeV).
 */

/** Avogadro constant, per mol (SI 2019, exact). */
const AVOGADRO_PER_MOL = 6.02214076e23;
/** Classical electron radius, cm (CODATA 2018: 2.8179403262e-15 m). */
export const ELECTRON_RADIUS_CM = 2.8179403262e-13;
/** Electron rest energy, MeV (CODATA 2018: 0.51099895000 MeV). */
export const ELECTRON_REST_ENERGY_MEV = 0.51099895;
/** Z/A of ICRU four-component soft tissue, mol/g (NIST SRD 126, Table 2). */
export const TISSUE_Z_OVER_A = 0.54975;
/** Electrons per gram of ICRU four-component soft tissue: N_A Z/A. */
export const TISSUE_ELECTRONS_PER_G = AVOGADRO_PER_MOL * TISSUE_Z_OVER_A;

/**
 * NIST SRD 126 Table 4, Tissue, Soft (ICRU Four-Component): [energy MeV, mu/rho cm^2/g,
 * mu_en/rho cm^2/g].
 */
export const ICRU_SOFT_TISSUE_NIST: readonly (readonly [number, number, number])[] = [
  [1.0e-3, 3.829e3, 3.818e3],
  [1.5e-3, 1.286e3, 1.283e3],
  [2.0e-3, 5.755e2, 5.736e2],
  [3.0e-3, 1.792e2, 1.781e2],
  [4.0e-3, 7.681e1, 7.598e1],
  [5.0e-3, 3.947e1, 3.88e1],
  [6.0e-3, 2.283e1, 2.226e1],
  [8.0e-3, 9.604, 9.163],
  [1.0e-2, 4.937, 4.564],
  [1.5e-2, 1.558, 1.266],
  [2.0e-2, 7.616e-1, 5.07e-1],
  [3.0e-2, 3.604e-1, 1.438e-1],
  [4.0e-2, 2.609e-1, 6.474e-2],
  [5.0e-2, 2.223e-1, 3.987e-2],
  [6.0e-2, 2.025e-1, 3.051e-2],
  [8.0e-2, 1.813e-1, 2.53e-2],
  [1.0e-1, 1.688e-1, 2.501e-2],
  [1.5e-1, 1.49e-1, 2.732e-2],
  [2.0e-1, 1.356e-1, 2.936e-2],
  [3.0e-1, 1.175e-1, 3.161e-2],
  [4.0e-1, 1.051e-1, 3.247e-2],
  [5.0e-1, 9.593e-2, 3.267e-2],
  [6.0e-1, 8.87e-2, 3.252e-2],
  [8.0e-1, 7.789e-2, 3.175e-2],
  [1.0, 7.003e-2, 3.073e-2],
  [1.25, 6.262e-2, 2.937e-2],
  [1.5, 5.699e-2, 2.806e-2],
  [2.0, 4.893e-2, 2.582e-2],
  [3.0, 3.929e-2, 2.258e-2],
  [4.0, 3.367e-2, 2.044e-2],
  [5.0, 2.998e-2, 1.894e-2],
  [6.0, 2.739e-2, 1.785e-2],
  [8.0, 2.4e-2, 1.638e-2],
  [1.0e1, 2.191e-2, 1.546e-2],
  [1.5e1, 1.913e-2, 1.42e-2],
  [2.0e1, 1.785e-2, 1.36e-2],
];

function logLogInterpolate(energyMeV: number, column: 1 | 2): number {
  const table = ICRU_SOFT_TISSUE_NIST;
  const first = table[0];
  const last = table[table.length - 1];
  if (first === undefined || last === undefined) throw new Error('empty NIST table');
  if (!(energyMeV >= first[0] && energyMeV <= last[0])) {
    throw new RangeError(`photon energy ${energyMeV} MeV outside the NIST table 1 keV - 20 MeV`);
  }
  let lo = 0;
  let hi = table.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((table[mid] as readonly number[])[0]! <= energyMeV) lo = mid;
    else hi = mid;
  }
  const a = table[lo]!;
  const b = table[hi]!;
  const t = Math.log(energyMeV / a[0]) / Math.log(b[0] / a[0]);
  return Math.exp(Math.log(a[column]) + t * Math.log(b[column] / a[column]));
}

/** NIST mu/rho of ICRU 4-component soft tissue, cm^2/g, log-log interpolated (SRD 126). */
export function nistMassAttenuation(energyMeV: number): number {
  return logLogInterpolate(energyMeV, 1);
}

/** NIST mu_en/rho of ICRU 4-component soft tissue, cm^2/g, log-log interpolated (SRD 126). */
export function nistMassEnergyAbsorption(energyMeV: number): number {
  return logLogInterpolate(energyMeV, 2);
}

/**
 * Klein-Nishina total cross section per free electron, cm^2 (Klein & Nishina 1929; e.g. Attix
 * 1986, eq. 7.6).
 */
export function kleinNishinaCrossSectionCm2(energyMeV: number): number {
  const k = energyMeV / ELECTRON_REST_ENERGY_MEV;
  const l = Math.log(1 + 2 * k);
  const r2 = ELECTRON_RADIUS_CM * ELECTRON_RADIUS_CM;
  if (k < 1e-3) return ((8 * Math.PI) / 3) * r2 * (1 - 2 * k + 5.2 * k * k); // Thomson limit series
  return (
    2 *
    Math.PI *
    r2 *
    (((1 + k) / (k * k)) * ((2 * (1 + k)) / (1 + 2 * k) - l / k) +
      l / (2 * k) -
      (1 + 3 * k) / ((1 + 2 * k) * (1 + 2 * k)))
  );
}

/**
 * Mean fraction of the photon energy given to the Compton electron, Klein-Nishina (numerical
 * integration of the KN differential cross section over cos(theta), 400-interval Simpson rule).
 */
export function kleinNishinaMeanTransferFraction(energyMeV: number): number {
  const k = energyMeV / ELECTRON_REST_ENERGY_MEV;
  const n = 400;
  let sum = 0;
  let sumT = 0;
  for (let i = 0; i <= n; i++) {
    const mu = -1 + (2 * i) / n;
    const eps = 1 / (1 + k * (1 - mu)); // E'/E
    const dsig = eps * eps * (eps + 1 / eps - (1 - mu * mu)); // KN dsigma/dOmega / (r_e^2/2)
    const weight = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * dsig;
    sumT += weight * dsig * (1 - eps);
  }
  return sumT / sum;
}

/** Interaction coefficients of the transport model, cm^2/g. */
export interface PhotonCoefficients {
  /** Klein-Nishina incoherent scattering, cm^2/g. */
  compton: number;
  /** Photoelectric absorption, cm^2/g (NIST mu_en minus KN energy transfer, >= 0). */
  photoelectric: number;
  /** compton + photoelectric (coherent scattering neglected), cm^2/g. */
  total: number;
  /** Energy-absorption coefficient of the model: photoelectric + KN energy transfer, cm^2/g. */
  energyAbsorption: number;
}

/** Model coefficients of ICRU 4-component soft tissue at one energy (see module comment). */
export function tissuePhotonCoefficients(energyMeV: number): PhotonCoefficients {
  const compton = kleinNishinaCrossSectionCm2(energyMeV) * TISSUE_ELECTRONS_PER_G;
  const transfer = compton * kleinNishinaMeanTransferFraction(energyMeV);
  const photoelectric = Math.max(0, nistMassEnergyAbsorption(energyMeV) - transfer);
  return {
    compton,
    photoelectric,
    total: compton + photoelectric,
    energyAbsorption: photoelectric + transfer,
  };
}
