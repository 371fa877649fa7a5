// CT lesion volume: the ellipsoid formula, mask volumes and seeded HU region growing on a
// synthetic CT (a 60 HU sphere in -100 HU fat, partial volume by supersampling, 10 HU noise).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Vec3, Volume } from '../../src/core/volume.ts';
import { ellipsoidVolumeMl, maskVolumeMl, meanCtVolumeMl } from '../../src/imaging/ct-volume.ts';
import { growCtRegion } from '../../src/imaging/ct-region-growing.ts';
import { addSphere, makeVolume, normalRandom, sphereVolumeMl } from './helpers/sphere-phantom.ts';

/** CT (Int16 HU) with a sphere of lesionHu in backgroundHu, noise SD noiseHu. */
function ctPhantom(radiusMm: number, lesionHu = 60, backgroundHu = -100, noiseHu = 10, seed = 1) {
  const spacing: Vec3 = [0.8, 0.8, 2];
  const size: Vec3 = [80, 80, 36];
  const image = makeVolume(size, spacing, 0);
  const centre: Vec3 = [31.7, 32.1, 35.3];
  addSphere(image, centre, radiusMm, 1, 7);
  const normal = normalRandom(seed);
  const data = Int16Array.from(image.data, (f) =>
    Math.round(backgroundHu + (lesionHu - backgroundHu) * f + noiseHu * normal()),
  );
  const ct: Volume<Int16Array> = { ...image, data };
  return { ct, centre };
}

describe('CT lesion volume', () => {
  it('ellipsoid: pi/6 d1 d2 d3 (10, 20, 30 mm -> 3.1416 mL; equal diameters = sphere)', () => {
    expect(ellipsoidVolumeMl(10, 20, 30)).toBeCloseTo(Math.PI, 10);
    expect(ellipsoidVolumeMl(24, 24, 24)).toBeCloseTo(sphereVolumeMl(12), 12);
    expect(() => ellipsoidVolumeMl(10, 0, 5)).toThrow(InputError);
  });

  it('mask volume = voxel count x voxel volume; mean over scans with SD and CV', () => {
    const mask: Volume<Uint8Array> = {
      ...makeVolume([4, 4, 4], [2, 2, 2.5]),
      data: new Uint8Array(64),
    };
    mask.data.fill(1, 0, 10);
    expect(maskVolumeMl(mask)).toBeCloseTo(10 * 0.01, 12);
    const mean = meanCtVolumeMl([4, 5, 6]);
    expect(mean.meanMl).toBe(5);
    expect(mean.sdMl).toBeCloseTo(1, 12);
    expect(mean.cvPercent).toBeCloseTo(20, 10);
    expect(() => meanCtVolumeMl([])).toThrow(InputError);
  });

  for (const radiusMm of [6, 10, 15]) {
    it(`region growing recovers a ${radiusMm} mm-radius sphere (0.8 x 0.8 x 2 mm, noise 10 HU) within 5%`, () => {
      const { ct, centre } = ctPhantom(radiusMm);
      const result = growCtRegion(ct, [centre[0] + 1, centre[1] - 1, centre[2]]);
      const trueMl = sphereVolumeMl(radiusMm);
      expect(Math.abs(result.volumeMl / trueMl - 1)).toBeLessThan(0.05);
      expect(result.surroundingHu).toBeCloseTo(-100, -1);
      expect(result.lowerHu).toBeCloseTo(0.5 * (result.seedMeanHu + result.surroundingHu), 6);
      expect(result.warnings).toEqual([]);
    });
  }

  it('without boundary refinement the fixed window underestimates the volume (partial volume)', () => {
    const { ct, centre } = ctPhantom(10);
    const fixed = growCtRegion(ct, centre, { refineBoundary: false });
    const refined = growCtRegion(ct, centre);
    expect(fixed.volumeMl).toBeLessThan(refined.volumeMl);
  });

  it('a lesion touching a large structure of the same HU leaks to the growth limit and is flagged', () => {
    const { ct, centre } = ctPhantom(8);
    const [nx, ny] = ct.size;
    // a 60 HU slab (muscle-like) touching the sphere from below in j
    for (let k = 0; k < ct.size[2]; k++) {
      for (let j = 50; j < ny; j++)
        for (let i = 0; i < nx; i++) ct.data[i + nx * (j + ny * k)] = 60;
    }
    const result = growCtRegion(ct, centre, { maxRadiusMm: 25 });
    expect(result.warnings.some((w) => w.includes('growth limit'))).toBe(true);
  });

  it('rejects a seed outside the image with InputError', () => {
    const { ct } = ctPhantom(5);
    expect(() => growCtRegion(ct, [-50, 0, 0])).toThrow(/outside the CT image/);
  });
});
