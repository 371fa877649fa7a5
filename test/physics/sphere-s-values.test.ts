import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { sphereSValue } from '../../src/physics/s-values/sphere-s-values.ts';
import unitDensity from '../../data/s-values/I-131-spheres-rho1.00.json' with { type: 'json' };
import table104 from '../../data/s-values/I-131-spheres-rho1.04.json' with { type: 'json' };

/** ICRP-107 131I energy per decay, J (reference/physics.md sec. 1): electrons, photons. */
const E_ELECTRON_J = 3.0737e-14;
const E_PHOTON_J = 6.1325e-14;

describe('131I sphere S-values (table lookup)', () => {
  it('never exceeds total absorption, (E_e + E_ph)/m, and the electron part never exceeds E_e/m', () => {
    for (const row of table104.rows) {
      const m = row.massG / 1000;
      expect(row.totalSGyPerBqS).toBeLessThanOrEqual(((E_ELECTRON_J + E_PHOTON_J) / m) * 1.0001);
      expect(row.electronSGyPerBqS).toBeLessThanOrEqual((E_ELECTRON_J / m) * 1.0001);
    }
  });

  it('has electron absorbed fractions rising to 1 and photon absorbed fractions small for small spheres and growing', () => {
    const rows = table104.rows;
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.electronAbsorbedFraction).toBeGreaterThan(
        rows[i - 1]!.electronAbsorbedFraction,
      );
      expect(rows[i]!.photonAbsorbedFraction).toBeGreaterThan(rows[i - 1]!.photonAbsorbedFraction);
    }
    expect(rows[0]!.photonAbsorbedFraction).toBeLessThan(0.01);
    expect(rows[rows.length - 1]!.electronAbsorbedFraction).toBeGreaterThan(0.995);
  });

  it('returns the tabulated values at a tabulated mass and interpolates between them', () => {
    const row = table104.rows.find((r) => r.massG === 10)!;
    const s = sphereSValue(10 / 1.04);
    expect(s.massG).toBeCloseTo(10, 10);
    expect(s.totalGyPerBqS / row.totalSGyPerBqS).toBeCloseTo(1, 10);
    const between = sphereSValue(12 / 1.04).totalGyPerBqS;
    expect(between).toBeLessThan(row.totalSGyPerBqS);
    expect(between).toBeGreaterThan(table104.rows.find((r) => r.massG === 15.8489)!.totalSGyPerBqS);
  });

  it('scales exactly with density: the 1.04 table scaled to unit density matches the separately computed unit-density table within 0.5% (MC noise)', () => {
    for (const row of unitDensity.rows.filter((r) => r.massG >= 0.02 && r.massG <= 9000)) {
      const s = sphereSValue(row.volumeMl, 1.0);
      expect(Math.abs(s.electronGyPerBqS / row.electronSGyPerBqS - 1)).toBeLessThan(0.005);
      expect(Math.abs(s.totalGyPerBqS / row.totalSGyPerBqS - 1)).toBeLessThan(0.005);
    }
  });

  it('refuses non-positive, non-finite and out-of-table volumes with an InputError naming the field', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-4, 1e5]) {
      expect(() => sphereSValue(bad)).toThrow(InputError);
    }
    expect(() => sphereSValue(1, 0)).toThrow(/densityGPerMl/);
    expect(() => sphereSValue(1e5)).toThrow(/volumeMl/);
  });

  it('gives 1 g at 1.04 g/mL an electron S close to E_e/m (phi_e > 0.93) and photons 2-5% of the total', () => {
    const s = sphereSValue(1 / 1.04);
    expect(s.electronGyPerBqS / (E_ELECTRON_J / 1e-3)).toBeGreaterThan(0.93);
    const share = s.photonGyPerBqS / s.totalGyPerBqS;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.05);
  });
});
