/**
 * What a DICOM folder can hold besides files, each refused with one line naming the path and
 * never a hang or a stack trace (issue 7 item 10): a named pipe made with mkfifo (in the folder,
 * and as the folder itself; opening one for reading would block until a writer appears), a
 * symbolic link back to the folder, a link to itself, a dangling link, and too many files.
 * A second link to a file already read is skipped with the reason, not read twice.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { listFolderFiles } from '../../../src/io/dicom/read/folder-walk.ts';
import { readSeries } from '../../../src/io/dicom/read/read-series.ts';
import { dicomFiles, writeSmallPet } from '../../helpers/dicom-corrupt.ts';
import { hasCommand, warnMissing } from '../../helpers/external-tools.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'iodose-folder-'));
  dirs.push(dir);
  return dir;
};
const hasMkfifo = hasCommand('mkfifo');
if (!hasMkfifo) warnMissing('coreutils (mkfifo)', 'named pipe in a DICOM folder');

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError, the read succeeded');
}

describe('named pipes', () => {
  it.skipIf(!hasMkfifo)('refuses a FIFO among the DICOM files without opening it', () => {
    const dir = temp();
    writeSmallPet(dir);
    const fifo = join(dir, 'zz-slice.dcm');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => readSeries(dir))).toBe(
      `${fifo}: expected a DICOM file, found a named pipe (FIFO) (remove it from the DICOM folder)`,
    );
  });

  it.skipIf(!hasMkfifo)('refuses a FIFO given as the folder', () => {
    const fifo = join(temp(), 'pet');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => readSeries(fifo))).toMatch(
      new RegExp(`^${fifo}: expected a folder of DICOM files, found a named pipe \\(FIFO\\)`),
    );
  });
});

describe('symbolic links', () => {
  it('refuses a link that points back to an enclosing folder (a loop)', () => {
    const dir = temp();
    writeSmallPet(join(dir, 'pet'));
    symlinkSync(dir, join(dir, 'pet', 'back'));
    const message = refusal(() => readSeries(dir));
    expect(message).toContain(join(dir, 'pet', 'back'));
    expect(message).toMatch(/symbolic link loop/);
  });

  it('refuses a link to itself', () => {
    const dir = temp();
    writeSmallPet(dir);
    symlinkSync('self', join(dir, 'self'));
    expect(refusal(() => readSeries(dir))).toMatch(
      new RegExp(`${join(dir, 'self')}: symbolic link loop: the link resolves to itself`),
    );
  });

  it('refuses a dangling link, naming it', () => {
    const dir = temp();
    writeSmallPet(dir);
    symlinkSync(join(dir, 'gone.dcm'), join(dir, 'slice-link.dcm'));
    expect(refusal(() => readSeries(dir))).toBe(
      `${join(dir, 'slice-link.dcm')}: dangling symbolic link: its target does not exist (remove the link or restore its target)`,
    );
  });

  it('reads a file reached twice once, and lists the second path as skipped', () => {
    const dir = temp();
    writeSmallPet(join(dir, 'a'));
    const first = dicomFiles(join(dir, 'a'))[0] as string;
    symlinkSync(first, join(dir, 'b-link.dcm'));
    const series = readSeries(dir);
    expect(series.volume.size[2]).toBe(4);
    expect(series.skippedFiles).toEqual([
      { path: join(dir, 'b-link.dcm'), reason: `the same as ${first} (symbolic link), read once` },
    ]);
  });
});

describe('folder size', () => {
  it('refuses a folder with more files than the limit, naming the folder', () => {
    const dir = temp();
    mkdirSync(join(dir, 'sub'));
    for (let n = 0; n < 6; n++) writeFileSync(join(dir, 'sub', `f${n}`), '');
    expect(listFolderFiles(dir, 6).files).toHaveLength(6);
    expect(refusal(() => listFolderFiles(dir, 5))).toBe(
      `${dir}: more than 5 files under the folder: not one series folder (point the manifest at the folder of the one PET or CT series)`,
    );
  });
});
