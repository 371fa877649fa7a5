/**
 * Stored pixels of an RT Dose (PS3.3 C.8.8.3.4): unsigned integers (Pixel Representation 0, the
 * only one allowed unless Dose Type is ERROR) of 16 or 32 bits, with dose (Gy) = stored x Dose
 * Grid Scaling (3004,000E). The scaling maps the largest dose to the top of the range
 * (2^bits - 1), so |stored x scaling - dose| <= scaling / 2 = max dose / (2 (2^bits - 1)):
 * 7.6e-6 of the maximum for 16 bits, 1.2e-10 for 32 bits (below the 6e-8 relative precision of
 * the Float32 dose itself). The scaling is rounded to what a DS (16 characters) keeps before
 * quantising, so the reader's product is the one the bound applies to.
 */
import { InputError } from '../../../core/errors.ts';
import type { Volume } from '../../../core/volume.ts';
import { decimalString } from './write-format.ts';

/** Bits Allocated (= Bits Stored) of the written dose pixels. */
export type DoseBits = 16 | 32;

/** Largest stored value of an unsigned pixel of `bits` bits. */
export function storedMax(bits: DoseBits): number {
  return bits === 16 ? 65535 : 4294967295;
}

/** The frames' stored pixels, frame after frame, and the scaling that turns them into Gy. */
export interface QuantisedDose {
  pixels: Uint16Array | Uint32Array;
  /** Dose Grid Scaling (3004,000E), Gy per stored unit, as written (DS). */
  doseGridScaling: string;
  /** Largest |stored x scaling - dose| over the grid, Gy (bound: scaling / 2). */
  maxErrorGy: number;
  /** Largest dose, Gy. */
  maxDoseGy: number;
}

/** The first voxel whose dose is NaN, infinite or negative, as an InputError; null if none. */
function badVoxel(dose: Volume): InputError | null {
  const [nx, ny] = dose.size;
  for (let n = 0; n < dose.data.length; n++) {
    const v = dose.data[n] as number;
    if (Number.isFinite(v) && v >= 0) continue;
    const i = n % nx;
    const j = Math.floor(n / nx) % ny;
    const k = Math.floor(n / (nx * ny));
    return new InputError(
      { field: `dose voxel (${i}, ${j}, ${k})` },
      `every dose must be a finite number >= 0 Gy, found ${v}`,
      'a dose map with NaN or negative voxels cannot be exported as RT Dose; fix its computation',
    );
  }
  return null;
}

/**
 * The dose of `dose` (Gy) as unsigned stored values of `bits` bits in frame order `frameSlice`
 * (frame f holds slice frameSlice[f]), with its Dose Grid Scaling and realised quantisation error.
 */
export function quantiseDose(
  dose: Volume,
  frameSlice: readonly number[],
  bits: DoseBits,
): QuantisedDose {
  const [nx, ny, nk] = dose.size;
  const plane = nx * ny;
  if (dose.data.length !== plane * nk) {
    throw new InputError(
      { field: 'dose.data' },
      `the dose has ${dose.data.length} voxels, its size ${nx} x ${ny} x ${nk} needs ${plane * nk}`,
    );
  }
  const bad = badVoxel(dose);
  if (bad !== null) throw bad;
  let maxDoseGy = 0;
  for (const v of dose.data) if (v > maxDoseGy) maxDoseGy = v;
  // An all-zero dose is legitimate (no uptake): any scaling represents it exactly.
  const top = storedMax(bits);
  const doseGridScaling = maxDoseGy > 0 ? decimalString(maxDoseGy / top) : '1';
  const scale = Number(doseGridScaling);
  const pixels = bits === 16 ? new Uint16Array(plane * nk) : new Uint32Array(plane * nk);
  let maxErrorGy = 0;
  for (let f = 0; f < nk; f++) {
    const k = frameSlice[f] as number;
    for (let n = 0; n < plane; n++) {
      const v = dose.data[k * plane + n] as number;
      const stored = Math.min(top, Math.round(v / scale));
      pixels[f * plane + n] = stored;
      const error = Math.abs(stored * scale - v);
      if (error > maxErrorGy) maxErrorGy = error;
    }
  }
  return { pixels, doseGridScaling, maxErrorGy, maxDoseGy };
}
