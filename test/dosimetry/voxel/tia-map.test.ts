// TIA maps against the analytic integral of known exponentials per voxel (1e-6 relative), with the
// 124I -> 131I conversion done by hand, the rule counts, and the region-scaled map's sum.
import { describe, expect, it } from 'vitest';
import { I124, I131 } from '../../../src/physics/nuclides.ts';
import {
  BQ_S_PER_MBQ_PER_H,
  regionScaledTiaMap,
  voxelTiaMap,
} from '../../../src/dosimetry/voxel/tia-map.ts';
import type { Vec3 } from '../../../src/core/volume.ts';

const L124 = Math.LN2 / I124.halfLifeH;
const L131 = Math.LN2 / I131.halfLifeH;
const SIZE: Vec3 = [4, 3, 2];
const SPACING: Vec3 = [4, 4, 5];
const VOXEL_ML = 0.08;
const ADMIN_MBQ = 37;
const TIMES = [24, 48, 108];

/** 124I concentration (Bq/mL at scan start) whose 131I-equivalent fraction is a e^{-l t}. */
function conc124(a: number, l: number, t: number): number {
  return ((a * ADMIN_MBQ * 1e6) / VOXEL_ML) * Math.exp(-l * t) * Math.exp(-(L124 - L131) * t);
}

describe('voxel TIA map (Bq s per MBq of 131I administered)', () => {
  it('equals the analytic integral of each voxel exponential within 1e-6, with the seed tail rule', () => {
    const n = 24;
    const params = Array.from({ length: n }, (_, v) => ({
      a: 1e-5 * (1 + v),
      l: Math.LN2 / (10 + 25 * v), // T_eff 10..585 h: both sides of T_phys 192.5 h
    }));
    const sessions = TIMES.map((timeH) => ({
      timeH,
      conc124BqPerMl: Float32Array.from(params, ({ a, l }) => conc124(a, l, timeH)),
    }));
    const map = voxelTiaMap({
      size: SIZE,
      spacingMm: SPACING,
      sessions,
      administered124MBq: ADMIN_MBQ,
      halfLife124H: I124.halfLifeH,
      halfLife131H: I131.halfLifeH,
    });
    let slow = 0;
    params.forEach(({ a, l }, v) => {
      const tn = 108;
      const tauH =
        l >= L131 ? a / l : (a * -Math.expm1(-l * tn)) / l + (a * Math.exp(-l * tn)) / L131;
      if (l < L131) slow++;
      expect(Math.abs(map.tiaBqSPerMBq[v]! / (tauH * BQ_S_PER_MBQ_PER_H) - 1)).toBeLessThan(1e-6);
    });
    expect(map.rules.monoPhysicalTail).toBe(slow);
    expect(map.rules.monoFitTail).toBe(n - slow);
  });

  it('counts zero, negative and rising voxels by rule', () => {
    const c = (values: number[]): Float32Array =>
      Float32Array.from({ length: 24 }, (_, v) => values[v] ?? 0);
    const map = voxelTiaMap({
      size: SIZE,
      spacingMm: SPACING,
      sessions: [
        { timeH: 24, conc124BqPerMl: c([1000, 1000, 1000, -50]) },
        { timeH: 108, conc124BqPerMl: c([500, 1200, -10, -20]) },
      ],
      administered124MBq: ADMIN_MBQ,
      halfLife124H: I124.halfLifeH,
      halfLife131H: I131.halfLifeH,
    });
    // voxel 0: decay-corrected 124I falls slower than 131I's physics? 1000 -> 500 in 84 h with
    // lambda124 - lambda131 = 0.00332/h: 131I-equivalent ratio 0.5 e^{-0.279} -> T_eff 36 h
    expect(map.rules).toEqual({
      monoFitTail: 1,
      monoPhysicalTail: 0,
      monoRising: 1,
      trapezoid: 1,
      zero: 21,
    });
    expect(map.tiaBqSPerMBq[4]).toBe(0);
  });

  it('refuses one session, unsorted duplicates, non-finite voxels and a wrong grid', () => {
    const ok = new Float32Array(24);
    const base = {
      size: SIZE,
      spacingMm: SPACING,
      administered124MBq: 37,
      halfLife124H: 100.2,
      halfLife131H: 192.5,
    };
    expect(() => voxelTiaMap({ ...base, sessions: [{ timeH: 24, conc124BqPerMl: ok }] })).toThrow(
      /at least two PET sessions/,
    );
    expect(() =>
      voxelTiaMap({
        ...base,
        sessions: [
          { timeH: 24, conc124BqPerMl: ok },
          { timeH: 24, conc124BqPerMl: ok },
        ],
      }),
    ).toThrow(/distinct scan times/);
    const bad = new Float32Array(24);
    bad[3] = NaN;
    expect(() =>
      voxelTiaMap({
        ...base,
        sessions: [
          { timeH: 24, conc124BqPerMl: ok },
          { timeH: 48, conc124BqPerMl: bad },
        ],
      }),
    ).toThrow(/voxel 3 is NaN/);
    expect(() =>
      voxelTiaMap({
        ...base,
        sessions: [
          { timeH: 24, conc124BqPerMl: ok },
          { timeH: 48, conc124BqPerMl: new Float32Array(5) },
        ],
      }),
    ).toThrow(/expected 24 voxels/);
  });
});

describe('region-scaled TIA map', () => {
  it('keeps the voxel pattern in the VOI and sums to the lesion residence time x 3.6e9', () => {
    const conc = Float32Array.from({ length: 24 }, (_, v) => (v % 5) - 1); // includes -1 and 0
    const mask = Uint8Array.from({ length: 24 }, (_, v) => (v < 12 ? 1 : 0));
    const map = regionScaledTiaMap({
      size: SIZE,
      spacingMm: SPACING,
      concBqPerMl: conc,
      mask,
      lesionResidenceTimeH: 0.05,
    });
    const sum = map.tiaBqSPerMBq.reduce((s, x) => s + x, 0);
    expect(sum / (0.05 * 3.6e9)).toBeCloseTo(1, 6);
    const positiveSum = Array.from(conc.slice(0, 12)).reduce((s, c) => s + Math.max(c, 0), 0);
    expect(map.tiaBqSPerMBq[3]! / ((conc[3]! / positiveSum) * 0.05 * 3.6e9)).toBeCloseTo(1, 6);
    expect(map.tiaBqSPerMBq[13]).toBe(0);
    expect(map.rules.zero).toBe(Array.from(conc.slice(0, 12)).filter((c) => c <= 0).length);
    expect(() =>
      regionScaledTiaMap({
        size: SIZE,
        spacingMm: SPACING,
        concBqPerMl: conc,
        mask: new Uint8Array(24),
        lesionResidenceTimeH: 1,
      }),
    ).toThrow(/VOI is empty/);
  });
});
