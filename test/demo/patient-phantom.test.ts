/**
 * The synthetic patient against its own definition: lesion concentrations follow the 124I
 * conversion of the known 131I-equivalent curves (and agree with the measurement-level demo
 * patient's liver lesion), the field of view holds the analytic activity, organs are disjoint and
 * inside the body, lesions inside their hosts, seeds within 3 mm, and the truth doses follow
 * tau x 3600 x S x 1e9.
 */
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../src/core/volume.ts';
import { voxelVolumeMl } from '../../src/core/volume.ts';
import { I124, I131 } from '../../src/physics/nuclides.ts';
import { sphereSValue } from '../../src/physics/s-values/sphere-s-values.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { curveAt, to124AtTime } from '../../src/demo/kinetics-curves.ts';
import { BODY, LESIONS, ORGANS, lesionShape } from '../../src/demo/patient-anatomy.ts';
import { buildPatientPhantom, PATIENT_DEFAULTS } from '../../src/demo/patient-phantom.ts';
import { shapeVolumeMl, type Shape } from '../../src/demo/shapes.ts';
import { centredGrid, shapeFractions } from '../../src/demo/voxelise.ts';

const phantom = buildPatientPhantom();
const sum = (v: Volume) => v.data.reduce((s, x) => s + x, 0) * voxelVolumeMl(v);

/** Volume (mL) of a shape inside the z slab [zMin, zMax] (cylinders along z; ellipsoids whole). */
function clippedMl(shape: Shape, zMin: number, zMax: number): number {
  if (shape.kind === 'ellipsoid') return shapeVolumeMl(shape);
  const lo = Math.max(zMin, shape.centerLps[2] - shape.halfLengthMm);
  const hi = Math.min(zMax, shape.centerLps[2] + shape.halfLengthMm);
  return (Math.PI * shape.radiiMm[0] * shape.radiiMm[1] * Math.max(0, hi - lo)) / 1000;
}

