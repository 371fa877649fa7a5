/**
 * Stored pixel values for 16-bit signed slices (PS3.3 C.11.1.1.2: output = stored x Rescale Slope
 * (0028,1053) + Rescale Intercept (0028,1052)).
 */

/** Largest stored value used by the PET writer (Int16 maximum). */
const INT16_MAX = 32767;

/** One slice's stored pixels and its rescale slope. */
export interface QuantisedSlice {
  pixels: Int16Array;
  slope: number;
}

/**
 * PET slice: intercept 0 (required for PET, C.8.9.4.1.1) and a per-slice slope chosen so that the
 * largest magnitude maps to 32767; slope 1 for an all-zero slice. The slope is rounded to the
 * digits that survive a DS (16 characters) first, so stored x slope is what a reader computes.
 */
export function quantisePetSlice(
  values: ArrayLike<number>,
  scale: number,
  roundSlope: (slope: number) => number,
): QuantisedSlice {
  let maxAbs = 0;
  for (let n = 0; n < values.length; n++)
    maxAbs = Math.max(maxAbs, Math.abs((values[n] ?? 0) * scale));
  const slope = maxAbs > 0 ? roundSlope(maxAbs / INT16_MAX) : 1;
  const pixels = new Int16Array(values.length);
  for (let n = 0; n < values.length; n++) {
    const q = Math.round(((values[n] ?? 0) * scale) / slope);
    pixels[n] = Math.max(-INT16_MAX, Math.min(INT16_MAX, q));
  }
  return { pixels, slope };
}

/** CT slice in HU: stored = round(HU - intercept), clamped to Int16. */
export function quantiseCtSlice(values: ArrayLike<number>, interceptHu: number): Int16Array {
  const pixels = new Int16Array(values.length);
  for (let n = 0; n < values.length; n++) {
    const q = Math.round((values[n] ?? 0) - interceptHu);
    pixels[n] = Math.max(-32768, Math.min(32767, q));
  }
  return pixels;
}
