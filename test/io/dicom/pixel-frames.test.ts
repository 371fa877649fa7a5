/**
 * Frames of encapsulated Pixel Data grouped by the Basic Offset Table (PS3.5 A.4): the table's
 * first offset is 0 (the first frame starts at the first fragment); a table that starts later
 * would drop fragments, so it is refused, not followed.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import type { DicomInstance } from '../../../src/io/dicom/read/instance.ts';
import { frameViews } from '../../../src/io/dicom/read/pixel-frames.ts';
import { TS } from '../../../src/io/dicom/tags.ts';

/** Four 8-byte fragments (items of 16 bytes with their tags) and a table of `offsets`. */
function instance(offsets: number[]): DicomInstance {
  const fragments = [0, 1, 2, 3].map((n) => new Uint8Array(8).fill(n));
  return {
    path: 'rle.dcm',
    transferSyntaxUid: TS.rle,
    mediaStorageSopClassUid: '',
    dataset: {},
    sha256: '',
    pixelData: {
      encapsulated: true,
      vr: 'OB',
      offsets,
      fragments,
      fragmentOffsets: [0, 16, 32, 48],
    },
    hasPixelData: true,
    pixelDataLength: null,
    pixelDataOffset: null,
  };
}
const format = { rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0 };

describe('frameViews with a Basic Offset Table', () => {
  it('joins the fragments of each frame from the offsets [0, 32]', () => {
    const frames = frameViews(instance([0, 32]), 2, format);
    expect(frames.map((f) => Array.from(f))).toEqual([
      [...new Array(8).fill(0), ...new Array(8).fill(1)],
      [...new Array(8).fill(2), ...new Array(8).fill(3)],
    ]);
  });

  it('refuses a table whose first offset is not 0 (fragment 0 would be dropped)', () => {
    expect(() => frameViews(instance([16, 32]), 2, format)).toThrow(InputError);
    expect(() => frameViews(instance([16, 32]), 2, format)).toThrow(/no usable Basic Offset Table/);
  });
});
