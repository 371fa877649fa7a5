/**
 * The encoded bytes of each frame of an instance's Pixel Data, as views into its bytes: native
 * data cut into frames (PS3.5 8.1.1, length checked), encapsulated data (PS3.5 A.4) one fragment
 * per frame, or grouped into frames by the Basic Offset Table; only a frame spread over several
 * fragments is copied (joined).
 */
import { InputError } from '../../../core/errors.ts';
import { isEncapsulated, type PixelFormat } from './codecs.ts';
import { checkNativeLength } from './pixel-checks.ts';
import { TAG } from '../tags.ts';
import type { DicomInstance } from './instance.ts';

function join(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Frame bytes of `instance` (count frames of `format`). */
export function frameViews(
  instance: DicomInstance,
  count: number,
  format: PixelFormat,
): Uint8Array[] {
  const ref = instance.pixelData;
  const file = instance.path;
  if (ref === null || (!ref.encapsulated && ref.bytes.byteLength === 0)) {
    throw new InputError(
      { file, field: TAG.pixelData },
      'no pixel data',
      'the file is truncated before its image, or holds none: copy or export it again',
    );
  }
  if (!ref.encapsulated || !isEncapsulated(instance.transferSyntaxUid)) {
    if (ref.encapsulated) {
      throw new InputError(
        { file, field: TAG.pixelData },
        `encapsulated (compressed) pixel data in a file whose transfer syntax ${instance.transferSyntaxUid} is uncompressed`,
        'the file is damaged: copy or export it again',
      );
    }
    const all = ref.bytes;
    checkNativeLength(all.byteLength, format, count, file);
    const frameLength = format.rows * format.columns * (format.bitsAllocated / 8);
    return Array.from({ length: count }, (_, f) =>
      all.subarray(f * frameLength, (f + 1) * frameLength),
    );
  }
  const { fragments, offsets, fragmentOffsets } = ref;
  if (fragments.length === count) return [...fragments];
  if (count === 1) return [join(fragments)];
  if (offsets.length === count) {
    // Basic Offset Table: frame f starts at the fragment whose item lies at offsets[f].
    const starts = offsets.map((o) => fragmentOffsets.indexOf(o));
    // The first frame starts at the first fragment (PS3.5 A.4: its offset is 0), the others after.
    if (starts.every((s, f) => (f === 0 ? s === 0 : s > (starts[f - 1] ?? 0)))) {
      return starts.map((s, f) => join(fragments.slice(s, starts[f + 1] ?? fragments.length)));
    }
  }
  throw new InputError(
    { file, field: TAG.pixelData },
    `${fragments.length} compressed fragments for ${count} frames and no usable Basic Offset Table`,
    'store the multi-frame image with a Basic Offset Table or one fragment per frame',
  );
}
