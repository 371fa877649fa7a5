/**
 * `iodose fdg-activity`: the FDG activity of the seed paper's quadratic formula,
 * A [MBq] = k (weight / 75 kg)^2 / (minutes per bed), k per scanner (RESET, Methods).
 */
import { InputError } from '../core/errors.ts';
import { FDG_SCANNERS, fdgActivityMBq } from '../response/fdg-activity.ts';
import type { CliIo } from './io.ts';
import { sig3 } from './summary.ts';

/** Options of `iodose fdg-activity` as commander gives them (text). */
export interface FdgOptions {
  weight: string;
  minutesPerBed: string;
  scanner?: string;
  k?: string;
}

function number(text: string, field: string, what: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InputError({ field }, `expected ${what} as a number, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** Prints the FDG activity for one patient; exit status 0. */
export function fdgCommand(options: FdgOptions, io: CliIo): number {
  const weightKg = number(options.weight, '--weight', 'the weight in kg');
  const minutesPerBed = number(options.minutesPerBed, '--minutes-per-bed', 'minutes per bed');
  const scanner =
    options.k !== undefined
      ? {
          id: 'custom',
          name: 'custom k',
          kMBqMinPerBed: number(options.k, '--k', 'k in MBq min/bed'),
          source: 'given on the command line',
        }
      : (options.scanner ?? '');
  if (options.k === undefined && options.scanner === undefined) {
    throw new InputError(
      { field: '--scanner' },
      'missing: give --scanner or --k',
      `scanners: ${FDG_SCANNERS.map((s) => `${s.id} (k ${s.kMBqMinPerBed})`).join(', ')}`,
    );
  }
  const activity = fdgActivityMBq({ weightKg, minutesPerBed, scanner });
  io.out(`${sig3(activity)} MBq FDG (${weightKg} kg, ${minutesPerBed} min/bed)`);
  return 0;
}
