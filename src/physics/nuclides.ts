/**
 * Nuclear decay data from ICRP Publication 107 (Eckerman & Endo 2008, Ann ICRP 38(3)), read from
 * data/icrp107/*.json (provenance in data/README.md). One library is used throughout, as in
 * IDAC-Dose 2.1, and named in every result's provenance.
 */
import i131 from '../../data/icrp107/I-131.json' with { type: 'json' };
import i124 from '../../data/icrp107/I-124.json' with { type: 'json' };

/** Joules per MeV (CODATA 2018: 1 eV = 1.602176634e-19 J, exact). */
export const JOULE_PER_MEV = 1.602176634e-13;

export type NuclideName = 'I-131' | 'I-124';

/** One discrete emission: energy in MeV and yield per decay. */
export interface EmissionLine {
  energyMeV: number;
  yieldPerDecay: number;
}

/** Decay data of one nuclide, with energies in MeV and yields per decay. */
export interface Nuclide {
  name: NuclideName;
  halfLifeH: number;
  decayConstantPerH: number;
  /** Radiation type as in ICRP-107 ("beta-", "gamma", "X", "IE", "auger", ...) -> lines. */
  emissions: Readonly<Record<string, readonly EmissionLine[]>>;
  /** Beta spectrum: energy MeV and probability density per MeV (ICRP-107 "b-spectra"). */
  betaSpectrum: readonly { energyMeV: number; perMeV: number }[];
  source: string;
}

interface Icrp107File {
  name: string;
  half_life: number;
  time_unit: string;
  emissions: Record<string, number[][]>;
}

const HOURS_PER_UNIT: Record<string, number> = { s: 1 / 3600, m: 1 / 60, h: 1, d: 24, y: 8766 };

function fromIcrp107(file: Icrp107File): Nuclide {
  const perUnit = HOURS_PER_UNIT[file.time_unit];
  if (perUnit === undefined) throw new Error(`ICRP-107 ${file.name}: unknown time unit`);
  const halfLifeH = file.half_life * perUnit;
  const emissions: Record<string, EmissionLine[]> = {};
  for (const [kind, rows] of Object.entries(file.emissions)) {
    if (kind === 'b-spectra') continue;
    emissions[kind] = rows.map(([energyMeV = 0, yieldPerDecay = 0]) => ({
      energyMeV,
      yieldPerDecay,
    }));
  }
  const betaSpectrum = (file.emissions['b-spectra'] ?? []).map(([energyMeV = 0, perMeV = 0]) => ({
    energyMeV,
    perMeV,
  }));
  return {
    name: file.name as NuclideName,
    halfLifeH,
    decayConstantPerH: Math.LN2 / halfLifeH,
    emissions,
    betaSpectrum,
    source: 'ICRP Publication 107 (Eckerman & Endo 2008)',
  };
}

/** ICRP-107 131I: T1/2 = 8.0207 d = 192.4968 h. */
export const I131: Nuclide = fromIcrp107(i131 as Icrp107File);
/** ICRP-107 124I: T1/2 = 4.1760 d = 100.224 h. */
export const I124: Nuclide = fromIcrp107(i124 as Icrp107File);

export const NUCLIDES: Readonly<Record<NuclideName, Nuclide>> = { 'I-131': I131, 'I-124': I124 };

/** Radiation types ICRP-107 lists as electrons (non-penetrating in the MIRD sense). */
export const ELECTRON_TYPES = ['beta-', 'beta+', 'IE', 'auger'] as const;
/** Radiation types ICRP-107 lists as photons. */
export const PHOTON_TYPES = ['gamma', 'X', 'annihilation'] as const;

/** Sum of yield x energy over the given radiation types, MeV per decay. */
export function meanEnergyPerDecayMeV(nuclide: Nuclide, types: readonly string[]): number {
  let sum = 0;
  for (const type of types) {
    for (const line of nuclide.emissions[type] ?? []) sum += line.energyMeV * line.yieldPerDecay;
  }
  return sum;
}
