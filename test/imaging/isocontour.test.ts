// Background-adapted 50% isocontour (Jentzen et al. 2007) on digital phantoms: uniform spheres of
// known volume in a uniform background (contrast 8:1), blurred to FWHM 7 mm on 2 mm voxels. The
// reference for the VOI volume is the analytic 50% isocontour of a blurred sphere (the radius
// where the profile falls to half its centre value above background), not a pasted output.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { ijkToLps, voxelCount, type Vec3, type Volume } from '../../src/core/volume.ts';
import { fwhmToSigmaMm, gaussianBlur } from '../../src/imaging/gaussian.ts';
import { segmentIsocontour } from '../../src/imaging/isocontour.ts';
import {
  addRelativeNoise,
  addSphere,
  blurredSphereProfile,
  isocontourRadiusMm,
  makeVolume,
  sphereRadiusMm,
  sphereVolumeMl,
} from './helpers/sphere-phantom.ts';

const BG = 1000; // Bq/mL
const FWHM = 7; // mm
const SPACING = 2; // mm

/** One blurred sphere (sphere conc = contrast x BG) centred off the voxel grid by < 1 voxel. */
function spherePhantom(
  volumeMl: number,
  contrast = 8,
  noise = 0,
  seed = 1,
): { pet: Volume<Float32Array>; centre: Vec3 } {
  const radius = sphereRadiusMm(volumeMl);
  const n = Math.ceil((2 * radius + 70) / SPACING);
  const pet = makeVolume([n, n, n], [SPACING, SPACING, SPACING], BG, [-50, 20, -300]);
  const mid = ((n - 1) * SPACING) / 2;
  const centre: Vec3 = [-50 + mid + 0.3, 20 + mid - 0.4, -300 + mid + 0.2];
  addSphere(pet, centre, radius, (contrast - 1) * BG);
  // Noise on the unblurred object becomes spatially correlated noise after the blur, as in PET.
  if (noise > 0) addRelativeNoise(pet, noise, seed);
  return { pet: gaussianBlur(pet, { fwhmMm: FWHM, edge: 'nearest' }), centre };
}

