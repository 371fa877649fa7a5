/**
 * Transfer syntaxes: one uncompressed series (dcmjs, explicit VR little endian, signed CT with
 * negative stored values) re-encoded by dcmtk (dcmcrle: RLE; dcmcjpls: JPEG-LS lossless;
 * dcmcjpeg: JPEG lossless SV1 and predictor 6; dcmconv +td: deflated) and by OpenJPEG's
 * encoder (@cornerstonejs/codec-openjpeg, JPEG 2000 lossless, written with dcmjs); each decodes
 * to exactly the same voxels and geometry. Skipped, loudly, when dcmtk is missing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSeries, type LoadedSeries } from '../../../src/io/dicom/read/read-series.ts';
import { parseDicomFile } from '../../../src/io/dicom/read/read-file.ts';
import { writeDataset, writeSeries } from '../../fixtures/dicom/make-series.ts';
import { tempDir } from '../../helpers/temp.ts';

const hasDcmtk = (() => {
  try {
    execFileSync('dcmcjpls', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(
      'dcmtk (dcmcjpls, dcmcrle, dcmcjpeg, dcmconv) not found: compressed transfer syntax tests skipped',
    );
    return false;
  }
})();

const SOURCE = tempDir('iodose-codec-src-');
let reference: LoadedSeries;

beforeAll(() => {
  writeSeries(SOURCE, {
    modality: 'CT',
    seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.30.1',
    columns: 8,
    rows: 6,
    slices: 5,
    pixelSpacingMm: [0.8, 0.8],
    orientation: [1, 0, 0, 0, 1, 0],
    position: (k) => [0, 0, 3 * k],
    rescaleIntercept: -1024,
    value: (i, j, k) => 1000 * k - 2000 + 37 * j - 5 * i,
  });
  reference = readSeries(SOURCE);
});

/** Re-encode every file of SOURCE with `tool args in out` into a new folder. */
function convert(tool: string, args: string[]): string {
  const out = tempDir(`iodose-${tool}-`);
  for (const name of readdirSync(SOURCE))
    execFileSync(tool, [...args, join(SOURCE, name), join(out, name)]);
  return out;
}

function expectSameAsReference(dir: string, transferSyntaxUid: string): void {
  const first = readdirSync(dir)[0] ?? '';
  expect(parseDicomFile(join(dir, first), { headerOnly: true })?.transferSyntaxUid).toBe(
    transferSyntaxUid,
  );
  const s = readSeries(dir);
  expect(s.volume.size).toEqual(reference.volume.size);
  expect(s.volume.originLps).toEqual(reference.volume.originLps);
  expect(s.volume.spacingMm).toEqual(reference.volume.spacingMm);
  expect(s.volume.direction).toEqual(reference.volume.direction);
  expect(Array.from(s.volume.data)).toEqual(Array.from(reference.volume.data));
}

describe.skipIf(!hasDcmtk)('compressed and deflated transfer syntaxes (dcmtk)', () => {
  it('reads the uncompressed reference: stored -2000 + 1000 k + 37 j - 5 i, HU = stored - 1024', () => {
    expect(reference.volume.data[0]).toBe(-3024);
    expect(reference.volume.data[reference.volume.data.length - 1]).toBe(
      1000 * 4 - 2000 + 37 * 5 - 35 - 1024,
    );
  });
  it('RLE Lossless 1.2.840.10008.1.2.5 (dcmcrle)', () => {
    expectSameAsReference(convert('dcmcrle', []), '1.2.840.10008.1.2.5');
  });
  it('JPEG-LS lossless 1.2.840.10008.1.2.4.80 (dcmcjpls)', () => {
    expectSameAsReference(convert('dcmcjpls', []), '1.2.840.10008.1.2.4.80');
  });
  it('JPEG lossless SV1 1.2.840.10008.1.2.4.70 (dcmcjpeg)', () => {
    expectSameAsReference(convert('dcmcjpeg', []), '1.2.840.10008.1.2.4.70');
  });
  it('JPEG lossless predictor 6 1.2.840.10008.1.2.4.57 (dcmcjpeg +el)', () => {
    expectSameAsReference(convert('dcmcjpeg', ['+el']), '1.2.840.10008.1.2.4.57');
  });
  it('Deflated explicit VR little endian 1.2.840.10008.1.2.1.99 (dcmconv +td)', () => {
    expectSameAsReference(convert('dcmconv', ['+td']), '1.2.840.10008.1.2.1.99');
  });
  it('refuses lossy baseline JPEG 1.2.840.10008.1.2.4.50 with the transfer syntax named', () => {
    // Quantitative values cannot survive lossy JPEG; the refusal comes before any decoding.
    const out = tempDir('iodose-jpeg-baseline-');
    for (const name of readdirSync(SOURCE)) {
      const file = parseDicomFile(join(SOURCE, name));
      if (file === null) throw new Error('fixture not DICOM');
      const ds = {
        ...file.dataset,
        PixelData: [new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer],
        _vrMap: { PixelData: 'OB' },
      };
      writeDataset(join(out, name), ds, '1.2.840.10008.1.2.4.50');
    }
    expect(() => readSeries(out)).toThrow(
      /\(0002,0010\) Transfer Syntax UID: transfer syntax 1\.2\.840\.10008\.1\.2\.4\.50 is not supported/,
    );
  });
});

describe('JPEG 2000 (OpenJPEG encoder, written with dcmjs)', () => {
  it('JPEG 2000 lossless 1.2.840.10008.1.2.4.90 decodes to the same voxels', async () => {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as () => Promise<OpenJpeg>;
    const openjpeg = await factory();
    const out = tempDir('iodose-j2k-');
    for (const name of readdirSync(SOURCE)) {
      const file = parseDicomFile(join(SOURCE, name));
      if (file === null) throw new Error('fixture not DICOM');
      const ds = { ...file.dataset };
      const raw = new Int16Array((ds['PixelData'] as ArrayBuffer[])[0] as ArrayBuffer);
      ds['PixelData'] = [encodeJ2k(openjpeg, raw, 8, 6)];
      ds['_vrMap'] = { PixelData: 'OB' };
      writeDataset(join(out, name), ds, '1.2.840.10008.1.2.4.90');
    }
    expectSameAsReference(out, '1.2.840.10008.1.2.4.90');
  });
});

interface J2KEncoder {
  getDecodedBuffer(info: object): Uint8Array;
  setDecompositions(levels: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}
interface OpenJpeg {
  J2KEncoder: new () => J2KEncoder;
}

function encodeJ2k(
  openjpeg: OpenJpeg,
  samples: Int16Array,
  width: number,
  height: number,
): ArrayBuffer {
  const encoder = new openjpeg.J2KEncoder();
  const info = {
    width,
    height,
    bitsPerSample: 16,
    componentCount: 1,
    isSigned: true,
    isUsingColorTransform: false,
  };
  encoder.setDecompositions(2); // 8 x 6 pixels: the default 5 levels do not fit
  encoder
    .getDecodedBuffer(info)
    .set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  encoder.encode();
  const bytes = encoder.getEncodedBuffer().slice();
  encoder.delete();
  return bytes.buffer;
}