describe('synthetic patient: activity', () => {
  it('gives each lesion fraction131 x exp((lambda131 - lambda124) t) x A0 / V', () => {
    for (const lesion of phantom.truth.lesions) {
      for (const scan of phantom.scans) {
        const fraction =
          lesion.fractionAtZero * Math.exp((-Math.LN2 / lesion.effectiveHalfLifeH) * scan.timeH);
        const expected =
          (fraction *
            Math.exp((I131.decayConstantPerH - I124.decayConstantPerH) * scan.timeH) *
            37e6) /
          lesion.volumeMl;
        expect(lesion.conc124BqPerMl[scan.id]).toBeCloseTo(expected, 6);
      }
    }
  });

  it('agrees with the measurement-level demo for the same liver lesion (6.3 mL, 0.24%, 70 h)', () => {
    const demo = demoManifest().measurements?.lesions.filter((m) => m.lesion === 'L1') ?? [];
    const liver = phantom.truth.lesions.find((l) => l.id === 'L3');
    expect(demo).toHaveLength(2);
    demo.forEach((m, i) => {
      const scanId = PATIENT_DEFAULTS.scans[i]?.id ?? '';
      const trueConc = m.meanConcBqPerMl / (m.recoveryCoefficient ?? 1);
      expect((liver?.conc124BqPerMl[scanId] ?? 0) / trueConc).toBeCloseTo(1, 5);
    });
  });

  it('holds the analytic activity of the field of view: true map within 0.3%, PET within 1%', () => {
    const pet = phantom.scans[0]?.pet;
    if (pet === undefined) throw new Error('no scan');
    const zMin = pet.originLps[2] - pet.spacingMm[2] / 2;
    const zMax = zMin + pet.size[2] * pet.spacingMm[2];
    // Sessions that do not move: a moved one's field of view cuts the body elsewhere.
    const still = phantom.scans.filter((scan) => PATIENT_DEFAULTS.motion[scan.id] === undefined);
    expect(still.length).toBeGreaterThanOrEqual(1);
    still.forEach((scan) => {
      const conc = (name: string) => phantom.truth.organConc124BqPerMl[name]?.[scan.id] ?? NaN;
      const body = conc('body');
      let expected = BODY.shapes.reduce((s, shape) => s + body * clippedMl(shape, zMin, zMax), 0);
      for (const organ of ORGANS) {
        for (const shape of organ.shapes)
          expected += (conc(organ.name) - body) * clippedMl(shape, zMin, zMax);
      }
      for (const lesion of phantom.truth.lesions) {
        const host = lesion.hostOrgan === 'body' ? body : conc(lesion.hostOrgan);
        expected += ((lesion.conc124BqPerMl[scan.id] ?? 0) - host) * lesion.volumeMl;
      }
      expect(Math.abs(sum(scan.activity) / expected - 1)).toBeLessThan(3e-3);
      expect(Math.abs(sum(scan.pet) / expected - 1)).toBeLessThan(1e-2);
    });
  });

  it('gives the heterogeneous lesion a core at a / f^3 and a rim at (1 - a) / (1 - f^3) of its mean', () => {
    const liver = LESIONS.find((l) => l.id === 'L3');
    if (liver?.core === undefined) throw new Error('L3 is no longer heterogeneous');
    // A 1 mm grid centred on the lesion: the centre voxel lies wholly in the core, the voxel
    // 9 mm along x wholly in the rim (core radius 0.6 x 11.46 mm = 6.9 mm, half diagonal 0.9 mm).
    const fine = buildPatientPhantom({
      scans: [{ id: 's', timeH: 24 }],
      lesions: [liver],
      petSize: [41, 41, 41],
      petSpacingMm: [1, 1, 1],
      ctSize: [8, 8, 8],
      ctSpacingMm: [1, 1, 1],
      centerLps: liver.centerLps,
    });
    const map = fine.scans[0]?.activity;
    const mean = fine.truth.lesions[0]?.conc124BqPerMl.s ?? NaN;
    if (map === undefined) throw new Error('no scan');
    const { radiusFraction: f, activityFraction: a } = liver.core;
    const at = (i: number) => map.data[i + 41 * (20 + 41 * 20)] ?? NaN;
    expect(at(20) / mean).toBeCloseTo(a / f ** 3, 5);
    expect(at(29) / mean).toBeCloseTo((1 - a) / (1 - f ** 3), 5);
  });

  it('moves a session by its rigid motion: lesion centres of mass where the motion puts them', () => {
    // Independent of the code's transform algebra: R = Rz Ry Rx built here from the angles.
    const moved = phantom.scans.find((scan) => PATIENT_DEFAULTS.motion[scan.id] !== undefined);
    const motion = moved === undefined ? undefined : PATIENT_DEFAULTS.motion[moved.id];
    if (moved === undefined || motion === undefined) throw new Error('no session moves');
    const [ax, ay, az] = motion.rotationDeg.map((d) => (d * Math.PI) / 180) as [
      number,
      number,
      number,
    ];
    const rx = [1, 0, 0, 0, Math.cos(ax), -Math.sin(ax), 0, Math.sin(ax), Math.cos(ax)];
    const ry = [Math.cos(ay), 0, Math.sin(ay), 0, 1, 0, -Math.sin(ay), 0, Math.cos(ay)];
    const rz = [Math.cos(az), -Math.sin(az), 0, Math.sin(az), Math.cos(az), 0, 0, 0, 1];
    const mul = (a: number[], b: number[]) =>
      [0, 1, 2].flatMap((r) =>
        [0, 1, 2].map((c) =>
          [0, 1, 2].reduce((t, m) => t + (a[3 * r + m] ?? 0) * (b[3 * m + c] ?? 0), 0),
        ),
      );
    const rot = mul(rz, mul(ry, rx));
    const c = PATIENT_DEFAULTS.centerLps;
    const still = phantom.scans.find((scan) => scan !== moved);
    if (still === undefined) throw new Error('no still session');
    for (const lesion of phantom.truth.lesions.filter((l) => l.volumeMl >= 4)) {
      const d = lesion.centerLps.map((x, a) => x - (c[a] ?? 0));
      const expected = [0, 1, 2].map(
        (r) =>
          (rot[3 * r] ?? 0) * (d[0] ?? 0) +
          (rot[3 * r + 1] ?? 0) * (d[1] ?? 0) +
          (rot[3 * r + 2] ?? 0) * (d[2] ?? 0) +
          (c[r] ?? 0) +
          (motion.translationMm[r] ?? 0),
      );
      // Centre of mass of the true activity above the host level, within 25 mm of the expected point.
      const centre = (volume: Volume, around: number[], hostBqPerMl: number) => {
        const sums = [0, 0, 0];
        let weight = 0;
        const [nx, ny, nz] = volume.size;
        // Identity directions: the voxels of a 25 mm box around the point.
        const range = (a: number, n: number) => {
          const at = (around[a]! - volume.originLps[a]!) / volume.spacingMm[a]!;
          const reach = 25 / volume.spacingMm[a]!;
          return [Math.max(0, Math.floor(at - reach)), Math.min(n - 1, Math.ceil(at + reach))];
        };
        const [i0, i1] = range(0, nx) as [number, number];
        const [j0, j1] = range(1, ny) as [number, number];
        const [k0, k1] = range(2, nz) as [number, number];
        for (let k = k0; k <= k1; k++)
          for (let j = j0; j <= j1; j++)
            for (let i = i0; i <= i1; i++) {
              const p = [i, j, k].map((v, a) => volume.originLps[a]! + v * volume.spacingMm[a]!);
              if (Math.hypot(p[0]! - around[0]!, p[1]! - around[1]!, p[2]! - around[2]!) > 25)
                continue;
              const w = Math.max(0, (volume.data[i + nx * (j + ny * k)] ?? 0) - hostBqPerMl);
              weight += w;
              p.forEach((x, a) => (sums[a]! += w * x));
            }
        return sums.map((x) => x / weight);
      };
      const host = (scanId: string) =>
        phantom.truth.organConc124BqPerMl[lesion.hostOrgan]?.[scanId] ?? NaN;
      const seenMoved = centre(moved.activity, expected, host(moved.id));
      const seenStill = centre(still.activity, [...lesion.centerLps], host(still.id));
      // The moved session's centre of mass is the still one's carried by the motion (1 mm).
      const carried = [0, 1, 2].map(
        (r) =>
          (rot[3 * r] ?? 0) * (seenStill[0]! - c[0]) +
          (rot[3 * r + 1] ?? 0) * (seenStill[1]! - c[1]) +
          (rot[3 * r + 2] ?? 0) * (seenStill[2]! - c[2]) +
          c[r]! +
          motion.translationMm[r]!,
      );
      for (let a = 0; a < 3; a++) expect(Math.abs(seenMoved[a]! - carried[a]!)).toBeLessThan(1);
      for (let a = 0; a < 3; a++)
        expect(
          Math.abs((moved.seedsLps[lesion.id]?.[a] ?? NaN) - expected[a]!),
        ).toBeLessThanOrEqual(3);
    }
  });

  it('voxelises each lesion within 0.5% of its volume', () => {
    for (const lesion of phantom.truth.lesions) {
      expect(Math.abs(lesion.voxelisedVolumeMl / lesion.volumeMl - 1)).toBeLessThan(0.005);
    }
  });
});

