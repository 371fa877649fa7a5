/**
 * WebAssembly decoders for JPEG-LS (CharLS, PS3.5 A.4.3) and JPEG 2000 (OpenJPEG, PS3.5 A.4.4),
 * initialised once when this module is imported (top-level await, about 50 ms).
 */
import { createRequire } from 'node:module';

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  delete(): void;
}

interface CharlsModule {
  JpegLSDecoder: new () => WasmDecoder;
}
interface OpenJpegModule {
  J2KDecoder: new () => WasmDecoder;
}

const require = createRequire(import.meta.url);
const charlsFactory =
  require('@cornerstonejs/codec-charls/decodewasmjs') as () => Promise<CharlsModule>;
const openJpegFactory =
  require('@cornerstonejs/codec-openjpeg/decodewasmjs') as () => Promise<OpenJpegModule>;
const [charls, openJpeg] = await Promise.all([charlsFactory(), openJpegFactory()]);

function run(decoder: WasmDecoder, encoded: Uint8Array): Uint8Array {
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    return decoder.getDecodedBuffer().slice();
  } finally {
    decoder.delete();
  }
}

/** Decode a JPEG-LS codestream to little-endian sample bytes. */
export function decodeJpegLs(encoded: Uint8Array): Uint8Array {
  return run(new charls.JpegLSDecoder(), encoded);
}

/** Decode a JPEG 2000 (or HTJ2K) codestream to little-endian sample bytes. */
export function decodeJpeg2000(encoded: Uint8Array): Uint8Array {
  return run(new openJpeg.J2KDecoder(), encoded);
}
