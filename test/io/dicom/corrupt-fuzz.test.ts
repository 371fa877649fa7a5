/**
 * Seeded fuzz of a small PET series from the project's writer (issue 7 item 6): 60 copies, each
 * with one file truncated or one structural byte changed, read with readPetSeries.
 *
 * What is asserted, honestly: a truncation after the 132-byte prefix always removes bytes the
 * file declares, so it must be refused with an InputError naming that file. A changed byte in an
 * element header (tag, VR, length; positions found by pydicom, an independent parser) or in the
 * "DICM" prefix must give an InputError or exactly the original voxels and geometry: such a
 * change can be harmless (an unused element renamed to another unused tag), but it must never
 * change a voxel silently. Changes inside values are left out: a changed pixel or slope digit is
 * a valid file with other values, which no reader can detect.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { readPetSeries, type LoadedPet } from '../../../src/io/dicom/read/read-pet-series.ts';
import { mulberry32 } from '../../../src/numerics/random.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import {
  ADMINISTERED_AT,
  dicomFiles,
  elementHeaders,
  writeSmallPet,
} from '../../helpers/dicom-corrupt.ts';
import { hasPydicom, warnMissing } from '../../helpers/external-tools.ts';

const root = mkdtempSync(join(tmpdir(), 'iodose-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const template = join(root, 'template');
writeSmallPet(template);
const names = dicomFiles(template).map((path) => path.slice(template.length + 1));
const read = (dir: string): LoadedPet =>
  readPetSeries(dir, { administeredAt: ADMINISTERED_AT, halfLifeH: I124.halfLifeH });
const original = read(template);
const pydicom = hasPydicom();
if (!pydicom) warnMissing('python3-pydicom', 'header byte flips of the DICOM fuzz test');

type Outcome = { kind: 'refused'; message: string } | { kind: 'read'; pet: LoadedPet };

function outcome(dir: string): Outcome {
  try {
    return { kind: 'read', pet: read(dir) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { kind: 'refused', message: error.message };
  }
}

function expectUnchanged(pet: LoadedPet): void {
  expect(pet.volume.size).toEqual(original.volume.size);
  expect(pet.volume.originLps).toEqual(original.volume.originLps);
  expect(pet.volume.spacingMm).toEqual(original.volume.spacingMm);
  expect(pet.volume.direction).toEqual(original.volume.direction);
  expect(pet.volume.data).toEqual(original.volume.data);
}

describe('fuzzed copies of a PET series', () => {
  const next = mulberry32(20240305);
  const pick = (n: number): number => Math.floor(next() * n);

  it('refuses every truncation after the prefix, naming the file (30 cases)', () => {
    for (let c = 0; c < 30; c++) {
      const dir = join(root, `cut-${c}`);
      cpSync(template, dir, { recursive: true });
      const file = join(dir, names[pick(names.length)] as string);
      const length = readFileSync(file).length;
      truncateSync(file, 132 + pick(length - 132));
      const result = outcome(dir);
      expect(result.kind, `truncated ${file}`).toBe('refused');
      if (result.kind === 'refused') expect(result.message).toContain(file);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses the middle slice cut at every byte after the prefix, naming the file', () => {
    // Exhaustive, so it does not depend on where the seeded cuts land: a cut at an element
    // boundary before (0020,000E) once made a slice look like a non-image file that was skipped.
    const dir = join(root, 'cut-every');
    cpSync(template, dir, { recursive: true });
    const name = names[Math.floor(names.length / 2)] as string;
    const file = join(dir, name);
    const bytes = readFileSync(file);
    const unnamed: number[] = [];
    for (let length = 132; length < bytes.length; length++) {
      writeFileSync(file, bytes.subarray(0, length));
      const result = outcome(dir);
      if (result.kind !== 'refused' || !result.message.includes(file)) unnamed.push(length);
    }
    expect(unnamed).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it.skipIf(!pydicom)(
    'refuses or reads unchanged every header byte flip (30 cases)',
    () => {
      const headers = new Map(
        names.map((name) => [name, elementHeaders(join(template, name))] as const),
      );
      let refused = 0;
      for (let c = 0; c < 30; c++) {
        const dir = join(root, `flip-${c}`);
        cpSync(template, dir, { recursive: true });
        const name = names[pick(names.length)] as string;
        const file = join(dir, name);
        const structural = [128, 129, 130, 131];
        for (const [start, end] of headers.get(name) ?? [])
          for (let b = start; b < end; b++) structural.push(b);
        const bytes = readFileSync(file);
        const at = structural[pick(structural.length)] as number;
        bytes[at] = (bytes[at] ?? 0) ^ (1 + pick(255));
        writeFileSync(file, bytes);
        const result = outcome(dir);
        if (result.kind === 'refused') {
          refused++;
          // The file, or the folder for series-level problems (several series, a gap).
          expect(result.message).toContain(dir);
        } else expectUnchanged(result.pet);
        rmSync(dir, { recursive: true, force: true });
      }
      // Most header changes break the file; all 30 reading unchanged would mean no flips landed.
      expect(refused).toBeGreaterThan(15);
    },
    60_000,
  );
});
