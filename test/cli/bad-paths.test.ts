// A folder where a file is expected, a file where a folder is expected, a named pipe (reading it
// would block) or a dangling link: one line naming the option or field and the path (issue 7,
// item 9). The checks run before anything is read or written.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { pathKind } from '../../src/io/manifest/path-kinds.ts';
import { runCli, writeManifest } from '../helpers/cli.ts';
import { hasCommand, warnMissing } from '../helpers/external-tools.ts';

const dir = mkdtempSync(join(tmpdir(), 'iodose-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function fresh(): string {
  n += 1;
  const folder = join(dir, `case${n}`);
  mkdirSync(folder);
  return folder;
}

async function oneLine(args: string[]): Promise<string> {
  const result = await runCli(args);
  expect(result.status).toBe(2);
  expect(result.err).toHaveLength(1);
  return result.err[0] ?? '';
}

const mkfifo = hasCommand('mkfifo');
if (!mkfifo) warnMissing('coreutils (mkfifo)', 'named-pipe path cases');

describe('path kinds', () => {
  it('file, folder, missing, dangling link, named pipe', () => {
    const folder = fresh();
    const file = join(folder, 'f.txt');
    writeFileSync(file, 'x');
    symlinkSync(join(folder, 'gone'), join(folder, 'link'));
    expect(pathKind(file)).toBe('file');
    expect(pathKind(folder)).toBe('folder');
    expect(pathKind(join(folder, 'nope'))).toBe('missing');
    expect(pathKind(join(folder, 'link'))).toBe('dangling');
    if (mkfifo) {
      execFileSync('mkfifo', [join(folder, 'pipe')]);
      expect(pathKind(join(folder, 'pipe'))).toBe('special');
    }
  });
});

describe('output paths', () => {
  it('run --out naming an existing file', async () => {
    const folder = fresh();
    const manifest = writeManifest(folder, demoManifest());
    const out = join(folder, 'taken.txt');
    writeFileSync(out, 'mine');
    const line = await oneLine(['run', manifest, '--out', out, '--no-pdf']);
    expect(line).toBe(
      `iodose: --out: ${out} is a file; expected a folder for results.json and the reports (give a new or existing folder)`,
    );
  });

  it('run --out below a file', async () => {
    const folder = fresh();
    const manifest = writeManifest(folder, demoManifest());
    writeFileSync(join(folder, 'taken.txt'), 'mine');
    const line = await oneLine(['run', manifest, '--out', join(folder, 'taken.txt', 'out')]);
    expect(line).toContain(`--out: ${join(folder, 'taken.txt')} is a file; expected a folder`);
  });

  it('calibrate --out naming an existing folder', async () => {
    const folder = fresh();
    const phantom = writeManifest(folder, { 'iodose-phantom': 1 }, 'phantom.yaml');
    const line = await oneLine(['calibrate', phantom, '--out', folder]);
    expect(line).toBe(
      `iodose: --out: ${folder} is a folder; expected the recovery file to write (FILE.json) (give a file name, e.g. DIR/recovery.json)`,
    );
  });

  it('cohort --out naming an existing file', async () => {
    const folder = fresh();
    const cohort = writeManifest(folder, { 'iodose-cohort': 1 }, 'cohort.yaml');
    const line = await oneLine(['cohort', cohort, '--out', cohort]);
    expect(line).toContain(`--out: ${cohort} is a file; expected a folder for the cohort outputs`);
  });
});

describe('input paths', () => {
  it('the manifest path is a folder', async () => {
    const folder = fresh();
    const line = await oneLine(['run', folder, '--out', join(folder, 'out')]);
    expect(line).toBe(
      `iodose: ${folder}: is a folder, expected a manifest file (give the path of a YAML or JSON manifest)`,
    );
  });

  it('the manifest path is a named pipe (it would block)', async () => {
    if (!mkfifo) return;
    const folder = fresh();
    const pipe = join(folder, 'manifest.yaml');
    execFileSync('mkfifo', [pipe]);
    const line = await oneLine(['run', pipe, '--out', join(folder, 'out')]);
    expect(line).toContain(`${pipe}: is a named pipe, socket or device; expected a manifest file`);
  });

  it('recovery: names a folder', async () => {
    const folder = fresh();
    mkdirSync(join(folder, 'rc'));
    const manifest = writeManifest(folder, { ...demoManifest(), recovery: './rc' });
    const line = await oneLine(['run', manifest, '--out', join(folder, 'out'), '--no-pdf']);
    expect(line).toContain(`${manifest}: recovery: ${join(folder, 'rc')}: is a folder`);
  });

  it('scans[].pet names a file, scans[].ct a missing folder', async () => {
    const folder = fresh();
    writeFileSync(join(folder, 'pet.dcm'), 'not dicom');
    mkdirSync(join(folder, 'pet'));
    const scans = (pet: string, ct: string) => [{ id: 'a', pet, ct }];
    const first = writeManifest(folder, { ...demoManifest(), scans: scans('./pet.dcm', './ct') });
    const line = await oneLine(['run', first, '--out', join(folder, 'out'), '--no-pdf']);
    expect(line).toBe(
      `iodose: ${first}: scans[0].pet: ${join(folder, 'pet.dcm')} is a file; expected the folder of the PET DICOM series (give the folder that holds the files, not one file)`,
    );
    const second = writeManifest(
      folder,
      { ...demoManifest(), scans: scans('./pet', './ct') },
      'b.yaml',
    );
    const line2 = await oneLine(['run', second, '--out', join(folder, 'out'), '--no-pdf']);
    expect(line2).toContain(`${second}: scans[0].ct: ${join(folder, 'ct')} not found;`);
  });

  it('a PET folder without DICOM names the scan field and the folder', async () => {
    const folder = fresh();
    mkdirSync(join(folder, 'pet'));
    writeFileSync(join(folder, 'pet', 'notes.txt'), 'not dicom');
    const manifest = writeManifest(folder, {
      ...demoManifest(),
      scans: [{ id: 'a', pet: './pet' }],
    });
    const line = await oneLine(['run', manifest, '--out', join(folder, 'out'), '--no-pdf']);
    expect(line).toContain(
      `${manifest}: scans[0].pet: ${join(folder, 'pet')}: no DICOM image files found`,
    );
  });

  it('a CT mask path that is a folder', async () => {
    const folder = fresh();
    mkdirSync(join(folder, 'mask'));
    const manifest = demoManifest();
    const lesions = manifest.lesions.map((lesion, i) =>
      i === 1 ? { ...lesion, ctMasks: [{ path: './mask' }] } : lesion,
    );
    const path = writeManifest(folder, { ...manifest, lesions });
    const line = await oneLine(['run', path, '--out', join(folder, 'out'), '--no-pdf']);
    expect(line).toContain(
      `${path}: lesions[1].ctMasks[0].path: ${join(folder, 'mask')} is a folder; expected a mask file`,
    );
  });

  it('the phantom pet names a file', async () => {
    const folder = fresh();
    writeFileSync(join(folder, 'pet'), 'x');
    const phantom = writeManifest(
      folder,
      {
        'iodose-phantom': 1,
        nuclide: 'I-124',
        pet: './pet',
        referenceAt: '2024-03-01T10:00:00',
        sphereConcBqPerMl: 16000,
        backgroundConcBqPerMl: 2000,
        spheres: [10, 13, 17].map((d, i) => ({ diameterMm: d, centerLps: [10 * i, 0, 0] })),
      },
      'phantom.yaml',
    );
    const line = await oneLine(['calibrate', phantom, '--out', join(folder, 'rc.json')]);
    expect(line).toContain(
      `${phantom}: pet: ${join(folder, 'pet')} is a file; expected the folder`,
    );
  });
});
