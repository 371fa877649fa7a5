/**
 * FDG activity prescribed by weight and scanner, as in the seed paper (RESET trial, EJNMMI 2025,
 * Methods): A [MBq] = k x (W / 75 kg)^2 / (minutes per bed), k = 379 MBq min bed^-1 for the
 * Philips Vereos and 132 for the GE Omni Legend (lower because of the Omni's higher sensitivity,
 * EARL-compliant). The quadratic weight dependence follows the EANM guideline v2 (Boellaard et al.
 * 2015 Eur J Nucl Med Mol Imaging 42:328).
 */

import { InputError } from '../core/errors.ts';

/** A scanner's constant of the quadratic FDG formula, MBq min bed^-1, and its source. */
export interface FdgScanner {
  id: string;
  name: string;
  kMBqMinPerBed: number;
  source: string;
}

/** Scanners of the seed paper with their k (RESET trial, EJNMMI 2025, Methods). */
export const FDG_SCANNERS: readonly FdgScanner[] = [
  {
    id: 'philips-vereos',
    name: 'Philips Vereos',
    kMBqMinPerBed: 379,
    source: 'seed paper (RESET, EJNMMI 2025), Methods',
  },
  {
    id: 'ge-omni-legend',
    name: 'GE Omni Legend 32',
    kMBqMinPerBed: 132,
    source: 'seed paper (RESET, EJNMMI 2025), Methods',
  },
];

/** Reference weight of the quadratic formula, kg. */
export const FDG_REFERENCE_WEIGHT_KG = 75;

/** FDG activity to administer, MBq: k (W / 75 kg)^2 / minutes per bed (seed paper). */
export function fdgActivityMBq(input: {
  weightKg: number;
  minutesPerBed: number;
  scanner: string | FdgScanner;
}): number {
  const scanner =
    typeof input.scanner === 'string'
      ? FDG_SCANNERS.find((s) => s.id === input.scanner)
      : input.scanner;
  if (scanner === undefined || !(scanner.kMBqMinPerBed > 0)) {
    throw new InputError(
      { field: 'scanner' },
      `unknown FDG scanner ${JSON.stringify(input.scanner)}`,
      `use one of ${FDG_SCANNERS.map((s) => s.id).join(', ')} or give k in MBq min/bed`,
    );
  }
  if (!(input.weightKg > 0 && input.weightKg < 500)) {
    throw new InputError(
      { field: 'weightKg' },
      `the patient weight must be in kg (0-500), got ${input.weightKg}`,
    );
  }
  if (!(input.minutesPerBed > 0)) {
    throw new InputError(
      { field: 'minutesPerBed' },
      `the acquisition time per bed position must be > 0 min, got ${input.minutesPerBed}`,
    );
  }
  return (
    (scanner.kMBqMinPerBed * (input.weightKg / FDG_REFERENCE_WEIGHT_KG) ** 2) / input.minutesPerBed
  );
}
