/**
 * The byte reader (io/dicom/read/parse-instance.ts) against pydicom reading the same bytes
 * (test/helpers/dump-dataset.py): files written by dcmjs (explicit and implicit VR little endian,
 * a PET radiopharmaceutical sequence with a nested code sequence) and by pydicom
 * (scripts/make-dicom-fixtures.py: implicit VR classic PET, Enhanced PET whose functional groups
 * nest defined-length sequences), an encapsulated file with two fragments per frame and a Basic
 * Offset Table (pydicom's encapsulate), and truncated or damaged bytes (InputErrors).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { readPetSeries } from '../../../src/io/dicom/read/read-pet-series.ts';
import { assembleSeries } from '../../../src/io/dicom/read/assemble-instances.ts';
import type { Dataset } from '../../../src/io/dicom/read/instance.ts';
import { parseInstance } from '../../../src/io/dicom/read/parse-instance.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import { seriesInstances, type SeriesSpec } from '../../fixtures/dicom/make-series.ts';
import { hasPydicom, warnMissing } from '../../helpers/external-tools.ts';
import { tempDir } from '../../helpers/temp.ts';

const PYTHON = '/usr/bin/python3';
const DUMP = join(import.meta.dirname, '../../helpers/dump-dataset.py');
const FIXTURES = join(import.meta.dirname, '../../../scripts/make-dicom-fixtures.py');
const withPydicom = hasPydicom();
if (!withPydicom) warnMissing('python3-pydicom', 'byte reader against pydicom');
const OUT = tempDir('iodose-parse-instance-');

const PET: SeriesSpec = {
  modality: 'PT',
  seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.40.1',
  columns: 4,
  rows: 3,
  slices: 2,
  pixelSpacingMm: [2, 2.5],
  orientation: [1, 0, 0, 0, 1, 0],
  position: (k) => [-3, -2, 5 * k],
  rescaleSlope: (k) => 0.25 + k,
  seriesDescription: 'PET  with spaces ',
  extra: {
    PatientName: 'Doe^Jane',
    Units: 'BQML',
    DecayCorrection: 'START',
    CorrectedImage: ['ATTN', 'DECY'],
    SeriesDate: '20240305',
    SeriesTime: '091500.25',
    RadiopharmaceuticalInformationSequence: [
      {
        Radiopharmaceutical: 'Sodium iodide I-124',
        RadionuclideTotalDose: 37000000,
        RadionuclideHalfLife: 360806.4,
        RadiopharmaceuticalStartDateTime: '20240304091500',
        RadionuclideCodeSequence: [
          { CodeValue: '40937006', CodingSchemeDesignator: 'SCT', CodeMeaning: '^124^Iodine' },
        ],
      },
    ],
  },
};

type Dump = Record<string, { vr: string; value: unknown[] }>;

function pydicomDump(path: string): Dump {
  return JSON.parse(execFileSync(PYTHON, [DUMP, path]).toString('utf8')) as Dump;
}

/** Ours as pydicom's JSON: lists, names as strings, no empty values. */
function asReference(value: unknown, vr: string): unknown[] {
  const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== '');
  if (vr === 'PN') {
    return list.map((p) => {
      const n = p as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
      return [n.Alphabetic ?? '', n.Ideographic, n.Phonetic]
        .filter((c) => c !== undefined)
        .join('=');
    });
  }
  return list;
}

/** Every element pydicom reads is in our data set with the same value (sequences item by item). */
function expectSameAsPydicom(ours: Dataset, reference: Dump): void {
  for (const [keyword, { vr, value }] of Object.entries(reference)) {
    if (vr === 'SQ') {
      const items = ours[keyword] as Dataset[];
      expect(items, keyword).toHaveLength(value.length);
      value.forEach((item, n) => expectSameAsPydicom(items[n] as Dataset, item as Dump));
      continue;
    }
    const mine = asReference(ours[keyword], vr);
    const theirs = value.map((v) => (typeof v === 'string' ? v.trim() : v));
    const trimmed = mine.map((v) => (typeof v === 'string' ? v.trim() : v));
    expect(trimmed, keyword).toEqual(theirs);
  }
}

