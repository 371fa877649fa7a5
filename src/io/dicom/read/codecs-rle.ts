/**
 * RLE Lossless decoder (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, one
 * PackBits segment per byte plane (most significant byte first), planes re-interleaved into
 * little-endian samples.
 */

/** Decode one RLE frame to little-endian sample bytes (rows x columns x bytesPerSample). */
export function decodeRle(frame: Uint8Array, pixels: number, bytesPerSample: number): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) {
    throw new Error(
      `RLE frame has ${segments} segments, expected ${bytesPerSample} (one per byte)`,
    );
  }
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.byteLength;
    // Segment 0 holds the most significant byte; little-endian output puts it last.
    const byteInSample = bytesPerSample - 1 - s;
    unpackBits(frame, start, end, out, byteInSample, bytesPerSample, pixels);
  }
  return out;
}

function unpackBits(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  offset: number,
  stride: number,
  pixels: number,
): void {
  let p = start;
  let n = 0;
  while (p < end && n < pixels) {
    const header = src[p++] ?? 0;
    if (header < 128) {
      // Literal run of header + 1 bytes.
      for (let c = 0; c <= header && n < pixels; c++) out[offset + stride * n++] = src[p++] ?? 0;
    } else if (header > 128) {
      // Replicate the next byte 257 - header times.
      const value = src[p++] ?? 0;
      for (let c = 0; c < 257 - header && n < pixels; c++) out[offset + stride * n++] = value;
    }
    // header === 128: no operation.
  }
  if (n < pixels) throw new Error(`RLE segment decoded ${n} of ${pixels} samples`);
}
