/**
 * Runtime lookup of 131I self-dose S-values for uniform soft-tissue spheres, from the table
 * computed by scripts/compute-sphere-s-values.ts (data/s-values/I-131-spheres-rho1.04.json; method
 * and sources in its provenance block and in sphere-absorbed-fractions.ts).
 *
 * Density: any density is handled by exact mass-thickness scaling (absorbed fractions depend on
 * rho R only): S_rho(V) = (rho/rho_t)^2 S_t(V (rho/rho_t)^3), rho_t = table density. Volumes whose
 * equivalent table mass lies outside the table (0.01 g - 10 kg at 1.04 g/mL) are refused with an
 * InputError rather than extrapolated.
 */
import table from '../../../data/s-values/I-131-spheres-rho1.04.json' with { type: 'json' };
import { InputError } from '../../core/errors.ts';

/** S-value of one sphere, Gy/(Bq s), with its absorbed fractions and source. */
export interface SphereSValue {
  massG: number;
  totalGyPerBqS: number;
  electronGyPerBqS: number;
  photonGyPerBqS: number;
  electronAbsorbedFraction: number;
  photonAbsorbedFraction: number;
  source: string;
}

interface Row {
  massG: number;
  electronAbsorbedFraction: number;
  photonAbsorbedFraction: number;
  electronSGyPerBqS: number;
  photonSGyPerBqS: number;
}

const TABLE_DENSITY_G_PER_ML: number = table.provenance.densityGPerMl;
const ROWS: readonly Row[] = table.rows;
const SOURCE = `iodose ${table.provenance.script} (${table.provenance.computedAt.slice(0, 10)}), 131I uniform soft-tissue sphere, ${table.provenance.nuclearData.library}`;

function logLog(x: number, x0: number, x1: number, y0: number, y1: number): number {
  const t = Math.log(x / x0) / Math.log(x1 / x0);
  return Math.exp(Math.log(y0) + t * Math.log(y1 / y0));
}

/**
 * 131I self-dose S-value of a uniform sphere of `volumeMl` mL of soft tissue of density
 * `densityGPerMl` (default 1.04, thyroid tissue), Gy/(Bq s): log-log interpolation in mass of the
 * computed table, exact mass-thickness scaling for other densities.
 */
export function sphereSValue(volumeMl: number, densityGPerMl = 1.04): SphereSValue {
  if (!Number.isFinite(volumeMl) || volumeMl <= 0) {
    throw new InputError(
      { field: 'volumeMl' },
      `expected a positive sphere volume in mL, got ${volumeMl}`,
      'check the lesion volume',
    );
  }
  if (!Number.isFinite(densityGPerMl) || densityGPerMl <= 0) {
    throw new InputError(
      { field: 'densityGPerMl' },
      `expected a positive tissue density in g/mL, got ${densityGPerMl}`,
      'soft tissue is about 1.04 g/mL',
    );
  }
  const ratio = densityGPerMl / TABLE_DENSITY_G_PER_ML;
  const equivalentMassG = TABLE_DENSITY_G_PER_ML * volumeMl * ratio ** 3;
  const first = ROWS[0];
  const last = ROWS[ROWS.length - 1];
  if (first === undefined || last === undefined) throw new Error('empty sphere S-value table');
  const tolerance = 1e-9;
  if (
    equivalentMassG < first.massG * (1 - tolerance) ||
    equivalentMassG > last.massG * (1 + tolerance)
  ) {
    const lo = first.massG / TABLE_DENSITY_G_PER_ML / ratio ** 3;
    const hi = last.massG / TABLE_DENSITY_G_PER_ML / ratio ** 3;
    throw new InputError(
      { field: 'volumeMl' },
      `expected a sphere volume between ${lo.toPrecision(3)} and ${hi.toPrecision(3)} mL at ${densityGPerMl} g/mL (the computed S-value table), got ${volumeMl}`,
      'outside this range the sphere model is not tabulated; use voxel dosimetry or extend the table with npm run s-values',
    );
  }
  let i = 0;
  while (i < ROWS.length - 2 && ROWS[i + 1]!.massG < equivalentMassG) i++;
  const a = ROWS[i]!;
  const b = ROWS[i + 1]!;
  const m = Math.min(Math.max(equivalentMassG, a.massG), b.massG);
  const scale = ratio * ratio;
  const electron = scale * logLog(m, a.massG, b.massG, a.electronSGyPerBqS, b.electronSGyPerBqS);
  const photon = scale * logLog(m, a.massG, b.massG, a.photonSGyPerBqS, b.photonSGyPerBqS);
  return {
    massG: densityGPerMl * volumeMl,
    totalGyPerBqS: electron + photon,
    electronGyPerBqS: electron,
    photonGyPerBqS: photon,
    electronAbsorbedFraction: logLog(
      m,
      a.massG,
      b.massG,
      a.electronAbsorbedFraction,
      b.electronAbsorbedFraction,
    ),
    photonAbsorbedFraction: logLog(
      m,
      a.massG,
      b.massG,
      a.photonAbsorbedFraction,
      b.photonAbsorbedFraction,
    ),
    source: SOURCE,
  };
}