describe('synthetic patient: anatomy', () => {
  const grid = centredGrid([64, 48, 56], [6, 6, 8], [0, 0, 20]);
  const fractions = (shapes: Shape[]) =>
    shapes
      .map((s) => shapeFractions(grid, s, 4))
      .reduce((a, b) => a.map((v, n) => v + (b[n] ?? 0)));
  const body = fractions(BODY.shapes);

  it('has organs inside the body that do not overlap', () => {
    const organs = fractions(ORGANS.flatMap((o) => o.shapes));
    let worst = 0;
    for (let n = 0; n < body.length; n++)
      worst = Math.max(worst, (organs[n] ?? 0) - (body[n] ?? 0));
    expect(worst).toBeLessThan(0.02); // fractions from independent 4^3 subsamples
  });

  it('has each lesion inside its host organ', () => {
    for (const lesion of LESIONS) {
      const host = lesion.host === 'body' ? BODY : ORGANS.find((o) => o.name === lesion.host);
      if (host === undefined) throw new Error(`no host ${lesion.host}`);
      const inHost = fractions(host.shapes);
      const inLesion = shapeFractions(grid, lesionShape(lesion), 4);
      let worst = 0;
      for (let n = 0; n < inLesion.length; n++)
        worst = Math.max(worst, (inLesion[n] ?? 0) - (inHost[n] ?? 0));
      expect(worst).toBeLessThan(0.02);
    }
  });

  it('places seeds within 3 mm per axis of the true centres (sessions that do not move)', () => {
    for (const scan of phantom.scans.filter((s) => PATIENT_DEFAULTS.motion[s.id] === undefined)) {
      for (const lesion of phantom.truth.lesions) {
        const seed = scan.seedsLps[lesion.id];
        for (let c = 0; c < 3; c++) {
          expect(Math.abs((seed?.[c] ?? NaN) - (lesion.centerLps[c] ?? NaN))).toBeLessThanOrEqual(
            3,
          );
        }
      }
    }
  });
});

describe('synthetic patient: truth', () => {
  it('doses are tau x 3600 x S(1.04 V) x 1e9 with tau = f0 T_eff / ln 2', () => {
    for (const lesion of phantom.truth.lesions) {
      const tau = (lesion.fractionAtZero * lesion.effectiveHalfLifeH) / Math.LN2;
      expect(lesion.residenceTimeH).toBeCloseTo(tau, 12);
      const s = sphereSValue(lesion.volumeMl, 1.04).totalGyPerBqS;
      expect(lesion.doseGyPerGBq).toBeCloseTo(tau * 3600 * s * 1e9, 9);
    }
  });

  it('blood samples follow the known curve within the +-2% (1 SD) measurement noise', () => {
    phantom.blood.forEach((sample, i) => {
      const t = PATIENT_DEFAULTS.bloodSampleTimesH[i] ?? NaN;
      const curve = [
        { atZero: 3.5e-5, halfLifeH: 8 },
        { atZero: 2.5e-6, halfLifeH: 60 },
      ];
      const expected = to124AtTime(curveAt(curve, t), t) * 37e6;
      expect(Math.abs(sample.concBqPerMl / expected - 1)).toBeLessThan(0.08);
    });
    expect(phantom.wholeBody[0]?.netCounts).toBe(150_000);
  });
});
