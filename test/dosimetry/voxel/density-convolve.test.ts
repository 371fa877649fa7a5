// The HU -> density curve at its published points and between them (hand interpolation), the
// density scaling of the kernel dose, and the direct same-mode convolution against
// scipy.signal.fftconvolve(mode='same') on random arrays with an asymmetric kernel (1e-5 relative).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { densityFromHu, SCHNEIDER_2000_HU_DENSITY } from '../../../src/dosimetry/voxel/density.ts';
import { directConvolve3d } from '../../../src/dosimetry/voxel/direct-convolve.ts';
import { kernelDoseMap } from '../../../src/dosimetry/voxel/dose-map.ts';
import { mulberry32 } from '../../../src/numerics/random.ts';
import { PYTHON } from '../../helpers/external-tools.ts';

describe('HU to density (Schneider et al. 2000 as in GATE)', () => {
  it('gives the table points, linear between them, and holds the ends (counted)', () => {
    const hu = [...SCHNEIDER_2000_HU_DENSITY.map(([h]) => h), 0, 50, -2000, 4000];
    const d = densityFromHu(hu).densityGPerMl;
    SCHNEIDER_2000_HU_DENSITY.forEach(([, rho], i) => expect(d[i]).toBeCloseTo(rho, 6));
    expect(d[9]).toBeCloseTo(0.930486 + ((0 + 97) / (14 + 97)) * (1.03 - 0.930486), 6); // water 1.018
    expect(d[10]).toBeCloseTo(1.031 + ((50 - 23) / 77) * (1.1199 - 1.031), 6);
    expect(d[11]).toBeCloseTo(0.00121, 8);
    expect(d[12]).toBeCloseTo(2.8, 6);
    const m = densityFromHu(hu);
    expect([m.clampedBelow, m.clampedAbove]).toEqual([1, 1]);
    expect(() => densityFromHu([0, NaN])).toThrow(/voxel 1 is NaN/);
    expect(() => densityFromHu([0], [[0, 1]])).toThrow(/at least two/);
  });

  it('scales the kernel dose by 1.04 / rho per voxel', () => {
    const map = {
      size: [3, 1, 1] as const,
      spacingMm: [4, 4, 4] as const,
      tiaBqSPerMBq: Float32Array.of(0, 1e9, 0),
      rules: { monoFitTail: 0, monoPhysicalTail: 0, monoRising: 0, trapezoid: 0, zero: 0 },
      method: 'voxel' as const,
    };
    const plain = kernelDoseMap(map, { convolve: directConvolve3d }).doseGyPerGBq;
    const scaled = kernelDoseMap(map, {
      convolve: directConvolve3d,
      densityGPerMl: Float32Array.of(0.26, 1.04, 2.08),
    });
    expect(scaled.densityCorrected).toBe(true);
    expect(scaled.doseGyPerGBq[0]! / plain[0]!).toBeCloseTo(4, 5);
    expect(scaled.doseGyPerGBq[1]! / plain[1]!).toBeCloseTo(1, 6);
    expect(scaled.doseGyPerGBq[2]! / plain[2]!).toBeCloseTo(0.5, 6);
    expect(() =>
      kernelDoseMap(map, { convolve: directConvolve3d, densityGPerMl: Float32Array.of(1, 0, 1) }),
    ).toThrow(/positive densities/);
  });
});

describe('direct same-mode convolution', () => {
  it('equals scipy.signal.fftconvolve(mode="same") within 1e-5 relative (9x7x6 data, 5x3x7 kernel)', () => {
    const random = mulberry32(3);
    const size = [9, 7, 6] as const;
    const kSize = [5, 3, 7] as const;
    const data = Float32Array.from({ length: 9 * 7 * 6 }, () => (random() < 0.3 ? 0 : random()));
    const kernel = Float32Array.from({ length: 5 * 3 * 7 }, () => random());
    const ours = directConvolve3d(data, size, kernel, kSize);
    // numpy arrays indexed [k][j][i] (C order = our i-fastest layout)
    const script = `
import json, sys, numpy as np
from scipy.signal import fftconvolve
a = json.loads(sys.stdin.read())
d = np.array(a['d'], dtype=np.float64).reshape(6, 7, 9)
k = np.array(a['k'], dtype=np.float64).reshape(7, 3, 5)
print(json.dumps(fftconvolve(d, k, mode='same').ravel().tolist()))`;
    const ref = JSON.parse(
      execFileSync(PYTHON, ['-c', script], {
        input: JSON.stringify({ d: Array.from(data), k: Array.from(kernel) }),
        encoding: 'utf8',
      }),
    ) as number[];
    const scale = Math.max(...ref.map(Math.abs));
    ref.forEach((r, i) => expect(Math.abs(ours[i]! - r)).toBeLessThan(1e-5 * scale));
  });
});
