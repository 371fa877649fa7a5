/**
 * Damaged DICOM is refused with one line naming the file and the problem (issue 7 item 6): real
 * PET/CT series from the project's writer, copies truncated at several offsets (File Meta, an
 * element header, an element value, the pixel data, an element boundary), with impossible pixel
 * format values, a missing or impossible Rescale Slope, Number of Frames 1e8, and slices that
 * disagree on Units, frame of reference, half-life or patient. Truncation offsets are found
 * independently of the reader: the Pixel Data tag bytes are searched in the file.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { readPetSeries } from '../../../src/io/dicom/read/read-pet-series.ts';
import { readSeries } from '../../../src/io/dicom/read/read-series.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import {
  ADMINISTERED_AT,
  dicomFiles,
  rewriteDicom,
  writeSmallCt,
  writeSmallPet,
} from '../../helpers/dicom-corrupt.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'iodose-corrupt-'));
  dirs.push(dir);
  return dir;
};
const readPet = (dir: string) =>
  readPetSeries(dir, { administeredAt: ADMINISTERED_AT, halfLifeH: I124.halfLifeH });

/** The one-line message of the InputError `read` throws. */
function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an InputError, the read succeeded');
}

/** Offset of the (7FE0,0010) Pixel Data element header (explicit VR little endian, OW). */
function pixelDataOffset(path: string): number {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57]));
  expect(at).toBeGreaterThan(132);
  return at;
}

describe('truncated files', () => {
  const cuts: [string, (path: string) => number, RegExp][] = [
    ['inside the File Meta Information', () => 140, /ends inside the File Meta Information/],
    ['inside an element header', () => 300 + 3, /truncated or damaged DICOM file/],
    [
      'inside the pixel data',
      (p) => readFileSync(p).length - 10,
      /\(7FE0,0010\) needs 24 bytes but only 14 remain/,
    ],
    [
      'one byte short',
      (p) => readFileSync(p).length - 1,
      /\(7FE0,0010\) needs 24 bytes but only 23 remain/,
    ],
    ['at the Pixel Data element (dcmjs reads the rest silently)', pixelDataOffset, /no pixel data/],
  ];
  for (const [where, offset, problem] of cuts) {
    it(`refuses a PET slice cut ${where}, naming the file`, () => {
      const dir = temp();
      const file = writeSmallPet(dir)[2] as string;
      truncateSync(file, offset(file));
      const message = refusal(() => readPet(dir));
      expect(message).toContain(file);
      expect(message).toMatch(problem);
    });
  }

  it('refuses a CT slice cut inside its pixel data', () => {
    const dir = temp();
    const file = writeSmallCt(dir)[1] as string;
    truncateSync(file, readFileSync(file).length - 6);
    expect(refusal(() => readSeries(dir, { modality: 'CT' }))).toContain(file);
  });
});