describe.skipIf(!withPydicom)('the byte reader reads what pydicom reads', () => {
  beforeAll(() => {
    execFileSync(PYTHON, [FIXTURES, OUT]);
  });

  it.each([
    ['explicit VR little endian (dcmjs)', '1.2.840.10008.1.2.1'],
    ['implicit VR little endian (dcmjs)', '1.2.840.10008.1.2'],
  ])('%s, with a nested sequence', (_name, syntax) => {
    const dir = join(OUT, `dcmjs-${syntax}`);
    mkdirSync(dir, { recursive: true });
    const [first] = seriesInstances(PET, syntax);
    const path = join(dir, first?.name ?? '');
    writeFileSync(path, first?.bytes ?? new Uint8Array());
    const parsed = parseInstance({ bytes: readFileSync(path), source: path });
    expect(parsed?.transferSyntaxUid).toBe(syntax);
    const radio = (parsed?.dataset['RadiopharmaceuticalInformationSequence'] as Dataset[])[0];
    expect(radio?.['RadionuclideHalfLife']).toBe(360806.4);
    const reference = pydicomDump(path);
    expect(Object.keys(reference).length).toBeGreaterThan(25);
    expectSameAsPydicom(parsed?.dataset ?? {}, reference);
  });

  it.each(['classic', 'enhanced'])('pydicom-written %s PET (defined-length sequences)', (kind) => {
    const dir = join(OUT, kind);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const parsed = parseInstance({ bytes: readFileSync(path), source: path });
      expectSameAsPydicom(parsed?.dataset ?? {}, pydicomDump(path));
    }
  });

  it('the header read from the first bytes is the header of the whole file', () => {
    const path = join(OUT, 'enhanced', readdirSync(join(OUT, 'enhanced'))[0] ?? '');
    const bytes = readFileSync(path);
    const whole = parseInstance({ bytes, source: path });
    const start = (whole?.pixelData as { bytes: Uint8Array }).bytes.byteOffset - bytes.byteOffset;
    const header = parseInstance(
      { bytes: bytes.subarray(0, start), source: path },
      { headerOnly: true, fileLength: bytes.length },
    );
    expect(header?.hasPixelData).toBe(true);
    expect(header?.pixelDataLength).toBe(bytes.length - start);
    expect(header?.dataset).toEqual(whole?.dataset);
  });

  it('two fragments per frame with a Basic Offset Table (pydicom encapsulate) read as frames', () => {
    const source = join(OUT, 'enhanced', readdirSync(join(OUT, 'enhanced'))[0] ?? '');
    const dir = join(OUT, 'fragments');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, 'enhanced-rle.dcm');
    const script = [
      'import sys, pydicom',
      'from pydicom.encaps import encapsulate, generate_pixel_data_frame',
      'from pydicom.uid import RLELossless',
      'ds = pydicom.dcmread(sys.argv[1]); ds.compress(RLELossless)',
      'frames = list(generate_pixel_data_frame(ds.PixelData, int(ds.NumberOfFrames)))',
      'ds.PixelData = encapsulate(frames, fragments_per_frame=2, has_bot=True)',
      'ds.save_as(sys.argv[2])',
    ].join('\n');
    execFileSync(PYTHON, ['-c', script, source, target]);
    const parsed = parseInstance({ bytes: readFileSync(target), source: target });
    const ref = parsed?.pixelData;
    expect(ref?.encapsulated).toBe(true);
    if (ref?.encapsulated !== true) return;
    expect(ref.offsets).toHaveLength(5);
    expect(ref.fragments).toHaveLength(10);
    const manifest = { administeredAt: '2024-03-04T09:15:00', halfLifeH: I124.halfLifeH };
    const fragmented = readPetSeries(dir, manifest);
    const reference = readPetSeries(join(OUT, 'enhanced'), manifest);
    expect(Array.from(fragmented.volume.data)).toEqual(Array.from(reference.volume.data));
  });
});

describe('truncated or damaged bytes', () => {
  const [first] = seriesInstances(PET);
  const bytes = first?.bytes ?? new Uint8Array();

  it('every cut of a file is an InputError naming the source, never another error', () => {
    for (let cut = 0; cut < bytes.length; cut += 7) {
      const input = { bytes: bytes.subarray(0, cut), source: 'upload-3' };
      const run = () => assembleSeries([input], { label: 'the upload' });
      expect(run, `cut at ${cut}`).toThrow(InputError);
      expect(run, `cut at ${cut}`).toThrow(cut < 132 ? /the upload/ : /upload-3/);
    }
  });

  it('a wrong VR, or a length past the end, is an InputError naming the element', () => {
    const rows = Buffer.from(bytes).indexOf(Buffer.from([0x28, 0x00, 0x10, 0x00, 0x55, 0x53]));
    expect(rows).toBeGreaterThan(132);
    const wrongVr = bytes.slice();
    // "US" -> "FL": a valid VR, but not the one PS3.6 gives Rows.
    wrongVr[rows + 4] = 0x46;
    wrongVr[rows + 5] = 0x4c;
    expect(() => parseInstance({ bytes: wrongVr, source: 'upload-4' })).toThrow(
      /upload-4: \(0028,0010\) Rows: VR FL where PS3.6 gives US/,
    );
    const long = bytes.slice();
    long[rows + 6] = 0xff;
    expect(() => parseInstance({ bytes: long, source: 'upload-5' })).toThrow(
      /upload-5: truncated or damaged DICOM file/,
    );
  });

  it('bytes that are not DICOM give null (skipped), a damaged prefix an InputError', () => {
    expect(parseInstance({ bytes: new Uint8Array(300), source: 'x' })).toBeNull();
    const damaged = bytes.slice();
    damaged[129] = 0;
    expect(() => parseInstance({ bytes: damaged, source: 'upload-6' })).toThrow(
      /upload-6: the "DICM" prefix at byte 128 is damaged/,
    );
  });
});
