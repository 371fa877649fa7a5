/**
 * Colour lookups for pictures: the "inferno" perceptually uniform colour map of matplotlib
 * (N. Smith and S. van der Walt, 2015; CC0), given here by 17 of its 256 entries (every 16th
 * and the last, RGB 0-255) and interpolated linearly between them; and the CT grey window.
 */

/** matplotlib inferno entries 0, 16, 32, ..., 240 and 255 (sRGB, 0-255). */
const INFERNO_STOPS: readonly (readonly [number, number, number])[] = [
  [0, 0, 4],
  [11, 7, 36],
  [33, 12, 74],
  [61, 9, 101],
  [87, 16, 110],
  [113, 25, 110],
  [138, 34, 106],
  [163, 44, 97],
  [188, 55, 84],
  [210, 70, 68],
  [228, 90, 49],
  [241, 115, 29],
  [249, 142, 9],
  [252, 172, 17],
  [249, 203, 53],
  [242, 234, 105],
  [252, 255, 164],
];

/** Fraction (0..1) of the colour scale of each stop: entry n of 256 is at n / 255. */
const STOP_AT = INFERNO_STOPS.map((_, n) => Math.min(n * 16, 255) / 255);

/** The inferno colour at `fraction` of the scale (clamped to 0..1), RGB 0-255. */
export function inferno(fraction: number): [number, number, number] {
  const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  let n = 1;
  while (n < STOP_AT.length - 1 && (STOP_AT[n] ?? 1) < f) n++;
  const lo = INFERNO_STOPS[n - 1] ?? [0, 0, 0];
  const hi = INFERNO_STOPS[n] ?? lo;
  const a = STOP_AT[n - 1] ?? 0;
  const b = STOP_AT[n] ?? 1;
  const t = b > a ? (f - a) / (b - a) : 0;
  return [lo[0] + t * (hi[0] - lo[0]), lo[1] + t * (hi[1] - lo[1]), lo[2] + t * (hi[2] - lo[2])];
}

/** Grey level 0-255 of a CT value in a window (width and level, HU): linear, clamped. */
export function ctGrey(hu: number, window: { widthHu: number; levelHu: number }): number {
  const low = window.levelHu - window.widthHu / 2;
  const fraction = (hu - low) / window.widthHu;
  return 255 * Math.min(Math.max(Number.isFinite(fraction) ? fraction : 0, 0), 1);
}
