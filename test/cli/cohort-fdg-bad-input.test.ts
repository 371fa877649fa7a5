// Bad FDG input of `iodose cohort` ends with exit status 2 and one line naming the file and the
// field: no liverLps, an FDG timepoint not in the cohort, the injected dose missing from the PET
// header ((0018,1074)), and patient height neither in the manifest nor in the header.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeManifest } from '../helpers/cli.ts';
import { L1_CENTER, P1, fdgEntry, p1Scan, writePet } from '../cohort/fdg-cohort-fixture.ts';

function cohort(fdg: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    'iodose-cohort': 1,
    name: 'T',
    timepoints: ['wk0', 'wk6'],
    patients: [{ id: 'P1', studies: {}, fdg, ...extra }],
  };
}

async function failWith(dir: string, content: unknown): Promise<string> {
  const path = writeManifest(dir, content, 'cohort.yaml');
  const result = await runCli(['cohort', path, '--out', join(dir, 'out')]);
  expect(result.status).toBe(2);
  expect(result.err).toHaveLength(1);
  return (result.err[0] ?? '').split(dir).join('DIR');
}

/** Blanks the value of (0018,1074) Radionuclide Total Dose (explicit VR LE "DS") in every file. */
function blankTotalDose(folder: string): void {
  const tag = Buffer.from([0x18, 0x00, 0x74, 0x10, 0x44, 0x53]);
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const bytes = readFileSync(path);
    const at = bytes.indexOf(tag);
    expect(at).toBeGreaterThan(0);
    const length = bytes.readUInt16LE(at + 6);
    bytes.fill(0x20, at + 8, at + 8 + length);
    writeFileSync(path, bytes);
  }
}

describe('bad FDG cohort input gives one clear line', () => {
  it('a scan without liverLps names the field', async () => {
    const dir = tempDir('iodose-fdg-bad-');
    const entry = { pet: './pet', lesions: { L1: [...L1_CENTER] } };
    const line = await failWith(dir, cohort({ wk0: entry }));
    expect(line).toContain('DIR/cohort.yaml: patients[0].fdg.wk0.liverLps');
  });

  it('an fdg timepoint that is not a cohort timepoint', async () => {
    const dir = tempDir('iodose-fdg-bad-');
    const line = await failWith(dir, cohort({ wk8: fdgEntry('./pet', { L1: L1_CENTER }) }));
    expect(line).toContain('patients[0].fdg.wk8: unknown timepoint "wk8"');
  });

  it('a PET without the injected dose names (0018,1074)', async () => {
    const dir = tempDir('iodose-fdg-bad-');
    const pet = writePet(dir, 'pet', p1Scan('wk0'), P1);
    blankTotalDose(join(dir, 'pet'));
    const line = await failWith(dir, cohort({ wk0: fdgEntry(pet, { L1: L1_CENTER }) }));
    expect(line).toContain('DIR/pet: (0018,1074) Radionuclide Total Dose');
    expect(line).toContain('injected FDG activity is missing');
  });

  it('no height in the manifest nor in the header names heightCm and (0010,1020)', async () => {
    const dir = tempDir('iodose-fdg-bad-');
    const pet = writePet(dir, 'pet', p1Scan('wk0'), P1, ['heightCm']);
    const line = await failWith(dir, cohort({ wk0: fdgEntry(pet, { L1: L1_CENTER }) }));
    expect(line).toContain('DIR/cohort.yaml: patients[0].heightCm');
    expect(line).toContain('(0010,1020) Patient Size');
  });

  it('the manifest height fills in a header without it (no error)', async () => {
    const dir = tempDir('iodose-fdg-bad-');
    const pet = writePet(dir, 'pet', p1Scan('wk0'), P1, ['heightCm']);
    const path = writeManifest(
      dir,
      cohort({ wk0: fdgEntry(pet, { L1: L1_CENTER }) }, { heightCm: 175 }),
      'cohort.yaml',
    );
    const result = await runCli(['cohort', path, '--out', join(dir, 'out')]);
    expect(result.err).toEqual([]);
    expect(result.status).toBe(0);
  });
});
