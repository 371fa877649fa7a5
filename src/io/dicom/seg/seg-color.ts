/**
 * Recommended Display CIELab Value (0062,000D) of a segment (PS3.3 C.8.20.2, C.10.7.1.1): sRGB
 * (0-255) to CIE L*a*b* relative to the D50 white of the ICC profile connection space (sRGB
 * primaries Bradford-adapted to D50, Lindbloom's matrix), scaled to 0-65535 (L* 0-100, a* and b*
 * -128 to 127).
 */

/** An sRGB colour, each channel 0-255. */
export type Rgb = readonly [number, number, number];

/** Distinct default colours of segments 1, 2, ... (cycled). */
export const SEGMENT_PALETTE: readonly Rgb[] = [
  [230, 25, 75],
  [60, 180, 75],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [210, 245, 60],
];

const SRGB_TO_XYZ_D50 = [
  0.4360747, 0.3850649, 0.1430804, 0.2225045, 0.7168786, 0.0606169, 0.0139322, 0.0971045, 0.7141733,
] as const;
const WHITE_D50 = [0.96422, 1, 0.82521] as const;

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function f(t: number): number {
  const e = 216 / 24389;
  const k = 24389 / 27;
  return t > e ? Math.cbrt(t) : (k * t + 16) / 116;
}

/** The DICOM-scaled CIELab triplet (three integers 0-65535) of an sRGB colour. */
export function rgbToDicomLab(rgb: Rgb): [number, number, number] {
  for (const c of rgb) {
    if (!(c >= 0 && c <= 255))
      throw new Error(`colour channels must be 0-255, got ${rgb.join(',')}`);
  }
  const r = linear(rgb[0]);
  const g = linear(rgb[1]);
  const b = linear(rgb[2]);
  const m = SRGB_TO_XYZ_D50;
  const fx = f((m[0] * r + m[1] * g + m[2] * b) / WHITE_D50[0]);
  const fy = f((m[3] * r + m[4] * g + m[5] * b) / WHITE_D50[1]);
  const fz = f((m[6] * r + m[7] * g + m[8] * b) / WHITE_D50[2]);
  const lStar = 116 * fy - 16;
  const aStar = 500 * (fx - fy);
  const bStar = 200 * (fy - fz);
  const clamp = (v: number) => Math.min(65535, Math.max(0, Math.round(v)));
  return [
    clamp((lStar * 65535) / 100),
    clamp(((aStar + 128) * 65535) / 255),
    clamp(((bStar + 128) * 65535) / 255),
  ];
}