describe('segmentIsocontour on blurred spheres, FWHM 7 mm, 2 mm voxels, contrast 8:1', () => {
  const sigma = fwhmToSigmaMm(FWHM);
  // [true volume mL, tolerance vs the analytic 50% isocontour volume]: a VOI of 1 mL holds only
  // ~90 voxels and the maximum voxel is off the sphere centre, hence the wider tolerance.
  const cases: [number, number][] = [
    [0.52, 0.15],
    [1.15, 0.12],
    [2.57, 0.05],
    [5.58, 0.05],
    [11.5, 0.03],
    [26.5, 0.03],
  ];
  for (const [volumeMl, tolerance] of cases) {
    it(`${volumeMl} mL: VOI volume within ${tolerance * 100}% of the analytic 50% isocontour, BG within 0.5%`, () => {
      const { pet, centre } = spherePhantom(volumeMl);
      const seed: Vec3 = [centre[0] + 3, centre[1] - 2, centre[2]];
      const result = segmentIsocontour(pet, seed);
      const expectedMl = sphereVolumeMl(isocontourRadiusMm(sphereRadiusMm(volumeMl), sigma, 0.5));
      expect(Math.abs(result.volumeMl / expectedMl - 1)).toBeLessThan(tolerance);
      expect(Math.abs(result.backgroundConcBqPerMl / BG - 1)).toBeLessThan(0.005);
      expect(result.backgroundMethod).toBe('shell-median');
      expect(result.warnings).toEqual([]);
      const t = result.thresholdBqPerMl;
      expect(t).toBeCloseTo(
        result.backgroundConcBqPerMl + 0.5 * (result.maxConcBqPerMl - result.backgroundConcBqPerMl),
        6,
      );
      expect(result.voxelCount).toBe(result.voxelIndices.length);
      expect(result.mask.data.reduce((a, b) => a + b, 0)).toBe(result.voxelCount);
    });
  }

  it('spheres much larger than the FWHM: VOI within 10% of the true volume (26.5 mL) and 6% (65 mL)', () => {
    // The 50% isocontour of a blurred convex object lies inside its edge (0.92 x V at R = 2.6 FWHM).
    for (const [volumeMl, tolerance] of [
      [26.5, 0.1],
      [65, 0.06],
    ] as const) {
      const { pet, centre } = spherePhantom(volumeMl);
      const result = segmentIsocontour(pet, centre);
      expect(Math.abs(result.volumeMl / volumeMl - 1)).toBeLessThan(tolerance);
    }
  });

  it('an oblique PET grid (direction rotated 30 degrees, origin shifted) gives the same VOI within 3%', () => {
    const axial = spherePhantom(11.5);
    const c = Math.cos(Math.PI / 6);
    const si = Math.sin(Math.PI / 6);
    const n = axial.pet.size[0];
    const oblique = makeVolume(
      [n, n, n],
      [SPACING, SPACING, SPACING],
      BG,
      [40, -60, 10],
      [c, -si, 0, si, c, 0, 0, 0, 1],
    );
    const centre = ijkToLps(oblique, [(n - 1) / 2 + 0.2, (n - 1) / 2 - 0.3, (n - 1) / 2 + 0.1]);
    addSphere(oblique, centre, sphereRadiusMm(11.5), 7 * BG);
    const result = segmentIsocontour(
      gaussianBlur(oblique, { fwhmMm: FWHM, edge: 'nearest' }),
      centre,
    );
    const reference = segmentIsocontour(axial.pet, axial.centre);
    expect(Math.abs(result.volumeMl / reference.volumeMl - 1)).toBeLessThan(0.03);
    const d = result.maxPointLps.map((v, a) => v - centre[a]!);
    expect(Math.hypot(...d)).toBeLessThan(SPACING * Math.sqrt(3));
  });

  it('with a given background: method "given", T = BG + 0.5 (max - BG), one round', () => {
    const { pet, centre } = spherePhantom(5.58);
    const result = segmentIsocontour(pet, centre, { backgroundConcBqPerMl: BG });
    expect(result.backgroundMethod).toBe('given');
    expect(result.backgroundConcBqPerMl).toBe(BG);
    expect(result.thresholdBqPerMl).toBeCloseTo(BG + 0.5 * (result.maxConcBqPerMl - BG), 6);
    expect(result.backgroundShell).toBeUndefined();
    const automatic = segmentIsocontour(pet, centre);
    expect(Math.abs(result.volumeMl / automatic.volumeMl - 1)).toBeLessThan(0.02);
  });

  it('with correlated noise (5 seeds, 11.5 mL): BG within 2%, volume spread < 10%, no false merger', () => {
    const volumes: number[] = [];
    const noiseless = segmentIsocontour(spherePhantom(11.5).pet, spherePhantom(11.5).centre);
    for (let seed = 1; seed <= 5; seed++) {
      const { pet, centre } = spherePhantom(11.5, 8, 0.5, seed);
      const result = segmentIsocontour(pet, centre);
      expect(Math.abs(result.backgroundConcBqPerMl / BG - 1)).toBeLessThan(0.02);
      expect(result.warnings.filter((w) => w.includes('another hot structure'))).toEqual([]);
      volumes.push(result.volumeMl);
    }
    const mean = volumes.reduce((a, b) => a + b, 0) / volumes.length;
    const sd = Math.sqrt(volumes.reduce((a, b) => a + (b - mean) ** 2, 0) / (volumes.length - 1));
    expect(sd / mean).toBeLessThan(0.1);
    // The single-voxel maximum rises with noise, so the VOI shrinks; bounded here at 15%.
    expect(Math.abs(mean / noiseless.volumeMl - 1)).toBeLessThan(0.15);
  });

  it('contrast 1.2: warns that the contrast is low, naming the value', () => {
    const { pet, centre } = spherePhantom(5.58, 1.2);
    const result = segmentIsocontour(pet, centre);
    expect(result.contrast).toBeLessThan(1.2);
    const warning = result.warnings.find((w) => w.startsWith('low contrast'));
    expect(warning).toContain(`max/BG = ${result.contrast.toFixed(2)}`);
    expect(warning).toContain('unreliable');
  });

  it('two touching spheres (R = 8 mm): warns that the VOI touches another hot structure', () => {
    const pet = makeVolume([60, 50, 50], [SPACING, SPACING, SPACING], BG);
    addSphere(pet, [40, 50, 50], 8, 7 * BG);
    addSphere(pet, [56, 50, 50], 8, 7 * BG);
    const blurred = gaussianBlur(pet, { fwhmMm: FWHM, edge: 'nearest' });
    const result = segmentIsocontour(blurred, [40, 50, 50]);
    expect(result.warnings.some((w) => w.includes('touches another hot structure'))).toBe(true);
    // the same spheres 4 mm apart are resolved: one VOI each, no warning
    const apart = makeVolume([60, 50, 50], [SPACING, SPACING, SPACING], BG);
    addSphere(apart, [40, 50, 50], 8, 7 * BG);
    addSphere(apart, [60, 50, 50], 8, 7 * BG);
    const separate = segmentIsocontour(
      gaussianBlur(apart, { fwhmMm: FWHM, edge: 'nearest' }),
      [40, 50, 50],
    );
    expect(separate.warnings).toEqual([]);
  });

  it('a seed in the noisy background, 30 mm from a lesion: warned in every one of 4 noise draws', () => {
    // Either the search finds only noise (low contrast) or the VOI climbs to the lesion 30 mm
    // away (no clear uptake near the seed, seed outside the VOI): never silent.
    for (let seed = 1; seed <= 4; seed++) {
      const { pet, centre } = spherePhantom(2.57, 8, 0.5, seed);
      const result = segmentIsocontour(pet, [centre[0], centre[1], centre[2] + 30]);
      const flagged = result.warnings.filter(
        (w) => w.startsWith('low contrast') || w.startsWith('no clear uptake near the seed'),
      );
      expect(flagged.length).toBeGreaterThan(0);
    }
  });

  it('a seed beside a lesion (12 mm off, outside the 10 mm search sphere) still finds its maximum', () => {
    const { pet, centre } = spherePhantom(11.5);
    const near = segmentIsocontour(pet, centre);
    const off = segmentIsocontour(pet, [centre[0] + 12, centre[1], centre[2]]);
    expect(off.maxConcBqPerMl).toBeCloseTo(near.maxConcBqPerMl, 3);
    expect(off.volumeMl).toBeCloseTo(near.volumeMl, 6);
  });

  it('a lesion at the image edge is flagged; a seed outside the image is an InputError', () => {
    const pet = makeVolume([30, 30, 30], [SPACING, SPACING, SPACING], BG);
    addSphere(pet, [4, 30, 30], 8, 7 * BG);
    const result = segmentIsocontour(
      gaussianBlur(pet, { fwhmMm: FWHM, edge: 'nearest' }),
      [4, 30, 30],
    );
    expect(result.warnings.some((w) => w.includes('image edge'))).toBe(true);
    expect(() => segmentIsocontour(pet, [-10, 30, 30])).toThrow(InputError);
    expect(() => segmentIsocontour(pet, [30, 30, 30], { fraction: 1.5 })).toThrow(
      /fraction option must lie strictly between 0 and 1/,
    );
  });

  it('tells an in-plane image edge (first column) from the end of the axial range (first slice)', () => {
    // makeVolume's origin is [0, 0, 0] with identity direction: voxel (i, j, k) at (2i, 2j, 2k) mm.
    const edge = (centre: Vec3) => {
      const pet = makeVolume([30, 30, 30], [SPACING, SPACING, SPACING], BG);
      addSphere(pet, centre, 8, 7 * BG);
      return segmentIsocontour(gaussianBlur(pet, { fwhmMm: FWHM, edge: 'nearest' }), centre).flags;
    };
    const inPlane = edge([4, 30, 30]);
    expect([inPlane.imageEdge, inPlane.axialEnd]).toEqual([true, false]);
    const axial = edge([30, 30, 4]);
    expect([axial.imageEdge, axial.axialEnd]).toEqual([false, true]);
    const inside = edge([30, 30, 30]);
    expect([inside.imageEdge, inside.axialEnd, inside.lowContrast, inside.seedOutsideVoi]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('a leak along a hot band is flagged at the growth limit', () => {
    const pet = makeVolume([100, 30, 30], [SPACING, SPACING, SPACING], BG);
    for (let i = 0; i < 100; i++) {
      for (let j = 12; j < 18; j++) {
        for (let k = 12; k < 18; k++) pet.data[i + 100 * (j + 30 * k)] = 6 * BG;
      }
    }
    addSphere(pet, [100, 30, 30], 8, 4 * BG);
    const result = segmentIsocontour(
      gaussianBlur(pet, { fwhmMm: FWHM, edge: 'nearest' }),
      [100, 30, 30],
      {
        maxExtentMm: 40,
      },
    );
    expect(result.warnings.some((w) => w.includes('growth limit'))).toBe(true);
  });

  it('ten separate lesions in a 200 x 200 x 300 PET (3 mm voxels) each segment without warnings', () => {
    const size: Vec3 = [200, 200, 300];
    const pet = makeVolume(size, [3, 3, 3], BG);
    const sigma = fwhmToSigmaMm(FWHM);
    const lesions: { centre: Vec3; radius: number }[] = [];
    for (let n = 0; n < 10; n++) {
      const radius = sphereRadiusMm(1 + 3 * n); // 1..28 mL
      const centre: Vec3 = [
        300 + 90 * ((n % 5) - 2),
        300 + 120 * Math.floor(n / 5),
        450 + 30 * (n % 3),
      ];
      lesions.push({ centre, radius });
      // Analytic blurred sphere (exact), filled around the lesion only.
      const reach = radius + 5 * sigma;
      for (
        let k = Math.floor((centre[2] - reach) / 3);
        k <= Math.ceil((centre[2] + reach) / 3);
        k++
      ) {
        for (
          let j = Math.floor((centre[1] - reach) / 3);
          j <= Math.ceil((centre[1] + reach) / 3);
          j++
        ) {
          for (
            let i = Math.floor((centre[0] - reach) / 3);
            i <= Math.ceil((centre[0] + reach) / 3);
            i++
          ) {
            const r = Math.hypot(3 * i - centre[0], 3 * j - centre[1], 3 * k - centre[2]);
            pet.data[i + 200 * (j + 200 * k)] =
              BG + 7 * BG * blurredSphereProfile(r, radius, sigma);
          }
        }
      }
    }
    expect(pet.data.length).toBe(voxelCount(size));
    // Speed is measured in `npm run bench`, not here.
    const results = lesions.map(({ centre }) => segmentIsocontour(pet, centre));
    for (const result of results) expect(result.warnings).toEqual([]);
  });
});

describe('a seed in a cold region', () => {
  it('keeps its maximum voxel (finite mean, not an empty VOI) and flags the low contrast', () => {
    // Background 1000 Bq/mL with a cold sphere (100 Bq/mL) of 20 mm radius around the seed: the
    // search maximum (10 mm) stays inside the cold region, below the shell's background.
    const pet = makeVolume([60, 60, 60], [2, 2, 2], BG, [0, 0, 0]);
    const centre: Vec3 = [59, 59, 59];
    addSphere(pet, centre, 20, -0.9 * BG);
    const voi = segmentIsocontour(pet, centre);
    expect(voi.voxelCount).toBe(1);
    expect(Number.isFinite(voi.meanConcBqPerMl)).toBe(true);
    expect(voi.meanConcBqPerMl).toBe(voi.maxConcBqPerMl);
    expect(voi.maxConcBqPerMl).toBeLessThan(voi.backgroundConcBqPerMl);
    expect(voi.flags.lowContrast).toBe(true);
  });
});
