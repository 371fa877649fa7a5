// The PNG encoder against an independent reader (test/helpers/png-decode.py: Python's zlib for
// CRC-32 and inflate, its own unfiltering): the pixels come back exactly.
import { describe, expect, it } from 'vitest';
import { crc32, encodePngRgb } from '../../src/report/png.ts';
import { decodePngWithPython, hasPython, warnMissing } from '../helpers/external-tools.ts';

const python = hasPython();

function image(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  // Ramps, a checker and wrap-around differences (0 next to 255) exercise the Sub filter.
  for (let n = 0; n < rgb.length; n++) rgb[n] = (n * 37 + ((n / 3) % 2) * 200) & 0xff;
  return rgb;
}

describe('PNG encoder', () => {
  it('CRC-32 of "123456789" is 0xCBF43926 (the standard check value)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it.each([
    [1, 1],
    [7, 3],
    [119, 126],
  ])('a %i x %i image decodes to the same pixels in Python', (width, height) => {
    if (!python) {
      warnMissing('python3', 'PNG decode round trip');
      return;
    }
    const rgb = image(width, height);
    const decoded = decodePngWithPython(encodePngRgb(width, height, rgb));
    expect(decoded).toMatchObject({ width, height, chunks: ['IHDR', 'IDAT', 'IEND'] });
    expect(Buffer.compare(decoded.rgb, Buffer.from(rgb))).toBe(0);
  });

  it('refuses data of the wrong length', () => {
    expect(() => encodePngRgb(2, 2, new Uint8Array(11))).toThrow(/expected 12/);
  });
});
