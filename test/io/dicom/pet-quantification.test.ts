/**
 * PET units and decay correction, calculate-suv style: one JSON fixture of extracted header
 * values per vendor variant (test/fixtures/dicom/pet-quantification), each with the factor to
 * Bq/mL at the scan start, the scan-start source and the warnings expected. Expected factors
 * were computed independently in Python (exp(-ln2 t / T1/2) with datetime arithmetic).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  petToBqPerMlAtAcquisition,
  type PetExpectation,
  type PetTiming,
} from '../../../src/io/dicom/read/pet-quantification.ts';
import { I124 } from '../../../src/physics/nuclides.ts';

interface Fixture {
  description: string;
  timing: PetTiming;
  expect: PetExpectation;
  result?: {
    factor: number;
    scanStartDateTime: string;
    scanStartSource: string;
    scanStartH: number;
    warnings: string[];
  };
  error?: string;
}

const DIR = join(import.meta.dirname, '../../fixtures/dicom/pet-quantification');
const fixtures = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .map(
    (name) =>
      [
        name.replace(/\.json$/, ''),
        JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Fixture,
      ] as const,
  );

describe('PET quantification fixtures (one per vendor variant)', () => {
  it('covers the variants named in the issue', () => {
    expect(fixtures.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'ge-bqml-start',
        'philips-bqml-start',
        'siemens-bqml-acquisition-before-series',
        'bqml-admin',
        'bqml-none',
        'cnts-without-factor',
        'cnts-with-factor',
        'f18-header-admin',
        'administration-time-mismatch',
      ]),
    );
  });

  it('uses the ICRP-107 I-124 half-life in the fixtures', () => {
    for (const [, f] of fixtures) expect(f.expect.halfLifeH).toBeCloseTo(I124.halfLifeH, 9);
  });

  it.each(fixtures)('%s', (_name, f) => {
    if (f.error !== undefined) {
      expect(() => petToBqPerMlAtAcquisition(f.timing, f.expect, { file: 'pet/' })).toThrow(
        new RegExp(`^pet/: ${f.error}`),
      );
      return;
    }
    const r = petToBqPerMlAtAcquisition(f.timing, f.expect);
    const want = f.result;
    if (want === undefined) throw new Error('fixture without result or error');
    expect(r.factor / want.factor - 1).toBeLessThan(1e-9);
    expect(Math.abs(r.factor / want.factor - 1)).toBeLessThan(1e-9);
    expect(r.scanStartDateTime).toBe(want.scanStartDateTime);
    expect(r.scanStartSource).toBe(want.scanStartSource);
    expect(r.scanStartH).toBeCloseTo(want.scanStartH, 9);
    expect(r.warnings).toHaveLength(want.warnings.length);
    want.warnings.forEach((pattern, n) => expect(r.warnings[n]).toMatch(new RegExp(pattern)));
  });
});