describe('impossible pixel format values', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'Rows larger than the pixel data',
      '00280010',
      'US:4',
      /Pixel Data holds 24 bytes, but 4 x 4 pixels x 1 frame\(s\) x 2 bytes need 32/,
    ],
    [
      'Rows smaller than the pixel data',
      '00280010',
      'US:2',
      /Pixel Data holds 24 bytes, .* need 16/,
    ],
    ['Rows 0', '00280010', 'US:0', /\(0028,0010\) Rows: 0 is not an integer from 1 to 4096/],
    ['Bits Allocated 12', '00280100', 'US:12', /Bits Allocated 12 is not supported/],
    [
      'Pixel Representation 2',
      '00280103',
      'US:2',
      /Pixel Representation: 2 is not an integer from 0 to 1/,
    ],
    [
      'Number of Frames 1e8',
      '00280008',
      'IS:100000000',
      /Number of Frames: 100000000 is not an integer from 1 to 100000/,
    ],
    ['Number of Frames 0', '00280008', 'IS:0', /Number of Frames: 0 is not an integer/],
    [
      'Number of Frames 2 for one frame of pixels',
      '00280008',
      'IS:2',
      /Pixel Data holds 24 bytes, .* x 2 frame\(s\) .* need 48/,
    ],
  ];
  for (const [what, tag, value, problem] of cases) {
    it(`refuses ${what}`, () => {
      const dir = temp();
      const file = writeSmallPet(dir)[1] as string;
      const [vr, text] = value.split(':') as [string, string];
      rewriteDicom(file, (dict) => {
        dict[tag] = { vr, Value: [vr === 'US' ? Number(text) : text] };
      });
      const message = refusal(() => readPet(dir));
      expect(message).toContain(file);
      expect(message).toMatch(problem);
    });
  }

  it('refuses Number of Frames 1e8 in an Enhanced PET file before allocating anything', () => {
    const dir = temp();
    const file = writeSmallPet(dir, 1)[0] as string;
    rewriteDicom(file, (dict) => {
      dict['00080016'] = { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.130'] };
      dict['00280008'] = { vr: 'IS', Value: ['100000000'] };
    });
    expect(refusal(() => readPet(dir))).toMatch(/Number of Frames: 100000000 is not an integer/);
  });
});

describe('Rescale Slope (0028,1053)', () => {
  it('refuses a PET slice without Rescale Slope', () => {
    const dir = temp();
    const file = writeSmallPet(dir)[3] as string;
    rewriteDicom(file, (dict) => {
      delete dict['00281053'];
    });
    const message = refusal(() => readPet(dir));
    expect(message).toContain(file);
    expect(message).toMatch(/PET slice without Rescale Slope/);
  });

  for (const slope of ['0', '-1', 'NaN']) {
    it(`refuses a PET slope of ${slope}`, () => {
      const dir = temp();
      const file = writeSmallPet(dir)[0] as string;
      rewriteDicom(file, (dict) => {
        dict['00281053'] = { vr: 'DS', Value: [slope] };
      });
      const message = refusal(() => readPet(dir));
      expect(message).toContain(`${file}: (0028,1053) Rescale Slope`);
      expect(message).toMatch(
        /Rescale Slope(: "NaN" is not a valid DS number| "0": expected a positive| "-1": expected a positive)/,
      );
    });
  }

  it('refuses a slope with a damaged digit that dcmjs would silently repair (0.03C5 -> 0.035)', () => {
    const dir = temp();
    const file = writeSmallPet(dir)[0] as string;
    rewriteDicom(file, (dict) => {
      dict['00281053'] = { vr: 'DS', Value: ['0.03C5'] };
    });
    expect(refusal(() => readPet(dir))).toBe(
      `${file}: (0028,1053) Rescale Slope: "0.03C5" is not a valid DS number (PS3.5 6.2) (the file is damaged or incomplete: copy or export it again)`,
    );
  });

  it('refuses a CT slope of 0 and a CT slice with an intercept but no slope', () => {
    const dir = temp();
    const [a, b] = writeSmallCt(dir) as [string, string];
    rewriteDicom(a, (dict) => {
      dict['00281053'] = { vr: 'DS', Value: ['0'] };
    });
    expect(refusal(() => readSeries(dir))).toMatch(/Rescale Slope "0": expected a positive number/);
    rewriteDicom(a, (dict) => {
      dict['00281053'] = { vr: 'DS', Value: ['1'] };
    });
    rewriteDicom(b, (dict) => {
      delete dict['00281053'];
    });
    const message = refusal(() => readSeries(dir));
    expect(message).toContain(b);
    expect(message).toMatch(/CT slice with Rescale Intercept but without Rescale Slope/);
  });

  it('reads a CT without slope and intercept as stored values (identity), with a warning', () => {
    const dir = temp();
    const files = writeSmallCt(dir);
    const before = readSeries(dir);
    for (const file of files) {
      rewriteDicom(file, (dict) => {
        delete dict['00281053'];
        delete dict['00281052'];
      });
    }
    const after = readSeries(dir);
    // The writer stores HU + 1024 (intercept -1024): the identity gives exactly 1024 more.
    after.volume.data.forEach((v, n) => expect(v).toBe((before.volume.data[n] ?? NaN) + 1024));
    expect(after.warnings.join(' ')).toMatch(/4 CT slice\(s\) without Rescale Slope and Intercept/);
  });
});

