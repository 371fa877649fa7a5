/**
 * Independent checks of written DICOM: pydicom (Debian python3-pydicom, /usr/bin/python3) reads a
 * series back, and dicom3tools' dciodvfy validates files against the IODs. When a tool is
 * missing, the helpers say so (the tests then warn loudly and skip that check).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'read-series.py');

/** The JSON summary printed by read-series.py. */
export interface PydicomSeries {
  count: number;
  transferSyntax: string;
  sopClassUid: string;
  modality: string;
  rows: number;
  columns: number;
  pixelSpacing: [number, number];
  orientation: number[];
  positions: [number, number, number][];
  instanceNumbers: number[];
  sliceLocations: number[];
  slopes: number[];
  intercepts: number[];
  sopInstanceUids: string[];
  seriesInstanceUids: string[];
  frameOfReferenceUid: string;
  studyInstanceUid: string;
  patientId: string;
  patientWeight: string | null;
  sliceThickness: number;
  units: string | null;
  decayCorrection: string | null;
  decayFactor: string | null;
  seriesDateTime: string;
  acquisitionDateTime: string;
  manufacturerModelName: string | null;
  reconstructionMethod: string | null;
  convolutionKernel: string | null;
  radionuclideHalfLifeS: number | null;
  radionuclideTotalDoseBq: number | null;
  radiopharmaceuticalStartDateTime: string | null;
  radionuclideCode: string | null;
  /** Rescaled values, slices sorted along the normal, i fastest. */
  values: Float32Array;
}

/** True when /usr/bin/python3 can import pydicom. */
export function hasPydicom(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import pydicom, numpy'], { stdio: 'ignore' }).status === 0;
}

/** True when /usr/bin/python3 can import numpy and scipy (Debian python3-scipy). */
export function hasScipy(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import numpy, scipy.signal'], { stdio: 'ignore' }).status === 0;
}

/** True when dciodvfy is on the PATH. */
export function hasDciodvfy(): boolean {
  return spawnSync('dciodvfy', ['-h'], { stdio: 'ignore' }).error === undefined;
}

/** A series folder read by pydicom (see read-series.py). */
export function readWithPydicom(folder: string): PydicomSeries {
  const scratch = mkdtempSync(join(tmpdir(), 'iodose-pydicom-'));
  try {
    const raw = join(scratch, 'values.f32');
    const out = execFileSync(PYTHON, [SCRIPT, folder, raw], { maxBuffer: 64 * 1024 * 1024 });
    const summary = JSON.parse(out.toString('utf8')) as Omit<PydicomSeries, 'values'>;
    const bytes = readFileSync(raw);
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
    return { ...summary, values };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** dciodvfy's error and warning lines for one file. */
export function dciodvfy(file: string): { errors: string[]; warnings: string[] } {
  const run = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  const lines = `${run.stdout}\n${run.stderr}`.split('\n');
  return {
    errors: lines.filter((line) => line.startsWith('Error')),
    warnings: lines.filter((line) => line.startsWith('Warning')),
  };
}

/** Warns loudly that a check is skipped because `tool` is missing. */
export function warnMissing(tool: string, check: string): void {
  console.warn(
    `\n*** SKIPPED: ${check}: ${tool} is not installed (apt-get install -y ${tool}) ***\n`,
  );
}

/**
 * LPS of voxel indices and voxel indices of LPS points for a DICOM series folder, from pydicom and
 * numpy (dicom-affine.py: the affine of Image Position/Orientation (Patient) and Pixel Spacing).
 */
export function pydicomAffine(
  folder: string,
  query: { ijk?: number[][]; lps?: number[][] },
): { lps: [number, number, number][]; ijk: [number, number, number][] } {
  const script = join(import.meta.dirname, 'dicom-affine.py');
  const out = execFileSync(PYTHON, [script, folder], { input: JSON.stringify(query) });
  return JSON.parse(out.toString('utf8')) as {
    lps: [number, number, number][];
    ijk: [number, number, number][];
  };
}

/** True when /usr/bin/python3 runs with zlib (png-decode.py needs only the standard library). */
export function hasPython(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import zlib'], { stdio: 'ignore' }).status === 0;
}

/** A PNG decoded by the independent reader png-decode.py: header, chunk types, RGB bytes. */
export function decodePngWithPython(png: Uint8Array): {
  width: number;
  height: number;
  chunks: string[];
  rgb: Buffer;
} {
  const scratch = mkdtempSync(join(tmpdir(), 'iodose-png-decode-'));
  try {
    const pngPath = join(scratch, 'in.png');
    const rgbPath = join(scratch, 'out.rgb');
    writeFileSync(pngPath, png);
    const script = join(import.meta.dirname, 'png-decode.py');
    const out = execFileSync(PYTHON, [script, pngPath, rgbPath]).toString('utf8');
    const summary = JSON.parse(out) as { width: number; height: number; chunks: string[] };
    return { ...summary, rgb: readFileSync(rgbPath) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** True when `tool` runs (`tool --version`), for tests that need a system command. */
export function hasCommand(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;
}
