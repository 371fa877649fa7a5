// The isodose picture's pixel composition on one 2-D grid: CT grey from the window formula,
// the wash as the stated blend, isodose lines on the analytic circle of a cone-shaped dose.
import { describe, expect, it } from 'vitest';
import {
  composeDoseImage,
  isodoseColour,
  type DoseSliceImage,
  type IsodoseLevel,
} from '../../src/imaging/dose-compose.ts';

const W = 72;
const H = 64;
const CX = 31.2;
const CY = 30.7;
const WINDOW = { widthHu: 400, levelHu: 40 };
/** Grey of a CT value in W400/L40: 0 at -160 HU, 255 at +240 HU, linear between. */
const grey = (hu: number) => Math.round((255 * (hu - -160)) / 400);
/** Cone: 100 Gy at the centre, falling by 1 Gy per (0.3 pixel): 20 Gy at r = 24, 50 at r = 15. */
const cone = (u: number, v: number) => Math.max(0, 100 * (1 - Math.hypot(u - CX, v - CY) / 30));
const LEVELS: IsodoseLevel[] = [
  { doseGy: 20, rgb: [0, 200, 0] },
  { doseGy: 50, rgb: [250, 0, 250] },
];

function image(ct: boolean): DoseSliceImage {
  const doseGy = new Float32Array(W * H);
  const ctHu = new Float32Array(W * H);
  const mask = new Uint8Array(W * H);
  for (let v = 0; v < H; v++) {
    for (let u = 0; u < W; u++) {
      doseGy[u + W * v] = cone(u, v);
      ctHu[u + W * v] = v < H / 2 ? 40 : -100;
      if (u >= 2 && u <= 8 && v >= 2 && v <= 6) mask[u + W * v] = 1;
    }
  }
  return { width: W, height: H, ctHu: ct ? ctHu : null, doseGy, mask };
}

const style = { ctWindow: WINDOW, washOpacity: 0.45 };
const at = (rgb: Uint8Array, u: number, v: number) =>
  [rgb[3 * (u + W * v)], rgb[3 * (u + W * v) + 1], rgb[3 * (u + W * v) + 2]] as number[];

describe('composeDoseImage', () => {
  const rgb = composeDoseImage(image(true), LEVELS, style);

  it('is W x H RGB', () => {
    expect(rgb.length).toBe(W * H * 3);
  });

  it('shows the CT in the W400/L40 grey where no level is reached', () => {
    // (70, 2): r = 48 > 30 (no dose), 40 HU; (70, 60): -100 HU.
    expect(at(rgb, 70, 2)).toEqual([grey(40), grey(40), grey(40)]);
    expect(grey(40)).toBe(128);
    expect(at(rgb, 70, 60)).toEqual([grey(-100), grey(-100), grey(-100)]);
    const black = composeDoseImage(image(false), LEVELS, style);
    expect(at(black, 70, 2)).toEqual([0, 0, 0]);
  });

  it('washes the band between 20 and 50 Gy with the 20 Gy colour at opacity 0.45', () => {
    // (51, 30): r = 19.8, dose 34 Gy; 40 HU under it.
    const g = grey(40);
    expect(at(rgb, 51, 30)).toEqual([0, 200, 0].map((c) => Math.round(g + 0.45 * (c - g))));
  });

  it('draws the 20 Gy line on the pixels the analytic circle r = 24 crosses', () => {
    // Along row 31 the circle crosses at u = CX + sqrt(24^2 - 0.3^2) = 55.198: pixel 55.
    expect(at(rgb, 55, 31)).toEqual([0, 200, 0]);
    expect(at(rgb, 53, 31)).not.toEqual([0, 200, 0]);
    let count = 0;
    for (let v = 0; v < H; v++) {
      for (let u = 0; u < W; u++) {
        const [r, g, b] = at(rgb, u, v);
        if (r !== 0 || g !== 200 || b !== 0) continue;
        count++;
        // A line point rounds to its pixel: the centre is within sqrt(2) / 2 of the circle.
        expect(Math.abs(Math.hypot(u - CX, v - CY) - 24)).toBeLessThan(Math.SQRT1_2 + 0.01);
      }
    }
    // About one pixel per pixel of arc (2 pi 24 = 151) up to the diagonal staircase (x sqrt 2).
    expect(count).toBeGreaterThan(140);
    expect(count).toBeLessThan(220);
  });

  it('draws the VOI outline in cyan on the mask boundary only', () => {
    expect(at(rgb, 2, 2)).toEqual([0, 255, 255]);
    expect(at(rgb, 8, 4)).toEqual([0, 255, 255]);
    expect(at(rgb, 5, 4)).toEqual([grey(40), grey(40), grey(40)]);
  });

  it('refuses planes of different sizes', () => {
    const bad = { ...image(true), mask: new Uint8Array(3) };
    expect(() => composeDoseImage(bad, LEVELS, style)).toThrow(/72 x 64/);
  });
});

describe('isodoseColour', () => {
  it('runs from inferno 0.3 (dark purple) to inferno 1 (pale yellow)', () => {
    // matplotlib inferno(1.0) = (0.988, 1.000, 0.645) x 255.
    expect(isodoseColour(4, 5)).toEqual([252, 255, 164]);
    // inferno(0.3) is #6a176e = (106, 23, 110) (matplotlib entry 76.5 of 255); ours interpolates
    // 17 of its 256 entries, within 2 per channel.
    const low = isodoseColour(0, 5);
    [106, 23, 110].forEach((c, i) => expect(Math.abs((low[i] ?? 0) - c)).toBeLessThanOrEqual(2));
  });
});