describe('slices of one series that disagree', () => {
  const cases: [
    string,
    (dict: Record<string, { vr: string; Value?: unknown[] }>) => void,
    RegExp,
  ][] = [
    [
      'Units',
      (d) => void (d['00541001'] = { vr: 'CS', Value: ['CNTS'] }),
      /\(0054,1001\) Units: "CNTS" here but "BQML" in /,
    ],
    [
      'Decay Correction',
      (d) => void (d['00541102'] = { vr: 'CS', Value: ['ADMIN'] }),
      /\(0054,1102\) Decay Correction: "ADMIN" here but "START" in /,
    ],
    [
      'frame of reference',
      (d) => void (d['00200052'] = { vr: 'UI', Value: ['1.2.3.4'] }),
      /\(0020,0052\) Frame of Reference UID: "1.2.3.4" here but "[0-9.]+" in /,
    ],
    [
      'Patient ID',
      (d) => void (d['00100020'] = { vr: 'LO', Value: ['OTHER'] }),
      /\(0010,0020\) Patient ID: "OTHER" here but "C01" in /,
    ],
    [
      'radionuclide half-life',
      (d) => {
        const item = (d['00540016']?.Value?.[0] ?? {}) as Record<
          string,
          { vr: string; Value: unknown[] }
        >;
        item['00181075'] = { vr: 'DS', Value: ['6586.2'] };
      },
      /\(0018,1075\) Radionuclide Half Life: "6586.2" here but "360806\.?\d*" in /,
    ],
  ];
  for (const [what, edit, problem] of cases) {
    it(`refuses a PET series whose slices disagree on ${what}, naming both files`, () => {
      const dir = temp();
      writeSmallPet(dir);
      const files = dicomFiles(dir);
      const last = files[files.length - 1] as string;
      rewriteDicom(last, edit);
      const message = refusal(() => readPet(dir));
      expect(message).toContain(`${last}: `);
      expect(message).toContain(files[0] as string);
      expect(message).toMatch(problem);
    });
  }
});

describe('files that are not images of the series', () => {
  it('lists non-DICOM files as skipped, with the reason, and reads the series', () => {
    const dir = temp();
    writeSmallPet(dir);
    writeFileSync(join(dir, 'README.txt'), 'exported by hand');
    const pet = readPet(dir);
    expect(pet.skippedFiles).toEqual([
      { path: join(dir, 'README.txt'), reason: 'not a DICOM file (no "DICM" at byte 128)' },
    ]);
    expect(pet.warnings.join(' ')).toContain(`${join(dir, 'README.txt')}: not a DICOM file`);
  });

  it('refuses a slice whose "DICM" prefix is damaged instead of dropping it', () => {
    const dir = temp();
    const file = writeSmallPet(dir)[1] as string;
    const bytes = readFileSync(file);
    bytes[129] = 0x58;
    writeFileSync(file, bytes);
    expect(refusal(() => readPet(dir))).toMatch(/"DICM" prefix at byte 128 is damaged/);
  });

  it('refuses an image without a Series Instance UID instead of dropping it', () => {
    const dir = temp();
    const file = writeSmallPet(dir)[2] as string;
    rewriteDicom(file, (dict) => {
      delete dict['0020000E'];
    });
    const message = refusal(() => readPet(dir));
    expect(message).toContain(file);
    expect(message).toMatch(/DICOM instance without a Series Instance UID/);
  });
});
