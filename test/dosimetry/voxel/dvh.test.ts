// DVH metrics of lesionVoxelDose against numpy on the same dose array: D_x = numpy.percentile(d,
// 100 - x) (default linear), mean, min, max, V at a threshold and the cumulative DVH (1e-9).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lesionVoxelDose } from '../../../src/dosimetry/voxel/lesion-voxel.ts';
import type { DoseMap } from '../../../src/dosimetry/voxel/dose-map.ts';
import { mulberry32 } from '../../../src/numerics/random.ts';
import { PYTHON } from '../../helpers/external-tools.ts';

const NUMPY = `
import json, sys, numpy as np
d = np.array(json.loads(sys.stdin.read())['dose'])
mx = d.max()
edges = mx * np.arange(201) / 200
print(json.dumps({
  'mean': d.mean(), 'min': d.min(), 'max': d.max(),
  'd98': np.percentile(d, 2), 'd90': np.percentile(d, 10), 'd50': np.percentile(d, 50), 'd2': np.percentile(d, 98),
  'v': float(np.mean(d * 7.4 >= 20)),
  'dvh': [1.0] + [float(np.mean(d >= e)) for e in edges[1:]],
}))
`;

describe('lesion DVH metrics', () => {
  it('equal numpy percentile-based metrics on a lognormal dose array of 997 voxels within 1e-9', () => {
    const random = mulberry32(5);
    const n = 2000;
    const data = Float32Array.from({ length: n }, () =>
      Math.exp(1 + 0.8 * (random() + random() + random() - 1.5)),
    );
    const mask = Uint8Array.from({ length: n }, (_, v) => (v % 2 === 0 && v < 1994 ? 1 : 0));
    const dose: DoseMap = {
      size: [20, 10, 10],
      spacingMm: [4, 4, 4],
      doseGyPerGBq: data,
      method: 'kernel',
      densityCorrected: false,
      kernel: null,
    };
    const r = lesionVoxelDose(dose, mask, {
      activityGBq: 7.4,
      thresholdGy: 20,
      sphereModelDoseGyPerGBq: 2.5,
    });
    const inside = Array.from(data).filter((_, v) => mask[v] === 1);
    const ref = JSON.parse(
      execFileSync(PYTHON, ['-c', NUMPY], {
        input: JSON.stringify({ dose: inside }),
        encoding: 'utf8',
      }),
    ) as Record<string, number> & { dvh: number[] };
    const close = (a: number, b: number) =>
      expect(Math.abs(a - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));
    expect(r.voxelCount).toBe(997);
    expect(r.volumeMl).toBeCloseTo(997 * 0.064, 9);
    close(r.meanDoseGyPerGBq, ref.mean!);
    close(r.minDoseGyPerGBq, ref.min!);
    close(r.maxDoseGyPerGBq, ref.max!);
    close(r.d98GyPerGBq, ref.d98!);
    close(r.d90GyPerGBq, ref.d90!);
    close(r.d50GyPerGBq, ref.d50!);
    close(r.d2GyPerGBq, ref.d2!);
    close(r.vThresholdFraction, ref.v!);
    close(r.ratioToSphereModel!, ref.mean! / 2.5);
    expect(r.dvh.doseGyPerGBq).toHaveLength(201);
    r.dvh.volumeFraction.forEach((f, i) => close(f, ref.dvh[i]!));
  });

  it('refuses an empty VOI or a mask of another grid; no ratio without a sphere-model dose', () => {
    const dose: DoseMap = {
      size: [2, 1, 1],
      spacingMm: [4, 4, 4],
      doseGyPerGBq: Float32Array.of(1, 2),
      method: 'local',
      densityCorrected: false,
      kernel: null,
    };
    const o = { activityGBq: 7.4, thresholdGy: 20, sphereModelDoseGyPerGBq: null };
    expect(() => lesionVoxelDose(dose, new Uint8Array(2), o)).toThrow(/not assessable/);
    expect(() => lesionVoxelDose(dose, new Uint8Array(3), o)).toThrow(
      /expected a VOI mask of 2 voxels/,
    );
    const r = lesionVoxelDose(dose, Uint8Array.of(1, 1), o);
    expect(r.ratioToSphereModel).toBeNull();
    expect(r.d50GyPerGBq).toBe(1.5);
  });
});
