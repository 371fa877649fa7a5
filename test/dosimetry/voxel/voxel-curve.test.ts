// The per-voxel integral mirrors the lesion chain: the same numbers as fitKinetics with the lesion
// defaults (models ['mono'], aicc, tail 'seed', uptake 'none', relative weights) to 1e-6 relative,
// for exact two-point curves, noisy three- to five-point curves, slow (T_eff > T_phys) and rising
// ones; voxels it cannot describe fall to the documented rules.
import { describe, expect, it } from 'vitest';
import { fitKinetics } from '../../../src/kinetics/index.ts';
import { mulberry32 } from '../../../src/numerics/random.ts';
import { I131 } from '../../../src/physics/nuclides.ts';
import { integrateVoxelCurve } from '../../../src/dosimetry/voxel/voxel-curve.ts';

const L131 = I131.decayConstantPerH;

function lesionChainIntegral(t: number[], y: number[]): number {
  return fitKinetics(
    t.map((timeH, i) => ({ timeH, value: y[i]! })),
    {
      physicalDecayConstantPerH: L131,
      models: ['mono'],
      selection: 'aicc',
      tailRule: 'seed',
      uptakePhase: 'none',
    },
  ).timeIntegratedH;
}

describe('voxel curve integral = the lesion chain mono-exponential with the seed tail rule', () => {
  it('agrees with fitKinetics within 1e-6 relative on 200 random curves of 2-5 points', () => {
    const random = mulberry32(9);
    const rules = new Set<string>();
    for (let c = 0; c < 200; c++) {
      const n = 2 + (c % 4);
      let last = 0;
      const t = Array.from({ length: n }, () => (last += 4 + 40 * random())); // ascending
      const halfLifeH = 20 + 400 * random(); // some faster, some slower than 131I (192.5 h)
      const lambda = (c % 10 === 0 ? -0.3 : 1) * (Math.LN2 / halfLifeH); // every tenth rising
      const y = t.map((ti) => 1e-3 * Math.exp(-lambda * ti) * (1 + 0.1 * (random() - 0.5)));
      const voxel = integrateVoxelCurve(t, y, L131);
      rules.add(voxel.rule);
      expect(Math.abs(voxel.integralH / lesionChainIntegral(t, y) - 1)).toBeLessThan(1e-6);
    }
    expect([...rules].sort()).toEqual(['monoFitTail', 'monoPhysicalTail', 'monoRising']);
  });

  it('two points: exact A e^{-lambda t} from 0 (T_eff 50 h: curve tail; 300 h: physical tail)', () => {
    for (const tEff of [50, 300]) {
      const l = Math.LN2 / tEff;
      const t = [24, 108];
      const y = t.map((ti) => 0.02 * Math.exp(-l * ti));
      const expected =
        tEff < I131.halfLifeH
          ? 0.02 / l
          : (0.02 * -Math.expm1(-l * 108)) / l + (0.02 * Math.exp(-l * 108)) / L131;
      const r = integrateVoxelCurve(t, y, L131);
      expect(r.rule).toBe(tEff < I131.halfLifeH ? 'monoFitTail' : 'monoPhysicalTail');
      expect(r.integralH / expected).toBeCloseTo(1, 12);
    }
  });

  it('zero, negative and implausible voxels: 0, or the trapezoid with the seed tail (hand sums)', () => {
    expect(integrateVoxelCurve([24, 108], [0, -1e-5], L131)).toEqual({
      integralH: 0,
      rule: 'zero',
    });
    // a negative value: clamped at 0; first value held from 0: 24 x 0.01 + 84 x 0.01 / 2; tail
    // from 0 -> 0
    const negative = integrateVoxelCurve([24, 108], [0.01, -0.002], L131);
    expect(negative.rule).toBe('trapezoid');
    expect(negative.integralH).toBeCloseTo(24 * 0.01 + (84 * 0.01) / 2, 14);
    // three points, zero in the middle: 24 y1 + 24 y1/2 + 36 y3/2 + y3 / lambda_phys
    const gap = integrateVoxelCurve([24, 48, 84], [0.01, 0, 0.004], L131);
    expect(gap.rule).toBe('trapezoid');
    expect(gap.integralH).toBeCloseTo(0.24 + 0.12 + 0.072 + 0.004 / L131, 12);
    // rising ten-fold per hour: lambda below -10 lambda_phys -> trapezoid
    const steep = integrateVoxelCurve([24, 25], [1e-4, 1e-3], L131);
    expect(steep.rule).toBe('trapezoid');
    expect(steep.integralH).toBeCloseTo(24e-4 + 0.5 * 1.1e-3 + 1e-3 / L131, 12);
  });
});
