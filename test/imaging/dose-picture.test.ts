// The isodose picture of a lesion from volumes: a cone-shaped dose map (50 Gy/GBq at a point,
// falling linearly to 0 at 40 mm) around a 5 x 5 x 4 voxel VOI whose dose maximum is not on the
// slice of its centroid. Checks the slice chosen, the picture size, the CT grey, and that the
// pixels of each isodose line lie on the analytic sphere-plane circle.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { ijkToLps, type Mat3, type Vec3, type Volume } from '../../src/core/volume.ts';
import { dosePicture, type DosePicture } from '../../src/imaging/dose-picture.ts';

const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const SIZE: Vec3 = [40, 40, 30];
const SPACING: Vec3 = [4, 4, 3];
/** Voxel (20, 20, 15) at LPS (0, 0, 0). */
const ORIGIN: Vec3 = [-80, -80, -45];
/** The dose peak: voxel (20, 20, 16), LPS (0, 0, 3) mm. */
const PEAK: Vec3 = [0, 0, 3];
const ACTIVITY_GBQ = 2;
/** Dose per GBq: 50 (1 - r / 40 mm), so at 2 GBq 100 (1 - r / 40) Gy: 50 Gy at r = 20 mm. */
const conePerGBq = (p: Vec3) =>
  Math.max(0, 50 * (1 - Math.hypot(p[0] - PEAK[0], p[1] - PEAK[1], p[2] - PEAK[2]) / 40));
const radiusForGy = (gy: number) => 40 * (1 - gy / (50 * ACTIVITY_GBQ));

function volumes(): { dose: Volume; ct: Volume; mask: Volume<Uint8Array> } {
  const grid = { size: SIZE, spacingMm: SPACING, direction: IDENTITY, originLps: ORIGIN };
  const dose: Volume = { ...grid, data: new Float32Array(SIZE[0] * SIZE[1] * SIZE[2]) };
  for (let k = 0; k < SIZE[2]; k++) {
    for (let j = 0; j < SIZE[1]; j++) {
      for (let i = 0; i < SIZE[0]; i++) {
        dose.data[i + SIZE[0] * (j + SIZE[1] * k)] = conePerGBq(ijkToLps(dose, [i, j, k]));
      }
    }
  }
  // CT: 2 mm voxels, 40 HU everywhere.
  const ctSize: Vec3 = [90, 90, 50];
  const ct: Volume = {
    size: ctSize,
    spacingMm: [2, 2, 2],
    direction: IDENTITY,
    originLps: [-89, -89, -49],
    data: new Float32Array(ctSize[0] * ctSize[1] * ctSize[2]).fill(40),
  };
  // VOI: voxels i, j 18..22, k 13..16 (centroid k 14.5 rounds to 15; the peak is at k 16).
  const mask: Volume<Uint8Array> = {
    size: [5, 5, 4],
    spacingMm: SPACING,
    direction: IDENTITY,
    originLps: ijkToLps(dose, [18, 18, 13]),
    data: new Uint8Array(100).fill(1),
  };
  return { dose, ct, mask };
}

/** LPS of the centre of pixel (u, v). */
function pixelLps(picture: DosePicture, dose: Volume, u: number, v: number): Vec3 {
  const { firstVoxel: f, voxelStep: s } = picture.plane;
  const ijk = [0, 1, 2].map((a) => (f[a] ?? 0) + u * (s.right[a] ?? 0) + v * (s.down[a] ?? 0));
  return ijkToLps(dose, ijk as unknown as Vec3);
}

function pixelsOf(picture: DosePicture, rgb: readonly number[]): [number, number][] {
  const { width, height, rgb: bytes } = picture.plane;
  const out: [number, number][] = [];
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const n = 3 * (u + width * v);
      if (bytes[n] === rgb[0] && bytes[n + 1] === rgb[1] && bytes[n + 2] === rgb[2])
        out.push([u, v]);
    }
  }
  return out;
}

describe('dosePicture', () => {
  const { dose, ct, mask } = volumes();
  const levelsGy = [20, 50, 90];
  const picture = dosePicture(dose, ACTIVITY_GBQ, ct, mask, { levelsGy });

  it('cuts the axial slice through the VOI dose maximum, centred on the VOI in-plane', () => {
    expect(picture.centreVoxel).toEqual([20, 20, 16]);
    expect(picture.centreLps).toEqual([0, 0, 3]);
    expect(picture.voiMaxGy).toBeCloseTo(100, 4);
    const centre = dosePicture(dose, ACTIVITY_GBQ, ct, mask, { levelsGy, through: 'voi-centre' });
    expect(centre.centreVoxel).toEqual([20, 20, 15]);
  });

  it('is 17 x 17 voxels (60 mm field) of 11 x 11 pixels (192 / 17), RGB', () => {
    expect(picture.fieldMm).toBe(60);
    expect([picture.plane.width, picture.plane.height]).toEqual([187, 187]);
    expect(picture.plane.pixelMm).toEqual([4 / 11, 4 / 11]);
    expect(picture.plane.rgb.length).toBe(187 * 187 * 3);
    expect(picture.plane.edges).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });

  it('shows 40 HU as grey 128 in the corner, where the dose is 0', () => {
    // Corner pixel centre: 34 mm from the peak in x and y, r = 48 mm > 40 mm.
    expect([...picture.plane.rgb.slice(0, 3)]).toEqual([128, 128, 128]);
  });

  it('draws each isodose line on its analytic circle, within 0.75 pixel', () => {
    // The plane passes through the peak: level L is the circle r = 40 (1 - L / 100) mm.
    // Tolerance: rounding to the pixel (sqrt(2)/2 pixel) plus the error of interpolating the
    // cone linearly between 4 mm voxel centres, h^2 / (8 r) (0.08 mm at r = 24, 0.5 at r = 4).
    const pixelMm = 4 / 11;
    for (const level of picture.levels) {
      const pixels = pixelsOf(picture, level.rgb);
      const r = radiusForGy(level.doseGy);
      // All three circles lie clear of the VOI outline (|x|, |y| = 10 mm): none is hidden.
      expect(pixels.length).toBeGreaterThan((2 * Math.PI * r) / pixelMm);
      for (const [u, v] of pixels) {
        const p = pixelLps(picture, dose, u, v);
        const off = Math.abs(Math.hypot(p[0] - PEAK[0], p[1] - PEAK[1]) - r);
        expect(off).toBeLessThan(0.75 * pixelMm + 16 / (8 * r));
      }
    }
  });

  it('marks levels above the slice maximum as not drawn', () => {
    const high = dosePicture(dose, ACTIVITY_GBQ, ct, mask, { levelsGy: [50, 200] });
    expect(high.levels.map((l) => l.drawn)).toEqual([true, false]);
    expect(pixelsOf(high, high.levels[1]?.rgb ?? [])).toEqual([]);
  });

  it('refuses a non-positive activity, unordered levels and a VOI outside the dose map', () => {
    expect(() => dosePicture(dose, 0, ct, mask)).toThrow(InputError);
    expect(() => dosePicture(dose, 1, ct, mask, { levelsGy: [50, 20] })).toThrow(/increasing/);
    const away = { ...mask, originLps: [500, 500, 500] as Vec3 };
    expect(() => dosePicture(dose, 1, ct, away)).toThrow(/no voxel inside the dose map/);
  });
});
