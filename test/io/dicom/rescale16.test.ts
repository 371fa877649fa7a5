/**
 * The WebAssembly 16-bit rescale (rescale16.ts) against the definition computed here sample by
 * sample: stored = the low Bits Stored bits of each 16-bit little-endian sample, sign-extended
 * when signed (PS3.5 8.1.1), value = stored x slope + intercept (PS3.3 C.11.1) in double
 * precision, then rounded to Float32 (or exact in Int16). Random samples with their high bits
 * set (so masking shows), pixel counts that are not whole groups of 8, a misaligned frame.
 */
import { describe, expect, it } from 'vitest';
import { rescale16Into } from '../../../src/io/dicom/read/rescale16.ts';

/** A 16-bit frame of `pixels` random words, at an odd byte offset of its buffer. */
function frame(pixels: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(2 * pixels + 1).subarray(1);
  let x = seed;
  for (let n = 0; n < bytes.length; n++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[n] = x >>> 16;
  }
  return bytes;
}

/** The definition: the n-th sample of `bytes`, its low `bits` bits, times m plus b. */
function expected(
  bytes: Uint8Array,
  n: number,
  bits: number,
  signed: boolean,
  m: number,
  b: number,
): number {
  const word = (bytes[2 * n] as number) | ((bytes[2 * n + 1] as number) << 8);
  const low = word & ((1 << bits) - 1);
  const stored = signed && low >= 1 << (bits - 1) ? low - (1 << bits) : low;
  return stored * m + b;
}

describe('rescale16Into', () => {
  const cases = [
    { bits: 16, signed: true, m: 0.13105874371986, b: 0 },
    { bits: 16, signed: false, m: 1.5, b: -1024.25 },
    { bits: 12, signed: false, m: 1, b: -1024 },
    { bits: 12, signed: true, m: 2.75e-3, b: 7 },
    { bits: 10, signed: true, m: -3, b: 1e6 },
  ];
  for (const { bits, signed, m, b } of cases) {
    it(`Float32: ${bits} bits stored, ${signed ? 'signed' : 'unsigned'}, slope ${m}, intercept ${b}: every value as defined`, () => {
      const pixels = 1003; // not a multiple of 8
      const bytes = frame(pixels, bits * 31 + (signed ? 1 : 0));
      const out = new Float32Array(pixels + 20).fill(-1);
      expect(rescale16Into(out, 10, bytes, pixels, 32 - bits, signed, m, b)).toBe(true);
      for (let n = 0; n < pixels; n++)
        expect(out[10 + n]).toBe(Math.fround(expected(bytes, n, bits, signed, m, b)));
      expect(out[9]).toBe(-1); // nothing written outside the slice
      expect(out[10 + pixels]).toBe(-1);
    });
  }

  it('Int16: 12-bit unsigned CT with intercept -1024 is exact, the range checked', () => {
    const pixels = 517;
    const bytes = frame(pixels, 5);
    const out = new Int16Array(pixels);
    expect(rescale16Into(out, 0, bytes, pixels, 20, false, 1, -1024)).toBe(true);
    for (let n = 0; n < pixels; n++) expect(out[n]).toBe(expected(bytes, n, 12, false, 1, -1024));
    // slope 2 of 16-bit signed values leaves Int16: refused, nothing written
    const before = out.slice();
    expect(rescale16Into(out, 0, bytes, pixels, 16, true, 2, 0)).toBe(false);
    expect(out).toEqual(before);
  });

  // Slope 1 runs in 16-bit lanes (addInt16); other slopes, and 16-bit unsigned samples, in 32-bit.
  const int16Cases = [
    { bits: 12, signed: true, b: -1024, fits: true },
    { bits: 15, signed: false, b: -1024, fits: true },
    { bits: 13, signed: false, b: 32767 - 8191, fits: true },
    { bits: 16, signed: true, b: 0, fits: true },
    { bits: 16, signed: true, b: -1024, fits: false },
    { bits: 15, signed: false, b: 20000, fits: false },
    { bits: 16, signed: false, b: 0, fits: false },
  ];
  for (const { bits, signed, b, fits } of int16Cases) {
    it(`Int16, slope 1: ${bits} bits ${signed ? 'signed' : 'unsigned'}, intercept ${b}: ${fits ? 'exact' : 'refused (leaves Int16)'}`, () => {
      const pixels = 1003; // not a multiple of 8
      const bytes = frame(pixels, bits * 17 + b);
      const out = new Int16Array(pixels + 20).fill(-7);
      const values = Array.from({ length: pixels }, (_, n) =>
        expected(bytes, n, bits, signed, 1, b),
      );
      // the definition agrees: some value leaves Int16 exactly when refused
      expect(values.every((v) => v >= -32768 && v <= 32767)).toBe(fits);
      expect(rescale16Into(out, 10, bytes, pixels, 32 - bits, signed, 1, b)).toBe(fits);
      if (fits) for (let n = 0; n < pixels; n++) expect(out[10 + n]).toBe(values[n]);
      else for (let n = 10; n < 10 + pixels; n++) expect(out[n]).toBe(-7);
      expect(out[9]).toBe(-7);
      expect(out[10 + pixels]).toBe(-7);
    });
  }

  it('Int16: refuses a fractional slope or intercept (the volume must become Float32)', () => {
    const out = new Int16Array(8);
    expect(rescale16Into(out, 0, frame(8, 1), 8, 16, true, 0.5, 0)).toBe(false);
    expect(rescale16Into(out, 0, frame(8, 1), 8, 16, true, 1, 0.5)).toBe(false);
  });
});
