// FDG activity of the seed paper: k (W / 75 kg)^2 / minutes per bed.
import { describe, expect, it } from 'vitest';
import { FDG_SCANNERS, fdgActivityMBq } from '../../src/response/fdg-activity.ts';

describe('FDG activity (seed paper quadratic formula)', () => {
  it('lists the Vereos (k 379) and Omni Legend (k 132) with their source', () => {
    expect(FDG_SCANNERS.map((s) => [s.id, s.kMBqMinPerBed])).toEqual([
      ['philips-vereos', 379],
      ['ge-omni-legend', 132],
    ]);
    expect(FDG_SCANNERS.every((s) => s.source.includes('seed paper'))).toBe(true);
  });

  it('75 kg at 2 min/bed on the Vereos: 379 / 2 = 189.5 MBq; 90 kg: 379 x 1.2^2 / 2 = 272.88 MBq', () => {
    expect(fdgActivityMBq({ weightKg: 75, minutesPerBed: 2, scanner: 'philips-vereos' })).toBe(
      189.5,
    );
    expect(
      fdgActivityMBq({ weightKg: 90, minutesPerBed: 2, scanner: 'philips-vereos' }),
    ).toBeCloseTo(272.88, 10);
  });

  it('60 kg at 2.5 min/bed on the Omni Legend: 132 x 0.8^2 / 2.5 = 33.79 MBq', () => {
    expect(
      fdgActivityMBq({ weightKg: 60, minutesPerBed: 2.5, scanner: 'ge-omni-legend' }),
    ).toBeCloseTo(33.792, 10);
  });

  it('rejects an unknown scanner with the known ones, and non-positive times', () => {
    expect(() => fdgActivityMBq({ weightKg: 75, minutesPerBed: 2, scanner: 'biograph' })).toThrow(
      /philips-vereos, ge-omni-legend/,
    );
    expect(() =>
      fdgActivityMBq({ weightKg: 75, minutesPerBed: 0, scanner: 'philips-vereos' }),
    ).toThrow(/per bed position/);
  });
});
