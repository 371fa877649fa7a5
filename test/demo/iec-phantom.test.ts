/**
 * The digital IEC body phantom, checked like a physical one: sphere volumes against 4/3 pi r^3
 * (physics.md section 5), total activity against the analytic filling, counts through the blur,
 * reproducible noise of the stated CV, and CT numbers of its materials.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../../src/core/volume.ts';
import { lpsToIjk, voxelIndex, voxelVolumeMl } from '../../src/core/volume.ts';
import { buildIecPhantom, IEC_DEFAULTS, PHANTOM_HU } from '../../src/demo/iec-phantom.ts';
import { simulatePet } from '../../src/demo/pet-simulation.ts';

const phantom = buildIecPhantom();
const totalBq = (v: Volume) => v.data.reduce((s, x) => s + x, 0) * voxelVolumeMl(v);

function valueAt(volume: Volume, pointLps: Vec3): number {
  const [i, j, k] = lpsToIjk(volume, pointLps).map(Math.round) as [number, number, number];
  return volume.data[voxelIndex(volume.size, i, j, k)] ?? NaN;
}

describe('IEC body phantom geometry', () => {
  it('has the six NEMA spheres with volumes 0.524 ... 26.522 mL', () => {
    const volumes = phantom.truth.spheres.map((s) => Number(s.volumeMl.toFixed(3)));
    expect(volumes).toEqual([0.524, 1.15, 2.572, 5.575, 11.494, 26.522]);
  });

  it('voxelises each sphere on the 4 mm PET grid within 0.3% of its volume', () => {
    for (const s of phantom.truth.spheres) {
      expect(Math.abs(s.voxelisedVolumeMl / s.volumeMl - 1)).toBeLessThan(0.003);
    }
  });

  it('puts the sphere centres on a 57.2 mm ring, 70 mm from the lid', () => {
    for (const s of phantom.truth.spheres) {
      expect(Math.hypot(s.centerLps[0], s.centerLps[1])).toBeCloseTo(57.2, 2);
      expect(s.centerLps[2]).toBe(20);
    }
  });
});

describe('IEC body phantom activity', () => {
  it('holds the analytic activity: true map within 0.05%, noisy PET within 0.5%', () => {
    const truth = phantom.truth.totalActivityBq;
    expect(truth).toBeGreaterThan(1.9e7); // 2 kBq/mL x ~9.6 L background + spheres
    expect(Math.abs(totalBq(phantom.activity) / truth - 1)).toBeLessThan(5e-4);
    expect(Math.abs(totalBq(phantom.pet) / truth - 1)).toBeLessThan(5e-3);
  });

  it('the blur preserves counts (noise-free, 1e-5)', () => {
    const blurred = simulatePet(phantom.activity, {
      noiseCv: 0,
      noiseReferenceBqPerMl: 1,
      seed: 1,
    });
    expect(Math.abs(totalBq(blurred) / totalBq(phantom.activity) - 1)).toBeLessThan(1e-5);
  });

  it('noise is reproducible for a seed, differs between seeds and has the stated CV', () => {
    const options = { noiseCv: 0.1, noiseReferenceBqPerMl: IEC_DEFAULTS.backgroundBqPerMl };
    const a = simulatePet(phantom.activity, { ...options, seed: 7 });
    const b = simulatePet(phantom.activity, { ...options, seed: 7 });
    const c = simulatePet(phantom.activity, { ...options, seed: 8 });
    const differences = (x: Volume, y: Volume) => x.data.filter((v, n) => v !== y.data[n]).length;
    expect(differences(a, b)).toBe(0);
    expect(differences(a, c)).toBeGreaterThan(0.05 * a.data.length); // the body is ~15% of the grid
    // Background box 30 mm below the sphere plane, between the lung insert and the wall.
    const values: number[] = [];
    for (let x = -60; x <= 60; x += 4) {
      for (let y = -95; y <= -40; y += 4) {
        for (let z = -60; z <= -20; z += 4) values.push(valueAt(a, [x, y, z]));
      }
    }
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(mean / IEC_DEFAULTS.backgroundBqPerMl).toBeCloseTo(1, 1);
    expect(sd / mean).toBeGreaterThan(0.07); // correlated noise: a loose +-30% band
    expect(sd / mean).toBeLessThan(0.13);
  });

  it('the largest sphere reaches its true concentration at its centre (noise-free)', () => {
    const blurred = simulatePet(phantom.activity, {
      noiseCv: 0,
      noiseReferenceBqPerMl: 1,
      seed: 1,
    });
    const largest = phantom.truth.spheres[5];
    if (largest === undefined) throw new Error('no sphere');
    expect(valueAt(blurred, largest.centerLps) / largest.concBqPerMl).toBeGreaterThan(0.97);
  });
});

describe('IEC body phantom CT', () => {
  it('has water 0 HU, lung insert -700 HU, air -1000 HU and a PMMA wall near 120 HU', () => {
    expect(valueAt(phantom.ct, [0, -80, 0])).toBeCloseTo(PHANTOM_HU.water, 3);
    expect(valueAt(phantom.ct, [0, 0, 0])).toBeCloseTo(PHANTOM_HU.lung, 3);
    expect(valueAt(phantom.ct, [0, 0, 120])).toBeCloseTo(PHANTOM_HU.air, 3);
    expect(valueAt(phantom.ct, [57.2, 0, 20])).toBeCloseTo(PHANTOM_HU.water, 3); // sphere content
    // The 3 mm wall at x = 150..153 mm: the 2 mm voxels centred at 151 and 153 mix PMMA/water/air.
    const wall = Math.max(valueAt(phantom.ct, [151, 0, 0]), valueAt(phantom.ct, [153, 0, 0]));
    expect(wall).toBeGreaterThan(60);
    expect(wall).toBeLessThanOrEqual(PHANTOM_HU.pmma + 1e-3);
  });
});
