/**
 * Pixel composition of an isodose picture on one 2-D grid: CT in grey (a window, colour-map.ts),
 * the dose as a translucent colour wash in bands between the isodose levels, the isodose lines
 * (marching squares on the dose, marching-squares.ts) in their level's colour and the VOI outline
 * in cyan on top. Pure: RGB bytes out, no encoding. The level colours are inferno (a perceptually
 * uniform map, colour-map.ts) from 0.3 to 1 of its range, lowest level darkest, so the order of
 * the levels reads as brightness; below 0.3 inferno is too dark to see over air.
 */
import { ctGrey, inferno } from './colour-map.ts';
import { isolineSegments } from './marching-squares.ts';
import { OUTLINE_RGB } from './voi-picture.ts';

export type Rgb = [number, number, number];

/** CT, dose and VOI mask sampled on the same pixel grid (u rightwards, v downwards). */
export interface DoseSliceImage {
  width: number;
  height: number;
  /** CT in HU, or null (black background). */
  ctHu: Float32Array | Int16Array | null;
  /** Dose in Gy at the therapy activity. */
  doseGy: Float32Array;
  /** VOI mask (non-zero inside). */
  mask: Uint8Array;
}

/** One isodose level and the colour of its line and band. */
export interface IsodoseLevel {
  doseGy: number;
  rgb: Rgb;
}

/** How the picture is drawn (display only; none changes a number). */
export interface DoseStyle {
  /** CT window, HU (soft tissue W400/L40 by default in dose-picture.ts). */
  ctWindow: { widthHu: number; levelHu: number };
  /** Opacity of the colour wash (0 to 1). */
  washOpacity: number;
}

/** Colour of level n of `count` levels: inferno at 0.3 + 0.7 n / (count - 1), RGB 0-255 (rounded). */
export function isodoseColour(n: number, count: number): Rgb {
  const position = count > 1 ? 0.3 + (0.7 * n) / (count - 1) : 1;
  return inferno(position).map(Math.round) as Rgb;
}

/**
 * The RGB bytes of the picture. Pixel (u, v) covers sample (u, v); a line point (x, y) in sample
 * coordinates colours the pixel (round x, round y). Lines are sampled every 0.25 pixel, one
 * pixel wide; higher levels are drawn over lower ones; the VOI outline (mask pixels with a
 * 4-neighbour outside) over everything.
 */
export function composeDoseImage(
  image: DoseSliceImage,
  levels: readonly IsodoseLevel[],
  style: DoseStyle,
): Uint8Array {
  const { width, height, ctHu, doseGy, mask } = image;
  const count = width * height;
  if (
    doseGy.length !== count ||
    mask.length !== count ||
    (ctHu !== null && ctHu.length !== count)
  ) {
    throw new Error(`dose picture: every plane needs ${width} x ${height} values`);
  }
  const sorted = [...levels].sort((a, b) => a.doseGy - b.doseGy);
  const rgb = new Uint8Array(count * 3);
  const set = (n: number, colour: readonly number[]) => {
    rgb[3 * n] = Math.round(colour[0] ?? 0);
    rgb[3 * n + 1] = Math.round(colour[1] ?? 0);
    rgb[3 * n + 2] = Math.round(colour[2] ?? 0);
  };
  for (let n = 0; n < count; n++) {
    const grey = ctHu === null ? 0 : ctGrey(ctHu[n] ?? -1000, style.ctWindow);
    const dose = doseGy[n] ?? 0;
    let band: IsodoseLevel | undefined;
    for (const level of sorted) if (dose >= level.doseGy) band = level;
    const a = band === undefined ? 0 : style.washOpacity;
    set(
      n,
      [0, 1, 2].map((c) => grey + a * ((band?.rgb[c] ?? 0) - grey)),
    );
  }
  for (const level of sorted) {
    for (const s of isolineSegments({ width, height, values: doseGy }, level.doseGy)) {
      const steps = Math.max(1, Math.ceil(Math.hypot(s.x2 - s.x1, s.y2 - s.y1) / 0.25));
      for (let t = 0; t <= steps; t++) {
        const u = Math.round(s.x1 + ((s.x2 - s.x1) * t) / steps);
        const v = Math.round(s.y1 + ((s.y2 - s.y1) * t) / steps);
        if (u >= 0 && u < width && v >= 0 && v < height) set(u + width * v, level.rgb);
      }
    }
  }
  const inside = (u: number, v: number) => (mask[u + width * v] ?? 0) !== 0;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const edge =
        inside(u, v) &&
        ((u > 0 && !inside(u - 1, v)) ||
          (u < width - 1 && !inside(u + 1, v)) ||
          (v > 0 && !inside(u, v - 1)) ||
          (v < height - 1 && !inside(u, v + 1)));
      if (edge) set(u + width * v, OUTLINE_RGB);
    }
  }
  return rgb;
}
